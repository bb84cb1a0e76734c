package dev.engram.io.keras;

import dev.engram.models.Network;
import dev.engram.models.Sequential;

/**
 * A model read from a Keras file, with what the file said about itself.
 *
 * @param model        the model with the file's weights (compiled if {@code compile.compiled()})
 * @param dialect      the dialect the file was read as (from {@code keras_version})
 * @param kerasVersion the file's {@code keras_version}, or null if it has none
 * @param compile      what was done with the training configuration
 */
public record LoadedKerasModel(Network model, KerasDialect dialect, String kerasVersion, CompileStatus compile) {

    /**
     * The model as a {@link Sequential}; {@link IllegalStateException} if the file held a functional model.
     *
     * @return the model
     */
    public Sequential sequential() {
        if (model instanceof Sequential s) {
            return s;
        }
        throw new IllegalStateException("the file holds functional model '" + model.name() + "', not a Sequential");
    }
}
