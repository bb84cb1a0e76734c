/**
 * Keras HDF5 files: full models ({@code model.save("m.h5")}, Keras 1.x to 3.x legacy h5) and
 * weights-only files ({@code save_weights}), read with jhdf as untrusted input and written with
 * jhdf's writer ({@link dev.engram.io.keras.h5.KerasH5Reader}, {@link dev.engram.io.keras.h5.KerasH5Writer}).
 * This package only knows the legacy weight-group layout; topology, HDF5 access, training configs
 * and weight matching come from the {@code topology}, {@code hdf5}, {@code training} and
 * {@code internal} packages. Not exported: {@link dev.engram.io.keras.KerasModels} is the API.
 */
package dev.engram.io.keras.h5;
