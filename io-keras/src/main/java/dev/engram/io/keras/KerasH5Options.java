package dev.engram.io.keras;

import dev.engram.io.keras.h5.KerasH5Writer;
import dev.engram.io.keras.training.KerasOptimizerState;
import java.util.Objects;

/**
 * How {@link KerasH5Writer} writes a file.
 *
 * <p>Default: {@link KerasDialect#KERAS_2} (tf.keras 2 layout: {@code keras_version} "2.18.0",
 * weight names {@code lstm/lstm_cell/kernel:0}, Keras 2 layer configs). tf-keras 2.18 loads these
 * files; Keras 3.10 loads them too unless they name {@code hard_sigmoid} (see below) or a recurrent
 * layer takes an initial state (Keras 3 fails with "expects 1 input(s), but it received 3", as it
 * does on tf-keras's own such files). {@link KerasDialect#KERAS_3} writes Keras 3's legacy h5
 * layout ({@code keras_version} "3.10.0", {@code <model>/<layer>/lstm_cell/kernel} names, Keras 3
 * configs), which only Keras 3 loads (tf-keras refuses its InputLayer {@code batch_shape}).
 *
 * <p><b>hard_sigmoid</b> (verified with the peers): 0.2x+0.5 (the engine's TF.js default LSTM
 * recurrent activation) is "hard_sigmoid" in tf-keras 2, but Keras 3 reads that name as x/6+0.5. So
 * that no reader computes another function, a KERAS_2 file marks each layer naming it with a key
 * Keras 3 rejects ({@code time_major}/{@code batch_size}, see {@code Keras3Guard}): tf-keras loads
 * the file, Keras 3 refuses it. KERAS_3 and {@code .keras} refuse to write 0.2x+0.5; for Keras 3
 * consumers use a sigmoid recurrent activation, or convert explicitly with
 * {@link dev.engram.io.keras.HardSigmoidApproximation}, which reports the deviation on probe inputs.
 *
 * @param dialect               KERAS_2 or KERAS_3
 * @param kerasVersion          the {@code keras_version} attribute to write (the version whose
 *                              layout is reproduced; Keras reads it only to detect Keras 1 files)
 * @param includeTrainingConfig write {@code training_config} when the model is compiled; writing
 *                              fails if the loss or optimizer has no exact Keras equivalent
 * @param includeOptimizerState write the {@code optimizer_weights} group (iteration and slots, see
 *                              {@link KerasOptimizerState}) of a compiled model that has trained;
 *                              KERAS_2 only (Keras 3.10 cannot train after loading legacy h5 optimizer
 *                              weights, not even its own); implies the training config
 */
public record KerasH5Options(KerasDialect dialect, String kerasVersion, boolean includeTrainingConfig,
        boolean includeOptimizerState) {
    /**
     * Validates the dialect.
     *
     * @param dialect               see the record
     * @param kerasVersion          see the record
     * @param includeTrainingConfig see the record
     * @param includeOptimizerState see the record
     * @throws IllegalArgumentException for a dialect other than KERAS_2/KERAS_3
     */
    public KerasH5Options {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(kerasVersion, "kerasVersion");
        if (dialect != KerasDialect.KERAS_2 && dialect != KerasDialect.KERAS_3) {
            throw new IllegalArgumentException("h5 files can be written as KERAS_2 or KERAS_3, not " + dialect);
        }
    }

    /**
     * Options without optimizer state.
     *
     * @param dialect               see the record
     * @param kerasVersion          see the record
     * @param includeTrainingConfig see the record
     */
    public KerasH5Options(KerasDialect dialect, String kerasVersion, boolean includeTrainingConfig) {
        this(dialect, kerasVersion, includeTrainingConfig, false);
    }

    /**
     * tf.keras 2 dialect, version "2.18.0", with the training config.
     *
     * @return the options
     */
    public static KerasH5Options defaults() {
        return new KerasH5Options(KerasDialect.KERAS_2, "2.18.0", true);
    }

    /**
     * Keras 3 legacy h5, version "3.10.0", with the training config.
     *
     * @return the options
     */
    public static KerasH5Options keras3() {
        return new KerasH5Options(KerasDialect.KERAS_3, "3.10.0", true);
    }

    /**
     * The same options without {@code training_config} (the model loads uncompiled).
     *
     * @return the changed options
     */
    public KerasH5Options withoutTrainingConfig() {
        return new KerasH5Options(dialect, kerasVersion, false, false);
    }

    /**
     * The same options with or without the optimizer state (with it, the training config too).
     *
     * @param include true to write {@code optimizer_weights}
     * @return the changed options
     */
    public KerasH5Options withOptimizerState(boolean include) {
        return new KerasH5Options(dialect, kerasVersion, includeTrainingConfig || include, include);
    }
}
