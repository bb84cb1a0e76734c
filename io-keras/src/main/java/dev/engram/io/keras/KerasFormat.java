package dev.engram.io.keras;

/** The file formats {@link KerasModels#save} can write. */
public enum KerasFormat {
    /** TensorFlow.js layers model: a directory with {@code model.json} and {@code weights.bin} (or shards). */
    TFJS,
    /** Keras HDF5 full model ({@code model.save("m.h5")}). */
    H5,
    /** Keras 3 {@code .keras} zip. */
    KERAS
}
