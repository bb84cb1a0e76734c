package dev.engram.io.keras.internal;

import dev.engram.io.keras.ModelFormatException;
import dev.engram.models.Network;
import dev.engram.models.Sequential;

/**
 * The readers' check that a file asked for as a {@link Sequential} holds one. (Compile state, loss
 * and optimizer are {@link Network}'s own.)
 */
public final class Networks {
    private Networks() {
    }

    /**
     * The model as a {@link Sequential}, or an error naming what it is.
     *
     * @param m the model read or to be written
     * @param file the file named in the error
     * @return {@code m} as a Sequential
     * @throws ModelFormatException when {@code m} is not a Sequential (e.g. a caller asked for one and the file
     *                              holds a functional model)
     */
    public static Sequential requireSequential(Network m, String file) throws ModelFormatException {
        if (m instanceof Sequential s) {
            return s;
        }
        throw new ModelFormatException(file, "", "the file holds a functional model '" + m.name() + "' with "
                + m.layers().size() + " layers (" + m.inputShapes().size() + " input(s), " + m.outputShapes().size()
                + " output(s)), not a Sequential; load it as a Network (KerasModels.load)");
    }
}
