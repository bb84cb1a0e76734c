package dev.engram.io.onnx;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Options of {@link OnnxExporter}. Start from {@link #defaults()} and change fields with the
 * {@code withX} methods.
 *
 * @param opset           default-domain opset, 14 to 21; default 17
 * @param inputName       graph input name; default {@code "input"}
 * @param outputName      graph output name; default {@code "output"}
 * @param producerName    {@code producer_name}; default {@code "Engram"}
 * @param producerVersion {@code producer_version}; default {@code "0.1.0"}
 * @param metadata        {@code metadata_props} written into the model; default empty
 * @param externalDataThreshold when the initializers hold more than this many bytes, those of at
 *                        least 1 KiB are written to {@code <file>.data} beside the model (ONNX
 *                        external data, as PyTorch 2 writes it); default
 *                        {@link #DEFAULT_EXTERNAL_DATA_THRESHOLD}, below protobuf's 2 GiB limit
 */
public record OnnxExportOptions(int opset, String inputName, String outputName, String producerName,
        String producerVersion, Map<String, String> metadata, long externalDataThreshold) {
    /** Initializer bytes above which the weights go to external data: 2 GiB less room for the graph. */
    public static final long DEFAULT_EXTERNAL_DATA_THRESHOLD = (2L << 30) - (64L << 20);

    /** Lowest opset the exporter writes. */
    public static final int MIN_OPSET = 14;
    /** Highest opset the exporter writes. */
    public static final int MAX_OPSET = 21;

    /**
     * Validates the fields and copies the metadata.
     *
     * @param opset           default-domain opset, {@link #MIN_OPSET} to {@link #MAX_OPSET}
     * @param inputName       graph input name, non-empty
     * @param outputName      graph output name, non-empty and different from {@code inputName}
     * @param producerName    written as {@code producer_name}
     * @param producerVersion written as {@code producer_version}
     * @param metadata        written as {@code metadata_props}; copied
     * @param externalDataThreshold initializer bytes above which weights go to external data, 0 to
     *                        {@link #DEFAULT_EXTERNAL_DATA_THRESHOLD}
     * @throws IllegalArgumentException when the opset or threshold is out of range, or a name is
     *                        empty or the two names are equal
     * @throws NullPointerException when a name or the metadata is null
     */
    public OnnxExportOptions {
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new IllegalArgumentException("opset must be in [" + MIN_OPSET + ", " + MAX_OPSET + "], got " + opset);
        }
        Objects.requireNonNull(inputName, "inputName");
        Objects.requireNonNull(outputName, "outputName");
        if (inputName.isEmpty() || outputName.isEmpty() || inputName.equals(outputName)) {
            throw new IllegalArgumentException("input and output names must be non-empty and different, got '"
                    + inputName + "' and '" + outputName + "'");
        }
        Objects.requireNonNull(producerName, "producerName");
        Objects.requireNonNull(producerVersion, "producerVersion");
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        if (externalDataThreshold < 0 || externalDataThreshold > DEFAULT_EXTERNAL_DATA_THRESHOLD) {
            throw new IllegalArgumentException("externalDataThreshold must be in [0, "
                    + DEFAULT_EXTERNAL_DATA_THRESHOLD + "], got " + externalDataThreshold);
        }
    }

    /**
     * As the canonical constructor with the default external-data threshold.
     *
     * @param opset           default-domain opset, {@link #MIN_OPSET} to {@link #MAX_OPSET}
     * @param inputName       graph input name, non-empty
     * @param outputName      graph output name, non-empty and different from {@code inputName}
     * @param producerName    written as {@code producer_name}
     * @param producerVersion written as {@code producer_version}
     * @param metadata        written as {@code metadata_props}; copied
     * @throws IllegalArgumentException when the opset is out of range, or a name is empty or the two
     *                        names are equal
     */
    public OnnxExportOptions(int opset, String inputName, String outputName, String producerName,
            String producerVersion, Map<String, String> metadata) {
        this(opset, inputName, outputName, producerName, producerVersion, metadata, DEFAULT_EXTERNAL_DATA_THRESHOLD);
    }

    /**
     * Opset 17, names {@code input}/{@code output}, producer Engram 0.1.0, no metadata.
     *
     * @return the default options
     */
    public static OnnxExportOptions defaults() {
        return new OnnxExportOptions(17, "input", "output", "Engram", "0.1.0", Map.of());
    }

    /**
     * With another opset (14 to 21).
     *
     * @param v the opset
     * @return the changed options
     * @throws IllegalArgumentException outside {@link #MIN_OPSET} to {@link #MAX_OPSET}
     */
    public OnnxExportOptions withOpset(int v) {
        return new OnnxExportOptions(v, inputName, outputName, producerName, producerVersion, metadata,
                externalDataThreshold);
    }

    /**
     * With other input and output names.
     *
     * @param input  the graph input name
     * @param output the graph output name
     * @return the changed options
     */
    public OnnxExportOptions withNames(String input, String output) {
        return new OnnxExportOptions(opset, input, output, producerName, producerVersion, metadata,
                externalDataThreshold);
    }

    /**
     * With another producer name and version.
     *
     * @param name    {@code producer_name}
     * @param version {@code producer_version}
     * @return the changed options
     */
    public OnnxExportOptions withProducer(String name, String version) {
        return new OnnxExportOptions(opset, inputName, outputName, name, version, metadata, externalDataThreshold);
    }

    /**
     * With these metadata entries (replacing earlier ones).
     *
     * @param m the {@code metadata_props} entries
     * @return the changed options
     */
    public OnnxExportOptions withMetadata(Map<String, String> m) {
        return new OnnxExportOptions(opset, inputName, outputName, producerName, producerVersion, m,
                externalDataThreshold);
    }

    /**
     * With another external-data threshold in bytes (0 puts every initializer of 1 KiB or more in
     * {@code <file>.data}). Only {@link OnnxExporter#export(dev.engram.models.Network, java.nio.file.Path, OnnxExportOptions)}
     * writes external data; {@code toBytes} refuses a model above the threshold.
     *
     * @param bytes the threshold in bytes, 0 to {@link #DEFAULT_EXTERNAL_DATA_THRESHOLD}
     * @return the changed options
     * @throws IllegalArgumentException when {@code bytes} is out of range
     */
    public OnnxExportOptions withExternalDataThreshold(long bytes) {
        return new OnnxExportOptions(opset, inputName, outputName, producerName, producerVersion, metadata, bytes);
    }
}
