package dev.engram.io.keras.tfjs;

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
 */
public record TfjsWriteOptions(long shardBytes, boolean includeOptimizer, String generatedBy) {
    /** The converter's shard size, 4 MiB. */
    public static final long CONVERTER_SHARD_BYTES = 4L * 1024 * 1024;

    /** Validates the shard size. */
    public TfjsWriteOptions {
        if (shardBytes < 0) {
            throw new IllegalArgumentException("shardBytes must be >= 0, got " + shardBytes);
        }
        if (generatedBy == null || generatedBy.isEmpty()) {
            throw new IllegalArgumentException("generatedBy must be non-empty");
        }
    }

    /** One weights.bin, no optimizer, generatedBy "Engram io-keras". */
    public static TfjsWriteOptions defaults() {
        return new TfjsWriteOptions(0, false, "Engram io-keras");
    }

    /** With shards of at most {@code bytes} bytes (0 = one file). */
    public TfjsWriteOptions withShardBytes(long bytes) {
        return new TfjsWriteOptions(bytes, includeOptimizer, generatedBy);
    }

    /** With or without the optimizer state and training config. */
    public TfjsWriteOptions withIncludeOptimizer(boolean include) {
        return new TfjsWriteOptions(shardBytes, include, generatedBy);
    }
}
