package dev.engram.io.keras.tfjs;

import java.util.Map;

/**
 * TF.js weight names: {@code <layer>/<param>} with Keras parameter names. The engine calls the
 * recurrent kernel {@code recurrentKernel}; TF.js and Keras {@code recurrent_kernel}.
 */
final class TfjsNames {
    private static final Map<String, String> ENGINE_TO_FILE = Map.ofEntries(
            Map.entry("kernel", "kernel"), Map.entry("recurrentKernel", "recurrent_kernel"), Map.entry("bias", "bias"),
            Map.entry("embeddings", "embeddings"), Map.entry("gamma", "gamma"), Map.entry("beta", "beta"),
            Map.entry("movingMean", "moving_mean"), Map.entry("movingVariance", "moving_variance"),
            Map.entry("alpha", "alpha"), Map.entry("depthwiseKernel", "depthwise_kernel"),
            Map.entry("pointwiseKernel", "pointwise_kernel"));

    private TfjsNames() {
    }

    /** The file's parameter name for an engine parameter name. */
    static String fileParam(String engineParam) {
        String s = ENGINE_TO_FILE.get(engineParam);
        if (s == null) {
            throw new IllegalArgumentException("no TF.js name for parameter '" + engineParam + "'");
        }
        return s;
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
