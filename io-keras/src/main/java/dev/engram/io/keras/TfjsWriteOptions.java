package dev.engram.io.keras;

import dev.engram.io.keras.tfjs.TfjsModelWriter;

/**
 * Options of {@link TfjsModelWriter}.
 *
 * @param shardBytes       0 to write one {@code weights.bin} (what TF.js's file save does); otherwise
 *                         split the weight bytes into {@code group1-shard<i>of<n>.bin} files of at most
 *                         this many bytes (the converter uses 4 MiB = 4194304)
 * @param includeOptimizer also write {@code trainingConfig} and the optimizer's state as weights of
 *                         group {@code "optimizer"} (TF.js {@code save(..., {includeOptimizer: true})});
 *                         requires a compiled model
 * @param generatedBy      the {@code generatedBy} value
 * @param includeTrainingConfig write {@code trainingConfig} (loss and optimizer) for a compiled
 *                         model even without its state, so the model reloads compiled
 */
public record TfjsWriteOptions(long shardBytes, boolean includeOptimizer, String generatedBy,
        boolean includeTrainingConfig) {
    /** The converter's shard size, 4 MiB. */
    public static final long CONVERTER_SHARD_BYTES = 4L * 1024 * 1024;

    /**
     * Validates the shard size.
     *
     * @param shardBytes            see the record
     * @param includeOptimizer      see the record
     * @param generatedBy           see the record
     * @param includeTrainingConfig see the record
     * @throws IllegalArgumentException for a negative shard size or an empty generatedBy
     */
    public TfjsWriteOptions {
        if (shardBytes < 0) {
            throw new IllegalArgumentException("shardBytes must be >= 0, got " + shardBytes);
        }
        if (generatedBy == null || generatedBy.isEmpty()) {
            throw new IllegalArgumentException("generatedBy must be non-empty");
        }
    }

    /**
     * Options with the training config (TF.js's own {@code save} writes it only with the optimizer).
     *
     * @param shardBytes       see the record
     * @param includeOptimizer see the record
     * @param generatedBy      see the record
     */
    public TfjsWriteOptions(long shardBytes, boolean includeOptimizer, String generatedBy) {
        this(shardBytes, includeOptimizer, generatedBy, true);
    }

    /**
     * One weights.bin, no optimizer state, the training config of a compiled model, generatedBy
     * "Engram io-keras".
     *
     * @return the default options
     */
    public static TfjsWriteOptions defaults() {
        return new TfjsWriteOptions(0, false, "Engram io-keras", true);
    }

    /**
     * With shards of at most {@code bytes} bytes (0 = one file).
     *
     * @param bytes the largest shard, 0 for one file
     * @return the changed options
     */
    public TfjsWriteOptions withShardBytes(long bytes) {
        return new TfjsWriteOptions(bytes, includeOptimizer, generatedBy, includeTrainingConfig);
    }

    /**
     * With or without the optimizer state (which brings the training config with it).
     *
     * @param include true to write the optimizer state
     * @return the changed options
     */
    public TfjsWriteOptions withIncludeOptimizer(boolean include) {
        return new TfjsWriteOptions(shardBytes, include, generatedBy, includeTrainingConfig);
    }

    /**
     * With or without the training config of a compiled model.
     *
     * @param include false to save the model uncompiled
     * @return the changed options
     */
    public TfjsWriteOptions withIncludeTrainingConfig(boolean include) {
        return new TfjsWriteOptions(shardBytes, includeOptimizer, generatedBy, include);
    }
}
