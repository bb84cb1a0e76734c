/**
 * Keras-family model files (TensorFlow.js layers format, Keras HDF5, Keras 3 {@code .keras}) to and
 * from engine models. This package holds what every format shares: the entry point
 * {@link dev.engram.io.keras.KerasModels}, the dialect facts ({@link dev.engram.io.keras.KerasDialect}),
 * topology mapping ({@link dev.engram.io.keras.KerasTopology}), name tables for activations and
 * initializers, strict weight assignment ({@link dev.engram.io.keras.WeightAssignment}) and the
 * error types. Format-specific code lives in the subpackages {@code tfjs}, {@code h5} and
 * {@code kerasv3}. Outside-world strings ({@code "hard_sigmoid"}, {@code "VarianceScaling"}) appear
 * only in this module.
 */
package dev.engram.io.keras;
