/**
 * The Keras-family formats as {@link dev.engram.io.ModelFile} services: TF.js
 * ({@link dev.engram.io.keras.provider.TfjsModelFile}), Keras HDF5
 * ({@link dev.engram.io.keras.provider.KerasH5File}) and Keras 3 {@code .keras}
 * ({@link dev.engram.io.keras.provider.KerasArchiveFile}). Not exported: applications reach them
 * through {@link dev.engram.io.ModelFiles}; they call only the public readers and writers of this
 * module.
 */
package dev.engram.io.keras.provider;
