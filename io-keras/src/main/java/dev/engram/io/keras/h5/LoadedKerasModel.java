package dev.engram.io.keras.h5;

import dev.engram.io.keras.KerasDialect;
import dev.engram.models.Sequential;

/**
 * A model read from a Keras file, with what the file said about itself.
 *
 * @param model        the model with the file's weights (compiled if {@code compile.compiled()})
 * @param dialect      the dialect the file was read as (from {@code keras_version})
 * @param kerasVersion the file's {@code keras_version}, or null if it has none
 * @param compile      what was done with the training configuration
 */
public record LoadedKerasModel(Sequential model, KerasDialect dialect, String kerasVersion, CompileStatus compile) {
}
