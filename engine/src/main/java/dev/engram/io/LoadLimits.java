package dev.engram.io;

/**
 * Upper bounds a model reader enforces on an untrusted file before it allocates anything, so a
 * file of a few kilobytes cannot ask for gigabytes, millions of layers or unbounded nesting. A
 * file over a limit is refused with a {@link ModelFileException} naming the limit and the flag
 * that raises it. The same value is accepted by every reader (TF.js, HDF5, {@code .keras}, ONNX)
 * and by the CLI ({@code --max-param-bytes} and friends).
 *
 * <p>Defaults ({@link #defaults()}):
 * <ul>
 *   <li>{@code parameterBytes}: a quarter of the JVM's max heap — total bytes of weights a model
 *       may declare (float32: 4 bytes per parameter), checked against the config before any layer
 *       is built and against the bytes present in the file;</li>
 *   <li>{@code tensorElements}: max heap / 16, at most 2^31 - 9 — elements of any one tensor
 *       (weight, ONNX intermediate such as a {@code ConstantOfShape} output);</li>
 *   <li>{@code layers}: 100,000 layers of a Keras model or nodes of an ONNX graph;</li>
 *   <li>{@code jsonDepth}: 200 nested JSON arrays/objects;</li>
 *   <li>{@code decompressedBytes}: {@code parameterBytes}, at most 2^31 - 9 — bytes one HDF5
 *       dataset or chunk, or one zip entry, may inflate to;</li>
 *   <li>{@code zipEntries}: 10,000 entries in a {@code .keras} archive.</li>
 * </ul>
 *
 * @param parameterBytes    total bytes of parameters a model may hold
 * @param tensorElements    elements of any one tensor
 * @param layers            layers (Keras) or graph nodes (ONNX)
 * @param jsonDepth         nesting depth of JSON configs
 * @param decompressedBytes bytes an HDF5 dataset or chunk, or a zip entry, may decompress to
 * @param zipEntries        entries of a zip archive
 */
public record LoadLimits(long parameterBytes, long tensorElements, int layers, int jsonDepth,
        long decompressedBytes, int zipEntries) {
    /** Largest Java array the readers can allocate. */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /**
     * Validates that every limit is positive.
     *
     * @param parameterBytes    total bytes of parameters a model may hold
     * @param tensorElements    elements of any one tensor
     * @param layers            layers (Keras) or graph nodes (ONNX)
     * @param jsonDepth         nesting depth of JSON configs
     * @param decompressedBytes bytes an HDF5 dataset or chunk, or a zip entry, may decompress to
     * @param zipEntries        entries of a zip archive
     */
    public LoadLimits {
        if (parameterBytes <= 0 || tensorElements <= 0 || layers <= 0 || jsonDepth <= 0 || decompressedBytes <= 0
                || zipEntries <= 0) {
            throw new IllegalArgumentException("every load limit must be > 0, got " + this);
        }
    }

    /**
     * The documented defaults, computed from the running JVM's max heap.
     *
     * @return the default limits
     */
    public static LoadLimits defaults() {
        long heap = Runtime.getRuntime().maxMemory();
        long params = Math.max(1L << 20, heap / 4);
        return new LoadLimits(params, Math.min(MAX_ARRAY, Math.max(1L << 18, heap / 16)), 100_000, 200,
                Math.min(MAX_ARRAY, params), 10_000);
    }

    /**
     * A copy with another parameter-bytes limit.
     *
     * @param v the most bytes of parameters (float32: 4 per weight) a model may need, &gt; 0
     * @return the changed limits
     * @throws IllegalArgumentException when {@code v} is not positive
     */
    public LoadLimits withParameterBytes(long v) {
        return new LoadLimits(v, tensorElements, layers, jsonDepth, decompressedBytes, zipEntries);
    }

    /**
     * A copy with another per-tensor element limit.
     *
     * @param v the most elements one stored tensor may declare, &gt; 0
     * @return the changed limits
     * @throws IllegalArgumentException when {@code v} is not positive
     */
    public LoadLimits withTensorElements(long v) {
        return new LoadLimits(parameterBytes, v, layers, jsonDepth, decompressedBytes, zipEntries);
    }

    /**
     * A copy with another layer/node limit.
     *
     * @param v the most layers or graph nodes a model may have, &gt; 0
     * @return the changed limits
     * @throws IllegalArgumentException when {@code v} is not positive
     */
    public LoadLimits withLayers(int v) {
        return new LoadLimits(parameterBytes, tensorElements, v, jsonDepth, decompressedBytes, zipEntries);
    }

    /**
     * A copy with another JSON depth limit.
     *
     * @param v the deepest JSON nesting a config may have, &gt; 0
     * @return the changed limits
     * @throws IllegalArgumentException when {@code v} is not positive
     */
    public LoadLimits withJsonDepth(int v) {
        return new LoadLimits(parameterBytes, tensorElements, layers, v, decompressedBytes, zipEntries);
    }

    /**
     * A copy with another per-dataset/per-entry decompressed size limit.
     *
     * @param v the most bytes one compressed dataset or zip entry may inflate to, &gt; 0
     * @return the changed limits
     * @throws IllegalArgumentException when {@code v} is not positive
     */
    public LoadLimits withDecompressedBytes(long v) {
        return new LoadLimits(parameterBytes, tensorElements, layers, jsonDepth, v, zipEntries);
    }

    /**
     * A copy with another zip entry count limit.
     *
     * @param v the most entries a zip archive may have, &gt; 0
     * @return the changed limits
     * @throws IllegalArgumentException when {@code v} is not positive
     */
    public LoadLimits withZipEntries(int v) {
        return new LoadLimits(parameterBytes, tensorElements, layers, jsonDepth, decompressedBytes, v);
    }

    /**
     * The message detail for a value over a limit, naming the CLI flag that raises it.
     *
     * @param what  what was counted ("the model's parameters")
     * @param found the value the file asks for
     * @param limit the limit's value
     * @param flag  the CLI flag, e.g. {@code --max-param-bytes}
     * @return the detail, e.g. {@code the model's parameters need 5000000000, over the limit of 1073741824
     *         (raise it with --max-param-bytes)}
     */
    public static String exceeded(String what, long found, long limit, String flag) {
        return what + " need " + found + ", over the limit of " + limit + " (raise it with " + flag + ")";
    }

    /**
     * Elements in {@code dims}, or -1 when a dim is negative or the product overflows a long.
     *
     * @param dims the dimensions
     * @return the product, or -1
     */
    public static long elements(long... dims) {
        long n = 1;
        for (long d : dims) {
            if (d < 0) {
                return -1;
            }
            if (d != 0 && n > Long.MAX_VALUE / d) {
                return -1;
            }
            n *= d;
        }
        return n;
    }
}
