/**
 * The TensorFlow.js layers format: {@code model.json} + binary weight shards
 * ({@link dev.engram.io.keras.tfjs.TfjsModelReader}, {@link dev.engram.io.keras.tfjs.TfjsModelWriter}).
 * Format facts: DESIGN.md section 5 and shared/fixtures/README.md section 2. Not exported:
 * {@link dev.engram.io.keras.KerasModels} is the API.
 */
package dev.engram.io.keras.tfjs;
