/**
 * HDF5 access for the Keras formats: bounded, untrusted reading ({@link dev.engram.io.keras.hdf5.H5Input}),
 * atomic writing ({@link dev.engram.io.keras.hdf5.H5Output}), compression filters, and the weight
 * layouts that live in HDF5 files: Keras 3's {@code layers/<class>/vars/N}
 * ({@link dev.engram.io.keras.hdf5.KerasV3Weights}) and the dataset names Keras gives weights
 * ({@link dev.engram.io.keras.hdf5.KerasWeightNames}). Used by both the h5 and the .keras formats. Not exported.
 */
package dev.engram.io.keras.hdf5;
