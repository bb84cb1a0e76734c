package dev.engram.io.keras.tfjs;

import dev.engram.tensor.Tensor;

/**
 * One decoded weight of a TF.js manifest.
 *
 * @param name     the manifest name, e.g. {@code lstm_LSTM1/kernel} or {@code iter}
 * @param group    the manifest {@code group} ({@code "optimizer"} for optimizer state), or null
 * @param value    the values as float32 (dequantised if the file stored them quantised)
 * @param exactInt for int32 scalars (the optimizer's {@code iter}), the exact value; else 0
 * @param dtype    the manifest dtype ({@code float32}, {@code int32}, {@code bool})
 * @param pointer  the JSON pointer of the manifest entry, for messages
 */
record TfjsWeight(String name, String group, Tensor value, long exactInt, String dtype, String pointer) {
    /** True for weights of group "optimizer". */
    boolean isOptimizer() {
        return "optimizer".equals(group);
    }
}
