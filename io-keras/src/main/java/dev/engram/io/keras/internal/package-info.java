/**
 * What every Keras-family format shares below the layer codecs: JSON values that know their file
 * and JSON pointer ({@link dev.engram.io.keras.internal.ConfigNode}), the name tables of
 * activations, initializers, regularizers and constraints, strict two-sided weight assignment
 * ({@link dev.engram.io.keras.internal.WeightAssignment}), load guards and parameter budgets. Not
 * part of the public API; not exported.
 */
package dev.engram.io.keras.internal;
