package dev.engram.io.keras.tfjs;

import dev.engram.io.keras.hdf5.KerasWeightNames;

/**
 * TF.js weight names: {@code <layer>/<param>} with Keras parameter names. The engine calls the
 * recurrent kernel {@code recurrentKernel}; TF.js and Keras {@code recurrent_kernel}.
 */
final class TfjsNames {
    private TfjsNames() {
    }

    /**
     * The file's parameter name for an engine parameter name: its snake_case form, the rule every
     * built-in layer follows ({@code recurrentKernel -> recurrent_kernel}) and which keeps a custom
     * layer's own snake_case names ({@code shift_bias}) as they are.
     */
    static String fileParam(String engineParam) {
        return KerasWeightNames.snake(engineParam);
    }

    /** {@code <layer>/<param>} as TF.js names a weight. */
    static String weightName(String layer, String engineParam) {
        return layer + "/" + fileParam(engineParam);
    }

    /**
     * The layer a model weight belongs to: the part before the first {@code /}
     * ({@code lstm_LSTM1/kernel}, converter {@code lstm/lstm_cell/kernel}).
     */
    static String layerOf(String weightName) {
        int slash = weightName.indexOf('/');
        return slash < 0 ? weightName : weightName.substring(0, slash);
    }
}
