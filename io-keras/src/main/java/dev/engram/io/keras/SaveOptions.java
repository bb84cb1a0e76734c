package dev.engram.io.keras;

import java.util.Objects;

/**
 * How {@link KerasModels#save(dev.engram.models.Network, java.nio.file.Path, KerasFormat, SaveOptions)}
 * writes a model, one set of options for every format; each field says which formats read it.
 *
 * <p>The defaults keep everything the format can hold: the loss and optimizer of a compiled model
 * (Keras {@code training_config}/{@code compile_config}, TF.js {@code trainingConfig}), with its
 * learning-rate schedule and gradient clipping where the format has them. What a format cannot hold
 * exactly is refused with the reason, never dropped or approximated; the refusal names the option
 * that saves without it ({@link #withoutTrainingConfig()}).
 *
 * @param includeTrainingConfig all formats: write the loss and optimizer of a compiled model, so it
 *                              reloads compiled (default true)
 * @param includeOptimizerState all formats: also write the optimizer's state (slots and iteration
 *                              count) so training resumes where it stopped: TF.js
 *                              {@code includeOptimizer}, the tf-keras 2 {@code optimizer_weights}
 *                              group of a KERAS_2 h5 file, the Keras 3 optimizer variables of a
 *                              {@code .keras} file; requires a compiled model (default false, as in
 *                              TF.js; {@code KerasCheckpointSaver} turns it on). An optimizer whose
 *                              state has no exact form in the format is refused with a message
 *                              naming {@code withOptimizerState(false)}
 * @param h5Dialect             H5: {@link KerasDialect#KERAS_2} (tf.keras 2 layout, loads in tf-keras
 *                              and Keras 3; the default) or {@link KerasDialect#KERAS_3}; see
 *                              {@link KerasH5Options}
 * @param tfjsShardBytes        TF.js: 0 for one {@code weights.bin} (default), otherwise weight shards
 *                              of at most this many bytes
 */
public record SaveOptions(boolean includeTrainingConfig, boolean includeOptimizerState, KerasDialect h5Dialect,
        long tfjsShardBytes) {

    /**
     * Validates the dialect and the shard size.
     *
     * @param includeTrainingConfig see the record
     * @param includeOptimizerState see the record
     * @param h5Dialect             see the record
     * @param tfjsShardBytes        see the record
     * @throws IllegalArgumentException for a dialect other than KERAS_2/KERAS_3 or a negative shard size
     */
    public SaveOptions {
        Objects.requireNonNull(h5Dialect, "h5Dialect");
        if (h5Dialect != KerasDialect.KERAS_2 && h5Dialect != KerasDialect.KERAS_3) {
            throw new IllegalArgumentException("h5 files can be written as KERAS_2 or KERAS_3, not " + h5Dialect);
        }
        if (tfjsShardBytes < 0) {
            throw new IllegalArgumentException("tfjsShardBytes must be >= 0, got " + tfjsShardBytes);
        }
    }

    /**
     * Training config included, no optimizer state, tf.keras 2 h5 dialect, one TF.js weights file.
     *
     * @return the default options
     */
    public static SaveOptions defaults() {
        return new SaveOptions(true, false, KerasDialect.KERAS_2, 0);
    }

    /**
     * The same options without the training config: the file holds topology and weights only and
     * loads uncompiled. The way out of a refusal to save a loss, optimizer, schedule or clipping the
     * format cannot express.
     *
     * @return the changed options
     */
    public SaveOptions withoutTrainingConfig() {
        return new SaveOptions(false, false, h5Dialect, tfjsShardBytes);
    }

    /**
     * With or without the optimizer state (it implies the training config).
     *
     * @param include true to write the optimizer state
     * @return the changed options
     */
    public SaveOptions withOptimizerState(boolean include) {
        return new SaveOptions(includeTrainingConfig || include, include, h5Dialect, tfjsShardBytes);
    }

    /**
     * With the h5 dialect {@code dialect}.
     *
     * @param dialect {@link KerasDialect#KERAS_2} or {@link KerasDialect#KERAS_3}
     * @return the changed options
     */
    public SaveOptions withH5Dialect(KerasDialect dialect) {
        return new SaveOptions(includeTrainingConfig, includeOptimizerState, dialect, tfjsShardBytes);
    }

    /**
     * With TF.js weight shards of at most {@code bytes} bytes (0: one file; TF.js's converter uses
     * {@link TfjsWriteOptions#CONVERTER_SHARD_BYTES}).
     *
     * @param bytes the largest shard, 0 for one file
     * @return the changed options
     */
    public SaveOptions withTfjsShardBytes(long bytes) {
        return new SaveOptions(includeTrainingConfig, includeOptimizerState, h5Dialect, bytes);
    }

    /**
     * These options as {@link dev.engram.io.keras.h5.KerasH5Writer}'s.
     *
     * @return the h5 writer options
     */
    public KerasH5Options h5Options() {
        KerasH5Options o = h5Dialect == KerasDialect.KERAS_3 ? KerasH5Options.keras3() : KerasH5Options.defaults();
        return (includeTrainingConfig ? o : o.withoutTrainingConfig()).withOptimizerState(includeOptimizerState);
    }

    /**
     * These options as {@link dev.engram.io.keras.tfjs.TfjsModelWriter}'s.
     *
     * @return the TF.js writer options
     */
    public TfjsWriteOptions tfjsOptions() {
        return TfjsWriteOptions.defaults().withShardBytes(tfjsShardBytes).withIncludeOptimizer(includeOptimizerState)
                .withIncludeTrainingConfig(includeTrainingConfig);
    }
}
