package dev.engram.io.keras;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.activations.HardSigmoid;
import dev.engram.initializers.Distribution;

/**
 * Which writer of Keras-style configs a file comes from (or a writer targets). The same names mean
 * different things by origin (DESIGN.md section 4), so every name mapping takes a dialect.
 *
 * <table>
 *   <caption>Facts per dialect</caption>
 *   <tr><th></th><th>TFJS</th><th>KERAS_1</th><th>KERAS_2</th><th>KERAS_3</th></tr>
 *   <tr><td>{@code hard_sigmoid}</td><td>0.2x+0.5</td><td>0.2x+0.5</td><td>0.2x+0.5</td><td>x/6+0.5</td></tr>
 *   <tr><td>default LSTM recurrent activation</td><td>hard_sigmoid</td><td>hard_sigmoid</td>
 *       <td>sigmoid (2.3+; 2.0-2.2 files always store the key)</td><td>sigmoid</td></tr>
 *   <tr><td>VarianceScaling {@code "normal"}</td><td>truncated, uncorrected</td><td>(no such class)</td>
 *       <td>truncated, corrected</td><td>truncated, corrected</td></tr>
 *   <tr><td>masked GlobalAveragePooling1D</td><td>plain mean</td><td>masked mean</td><td>masked mean</td>
 *       <td>masked mean</td></tr>
 *   <tr><td>masked Bidirectional sequence</td><td>previous output</td><td>zeros</td><td>zeros</td><td>zeros</td></tr>
 *   <tr><td>Sequential config</td><td>{name, layers}</td><td>list</td><td>list (2.0-2.2) or {name, layers}</td>
 *       <td>{name, layers, build_input_shape}, InputLayer batch_shape</td></tr>
 * </table>
 */
public enum KerasDialect {
    /** TensorFlow.js tfjs-layers ({@code keras_version} "tfjs-layers 4.22.0"). */
    TFJS,
    /** Keras 1.x: list configs, {@code output_dim}/{@code inner_activation}, 12 separate LSTM arrays. */
    KERAS_1,
    /** Keras 2.x and tf.keras 2 (including "2.2.4-tf"). */
    KERAS_2,
    /** Keras 3.x. */
    KERAS_3;

    /**
     * The dialect of a file's {@code keras_version} string: "tfjs-layers x" -> TFJS, "1.x" -> KERAS_1,
     * "2.x" (also "2.2.4-tf") -> KERAS_2, "3.x" -> KERAS_3.
     *
     * @param kerasVersion a file's {@code keras_version} (null when absent)
     * @return the dialect that version writes
     * @throws IllegalArgumentException for null or an unrecognised version (callers wrap it in a
     *                                  {@link ModelFormatException} with the location)
     */
    public static KerasDialect fromKerasVersion(String kerasVersion) {
        if (kerasVersion == null) {
            throw new IllegalArgumentException("no keras_version");
        }
        String v = kerasVersion.trim();
        if (v.startsWith("tfjs-layers")) {
            return TFJS;
        }
        int dot = v.indexOf('.');
        String major = dot < 0 ? v : v.substring(0, dot);
        return switch (major) {
            case "1" -> KERAS_1;
            case "2" -> KERAS_2;
            case "3" -> KERAS_3;
            default -> throw new IllegalArgumentException("unrecognised keras_version \"" + kerasVersion
                    + "\" (expected \"tfjs-layers x.y.z\", \"1.x\", \"2.x\" or \"3.x\")");
        };
    }

    /**
     * What {@code "hard_sigmoid"} means in this dialect: slope 0.2 (TF.js, Keras 1/2) or 1/6 (Keras 3).
     *
     * @return the function
     */
    public HardSigmoid hardSigmoid() {
        // Keras parity: Keras 3 redefined hard_sigmoid as relu6(x + 3) / 6.
        return this == KERAS_3 ? Activations.hardSigmoid(1.0 / 6, 0.5) : Activations.hardSigmoid(0.2, 0.5);
    }

    /**
     * The LSTM/GRU recurrent activation used when a file omits the key.
     *
     * @return the activation
     */
    public Activation defaultRecurrentActivation() {
        return this == TFJS || this == KERAS_1 ? hardSigmoid() : Activations.sigmoid();
    }

    /**
     * What VarianceScaling's {@code distribution: "normal"} draws from in this dialect.
     *
     * @return the distribution
     */
    public Distribution varianceScalingNormal() {
        // TF.js parity: tfjs VarianceScaling "normal" is a truncated normal without the 0.8796 correction.
        return this == TFJS ? Distribution.TRUNCATED_NORMAL_UNCORRECTED : Distribution.TRUNCATED_NORMAL;
    }

    /**
     * What {@code GlobalAveragePooling1D}/{@code GlobalMaxPooling1D} do with a time-step mask in this
     * dialect, as {@link dev.engram.layers.GlobalPooling1DConfig#useMask()}: TF.js 4.22 ignores it in
     * both (supportsMasking false; its executor drops the mask); Keras 2 and 3 take the masked mean and
     * drop the mask at max pooling (checked with tf-keras 2.18 and Keras 3.10).
     *
     * @param mode average or max pooling
     * @return true when the pooling honours the mask in this dialect
     */
    public boolean poolingUsesMask(dev.engram.layers.PoolingMode mode) {
        return this != TFJS && mode == dev.engram.layers.PoolingMode.AVERAGE;
    }

    /**
     * Whether a {@code Bidirectional} returning sequences outputs zeros at masked steps, as
     * {@link dev.engram.layers.BidirectionalConfig#zeroMaskedSteps()}: Keras 2 and 3 force
     * {@code zero_output_for_mask} on both directions there; TF.js repeats the previous output.
     *
     * @return true for Keras 2 and 3, false for TF.js
     */
    public boolean bidirectionalZeroesMaskedSteps() {
        return this != TFJS;
    }

    /**
     * True for Keras 3, whose configs carry {@code module}/{@code registered_name} and DTypePolicy objects.
     *
     * @return whether this is {@link #KERAS_3}
     */
    public boolean isKeras3() {
        return this == KERAS_3;
    }
}
