package dev.engram.io.keras.internal;

import dev.engram.tensor.Tensor;
import java.util.Objects;

/**
 * One weight as a file names it, e.g. {@code lstm_LSTM1/kernel} (TF.js), {@code lstm_1/lstm_cell/kernel:0}
 * (tf.keras h5) or {@code lstm_1_W_i} (Keras 1). {@link WeightAssignment} maps it to a parameter by
 * the name's last segment.
 *
 * @param name  the name in the file (also used in error messages)
 * @param value the value, in the file's layout
 */
public record NamedTensor(String name, Tensor value) {
    /**
     * Checks both are present.
     *
     * @param name the weight's name in the file, non-null
     * @param value the weight's value, non-null
     * @throws NullPointerException when either is null
     */
    public NamedTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
