/**
 * Keras HDF5 files: full models ({@code model.save("m.h5")}, Keras 1.x to 3.x legacy h5) and
 * weights-only files ({@code save_weights}), read with jhdf as untrusted input and written with
 * jhdf's writer. Entry points: {@link dev.engram.io.keras.h5.KerasH5Reader} and
 * {@link dev.engram.io.keras.h5.KerasH5Writer}. Layer configs and weight matching come from
 * {@code dev.engram.io.keras} ({@code KerasTopology}, {@code WeightAssignment}); this package only
 * knows the HDF5 container layout and the training config.
 */
package dev.engram.io.keras.h5;
