/**
 * Keras 3 {@code .keras} zip archives ({@link dev.engram.io.keras.kerasv3.KerasV3Archive}): the
 * {@code config.json}, {@code metadata.json} and {@code model.weights.h5} entries. The weights
 * layout inside is {@link dev.engram.io.keras.hdf5.KerasV3Weights}. Not exported:
 * {@link dev.engram.io.keras.KerasModels} is the API.
 */
package dev.engram.io.keras.kerasv3;
