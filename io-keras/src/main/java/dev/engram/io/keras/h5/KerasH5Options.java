package dev.engram.io.keras.h5;

import dev.engram.io.keras.KerasDialect;
import java.util.Objects;

/**
 * How {@link KerasH5Writer} writes a file.
 *
 * <p>Default: {@link KerasDialect#KERAS_2} (tf.keras 2 layout: {@code keras_version} "2.18.0",
 * weight names {@code lstm/lstm_cell/kernel:0}, Keras 2 layer configs). Files in this dialect are
 * accepted by both tf-keras 2.18 and Keras 3.10 {@code load_model} (checked by the interop tests),
 * which makes it the most widely loadable choice. {@link KerasDialect#KERAS_3} writes Keras 3's
 * legacy h5 layout ({@code keras_version} "3.10.0", {@code <model>/<layer>/lstm_cell/kernel}
 * names, Keras 3 configs), which only Keras 3 loads.
 *
 * <p><b>hard_sigmoid caveat</b> (verified with the peers): a KERAS_2 file whose model uses
 * {@code hard_sigmoid} = 0.2x+0.5 (the engine's TF.js default LSTM recurrent activation) loads
 * correctly in tf-keras 2, but Keras 3's legacy h5 loader reads the name with its own meaning
 * x/6+0.5 and predicts different numbers, silently. Keras 3 has no name for 0.2x+0.5, so for Keras 3
 * consumers use a sigmoid recurrent activation, or write KERAS_3 (which refuses the 0.2 form).
 *
 * @param dialect               KERAS_2 or KERAS_3
 * @param kerasVersion          the {@code keras_version} attribute to write (the version whose
 *                              layout is reproduced; Keras reads it only to detect Keras 1 files)
 * @param includeTrainingConfig write {@code training_config} when the model is compiled; writing
 *                              fails if the loss or optimizer has no exact Keras equivalent
 */
public record KerasH5Options(KerasDialect dialect, String kerasVersion, boolean includeTrainingConfig) {
    /**
     * Validates the dialect.
     *
     * @param dialect               see the record
     * @param kerasVersion          see the record
     * @param includeTrainingConfig see the record
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
        return new KerasH5Options(dialect, kerasVersion, false);
    }
}
