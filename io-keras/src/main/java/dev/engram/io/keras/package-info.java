/**
 * Keras-family model files (TensorFlow.js layers format, Keras HDF5, Keras 3 {@code .keras}) to and
 * from engine models: the public API of this module and its only exported package. The entry point
 * is {@link dev.engram.io.keras.KerasModels} (load by content, save by {@link dev.engram.io.keras.KerasFormat});
 * with it come the options ({@link dev.engram.io.keras.SaveOptions},
 * {@link dev.engram.io.keras.KerasH5Options}, {@link dev.engram.io.keras.TfjsWriteOptions}), the
 * dialect facts ({@link dev.engram.io.keras.KerasDialect}), the load result with its compile status
 * ({@link dev.engram.io.keras.LoadedKerasModel}) and the error types. The sub-packages are the
 * machinery, not exported: {@code h5}, {@code kerasv3} and {@code tfjs} (one per file format),
 * {@code layers} (one codec per layer), {@code topology} (model configs), {@code hdf5} (HDF5 access
 * and weight layouts), {@code training} (training configs and optimizer state) and
 * {@code internal} (JSON nodes, name tables, weight assignment). Outside-world strings
 * ({@code "hard_sigmoid"}, {@code "VarianceScaling"}) appear only in this module.
 */
package dev.engram.io.keras;
