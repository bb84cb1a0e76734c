package dev.engram.io.keras.kerasv3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.AtomicFiles;
import dev.engram.io.LoadLimits;
import dev.engram.io.keras.CompileStatus;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.LoadedKerasModel;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.hdf5.H5Input;
import dev.engram.io.keras.hdf5.H5Output;
import dev.engram.io.keras.hdf5.KerasV3Weights;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.Networks;
import dev.engram.io.keras.internal.ParameterBudget;
import dev.engram.io.keras.internal.ReadGuard;
import dev.engram.io.keras.topology.KerasTopology;
import dev.engram.io.keras.topology.NestedModels;
import dev.engram.io.keras.training.KerasOptimizerState;
import dev.engram.io.keras.training.KerasTrainingConfigWriter;
import dev.engram.io.keras.training.TrainingConfigs;
import dev.engram.models.Network;
import dev.engram.tensor.Tensor;
import io.jhdf.api.Group;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Keras 3 {@code .keras} files: a zip holding {@code metadata.json}
 * ({@code {"keras_version", "date_saved"}}), {@code config.json} (the model's Keras 3 serialisation,
 * every object as {@code {module, class_name, config, registered_name}}, plus
 * {@code compile_config} when compiled) and {@code model.weights.h5} (layout in
 * {@link KerasV3Weights}). Entries are STORED (uncompressed), as Keras writes them.
 *
 * <p>Reading treats the zip as untrusted: entries are read into memory within {@link LoadLimits},
 * checked against their CRC-32, never extracted to disk; errors name
 * the archive and the entry ({@code m.keras!/model.weights.h5 at /layers/dense/vars/0: ...}).
 */
public final class KerasV3Archive {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Largest JSON entry we read (Keras configs are kilobytes; 64 MiB leaves room for huge models). */
    private static final long MAX_JSON_BYTES = 64L << 20;
    private static final String KERAS_VERSION = "3.10.0";

    private KerasV3Archive() {
    }

    /**
     * The model in a {@code .keras} file with its weights (compiled when its compile config maps exactly).
     *
     * @param file the {@code .keras} file
     * @return the model, compiled when its compile config maps exactly
     * @throws IOException if reading fails; {@link ModelFormatException} for invalid content
     */
    public static Network read(Path file) throws IOException {
        return load(file).model();
    }

    /**
     * As {@link #read(Path)} within {@code limits}.
     *
     * @param file   the {@code .keras} file
     * @param limits the bounds on entry count, decompressed sizes, parameters, layers and JSON depth
     * @return the model, compiled when its compile config maps exactly
     * @throws IOException if reading fails; {@link ModelFormatException} for invalid content or a
     *                     size over {@code limits}
     */
    public static Network read(Path file, LoadLimits limits) throws IOException {
        return load(file, limits).model();
    }

    /**
     * As {@link #read} with the file's version and what happened to its compile config.
     *
     * @param file the {@code .keras} file
     * @return the model with its dialect, version and compile status
     * @throws IOException if reading fails; {@link ModelFormatException} for invalid content
     */
    public static LoadedKerasModel load(Path file) throws IOException {
        return load(file, LoadLimits.defaults());
    }

    /**
     * As {@link #load(Path)} within {@code limits}. Entries are read into memory (never extracted
     * to disk), each bounded by {@link LoadLimits#decompressedBytes()} and checked against its CRC-32;
     * the archive may hold at most {@link LoadLimits#zipEntries()} entries.
     *
     * @param file   the {@code .keras} file
     * @param limits the bounds on entry count, decompressed sizes, parameters, layers and JSON depth
     * @return the model with its dialect, version and compile status
     * @throws IOException if reading fails; {@link ModelFormatException} for invalid content, a CRC
     *                     mismatch, or a size over {@code limits}
     */
    public static LoadedKerasModel load(Path file, LoadLimits limits) throws IOException {
        return ReadGuard.read(ModelFormatException.displayName(file), () -> loadGuarded(file, limits));
    }

    private static LoadedKerasModel loadGuarded(Path file, LoadLimits limits) throws IOException {
        String name = ModelFormatException.displayName(file);
        try (ZipFile zip = openWithin(file, name, limits)) {
            JsonNode metadata = json(zip, name, "metadata.json", false, limits);
            String version = metadata == null ? null : metadata.path("keras_version").asText(null);
            KerasDialect d = KerasDialect.KERAS_3;
            if (version != null) {
                try {
                    d = KerasDialect.fromKerasVersion(version);
                } catch (IllegalArgumentException e) {
                    throw new ModelFormatException(name + "!/metadata.json", "/keras_version", e.getMessage());
                }
            }
            JsonNode config = json(zip, name, "config.json", true, limits);
            ZipEntry weights = zip.getEntry("model.weights.h5");
            if (weights == null) {
                throw new ModelFormatException(name, "", "missing entry model.weights.h5");
            }
            byte[] h5 = entry(zip, weights, name, limits.decompressedBytes());
            // Every weight takes at least 2 bytes (float16), so the entry bounds the parameters it holds.
            ConfigNode modelConfig = new ConfigNode(name + "!/config.json", "", config);
            Network model = KerasTopology.toModel(modelConfig, d, new ParameterBudget(limits, h5.length / 2));
            try (H5Input in = H5Input.open(h5, name + "!/model.weights.h5", limits)) {
                KerasV3Weights.read(in, in.root(), model, NestedModels.of(modelConfig));
            }
            CompileStatus status = TrainingConfigs.apply(model, config.get("compile_config"), d);
            if (status.compiled()) {
                try (H5Input in = H5Input.open(h5, name + "!/model.weights.h5", limits)) {
                    readOptimizer(in, model);
                }
            }
            return new LoadedKerasModel(model, d, version, status);
        }
    }

    /**
     * The archive's JSON entries, {@code metadata.json} and {@code config.json}, parsed under
     * {@code limits} without reading the weights: what a description of a file needs, also for files
     * whose model the reader refuses.
     *
     * @param file   the {@code .keras} file
     * @param limits the bounds on entry count, decompressed sizes and JSON depth
     * @return the parsed entries by name; an entry the archive lacks is absent
     * @throws IOException if reading fails; {@link ModelFormatException} for a damaged archive or an entry over
     *                     {@code limits}
     */
    public static Map<String, JsonNode> readJsonEntries(Path file, LoadLimits limits) throws IOException {
        String name = ModelFormatException.displayName(file);
        try (ZipFile zip = openWithin(file, name, limits)) {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            for (String entry : List.of("metadata.json", "config.json")) {
                JsonNode json = json(zip, name, entry, false, limits);
                if (json != null) {
                    out.put(entry, json);
                }
            }
            return out;
        }
    }

    /**
     * Writes {@code model} as a {@code .keras} file (temp file + atomic move). A compiled model gets
     * a {@code compile_config}; a loss or optimizer without exact Keras equivalent is an error.
     *
     * @param model a built model
     * @param file  the {@code .keras} file
     * @throws IOException if writing fails; {@link ModelFormatException} if the model cannot be expressed
     */
    public static void write(Network model, Path file) throws IOException {
        write(model, file, true);
    }

    /**
     * As {@link #write(Network, Path)}; {@code includeCompileConfig} false leaves the
     * {@code compile_config} out (the file then loads uncompiled).
     *
     * @param model                the model to write
     * @param file                 the {@code .keras} file
     * @param includeCompileConfig write the loss and optimizer of a compiled model
     * @throws IOException if writing fails, or (as {@link ModelFormatException}) the model cannot
     *                     be expressed in Keras 3
     */
    public static void write(Network model, Path file, boolean includeCompileConfig) throws IOException {
        write(model, file, includeCompileConfig, false);
    }

    /**
     * As {@link #write(Network, Path, boolean)}; {@code includeOptimizerState} also writes the
     * optimizer's variables ({@code optimizer/vars/<i>} of {@code model.weights.h5}: iteration,
     * learning rate, slots; see {@link KerasOptimizerState}) of a compiled model that has trained, so
     * Keras 3 and Engram resume from them.
     *
     * @param model                 the model to write
     * @param file                  the {@code .keras} file
     * @param includeCompileConfig  write the loss and optimizer of a compiled model
     * @param includeOptimizerState write the optimizer state (implies the compile config)
     * @throws IOException if writing fails, or (as {@link ModelFormatException}) the model or its
     *                     optimizer state cannot be expressed in Keras 3
     */
    public static void write(Network model, Path file, boolean includeCompileConfig, boolean includeOptimizerState)
            throws IOException {
        String name = ModelFormatException.displayName(file);
        ObjectNode config = KerasTopology.toJson(model, KerasDialect.KERAS_3);
        boolean compiled = model.losses() != null && model.optimizer() != null;
        List<KerasOptimizerState.Variable> optimizerState = List.of();
        if (includeOptimizerState) {
            if (!compiled) {
                throw new ModelFormatException(name, "optimizer", "optimizer state needs a compiled model: call"
                        + " compile(loss, optimizer) first, or save with " + KerasOptimizerState.HINT);
            }
            optimizerState = KerasOptimizerState.toKeras(model, model.optimizer(), true, name);
        }
        if ((includeCompileConfig || includeOptimizerState) && compiled) {
            config.set("compile_config", compileConfig(model, name));
        }
        List<KerasOptimizerState.Variable> optimizerVars = optimizerState;
        ObjectNode metadata = JSON.createObjectNode();
        metadata.put("keras_version", KERAS_VERSION);
        metadata.put("date_saved", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")));
        AtomicFiles.write(file, zipTmp -> {
            // The weights go through jhdf, which writes files only: a sibling temporary file, read back.
            Path weights = zipTmp.resolveSibling(zipTmp.getFileName() + ".h5");
            byte[] h5;
            try {
                H5Output.writeTo(weights, out -> {
                    KerasV3Weights.write(out, model);
                    if (!optimizerVars.isEmpty()) {
                        WritableGroup vars = out.putGroup("optimizer").putGroup("vars");
                        for (int i = 0; i < optimizerVars.size(); i++) {
                            KerasOptimizerState.put(vars, Integer.toString(i), optimizerVars.get(i));
                        }
                    }
                }, name);
                h5 = Files.readAllBytes(weights);
            } finally {
                Files.deleteIfExists(weights);
            }
            try (OutputStream os = Files.newOutputStream(zipTmp, StandardOpenOption.CREATE_NEW);
                    ZipOutputStream zos = new ZipOutputStream(os)) {
                stored(zos, "metadata.json", metadata.toString().getBytes(StandardCharsets.UTF_8));
                stored(zos, "config.json", config.toString().getBytes(StandardCharsets.UTF_8));
                stored(zos, "model.weights.h5", h5);
            }
        });
    }

    /**
     * Writes only the weights, as Keras 3 {@code save_weights("x.weights.h5")} does.
     *
     * @param model a built model
     * @param file  the {@code .weights.h5} file
     * @throws IOException if writing fails; {@link ModelFormatException} if the model cannot be expressed
     */
    public static void writeWeights(Network model, Path file) throws IOException {
        H5Output.writeAtomically(file, out -> KerasV3Weights.write(out, model));
    }

    /** Keras 3's {@code optimizer/vars/<i>} into the compiled optimizer; nothing when absent. */
    private static void readOptimizer(H5Input in, Network model) throws ModelFormatException {
        if (!(in.nodeOrNull(in.root(), "optimizer/vars") instanceof Group g) || in.childOrNull(g, "0") == null) {
            return;
        }
        long iteration = in.integerScalar(g, "0");
        List<Tensor> values = new ArrayList<>();
        for (int k = 1; in.childOrNull(g, Integer.toString(k)) != null; k++) {
            values.add(in.floatDataset(g, Integer.toString(k)));
        }
        KerasOptimizerState.restore(model, model.optimizer(), iteration, values, true, in.fileName(),
                "/optimizer/vars");
    }

    /** Keras 3 {@code compile_config}: the h5 training config with the optimizer under "optimizer". */
    private static ObjectNode compileConfig(Network model, String name) throws ModelFormatException {
        ObjectNode training = KerasTrainingConfigWriter.write(model.losses(), model.optimizer(),
                KerasDialect.KERAS_3, name);
        ObjectNode out = JSON.createObjectNode();
        out.set("optimizer", training.get("optimizer_config"));
        out.set("loss", training.get("loss"));
        out.putNull("loss_weights");
        out.putNull("metrics");
        out.putNull("weighted_metrics");
        out.put("run_eagerly", false);
        out.put("steps_per_execution", 1);
        out.put("jit_compile", false);
        return out;
    }

    private static void stored(ZipOutputStream zos, String entryName, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(entryName);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zos.putNextEntry(e);
        zos.write(data);
        zos.closeEntry();
    }

    /** The archive, refused when it has more entries than {@code limits} allow. */
    private static ZipFile openWithin(Path file, String name, LoadLimits limits) throws IOException {
        ZipFile zip = open(file, name);
        if (zip.size() > limits.zipEntries()) {
            zip.close();
            throw new ModelFormatException(name, "", LoadLimits.exceeded("the archive's entries", zip.size(),
                    limits.zipEntries(), "--max-zip-entries"));
        }
        return zip;
    }

    private static ZipFile open(Path file, String name) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (java.nio.file.FileSystemException | java.io.FileNotFoundException e) {
            throw e; // the file itself cannot be opened: not a defect of its content
        } catch (IOException e) {
            // ZipException, or EOFException from a truncated central directory
            throw new ModelFormatException(name, "", "not a valid .keras zip archive (no readable central"
                    + " directory); the file may be truncated", e);
        }
    }

    private static JsonNode json(ZipFile zip, String name, String entry, boolean required, LoadLimits limits)
            throws IOException {
        ZipEntry e = zip.getEntry(entry);
        if (e == null) {
            if (required) {
                throw new ModelFormatException(name, "", "missing entry " + entry + " (a .keras file holds"
                        + " metadata.json, config.json and model.weights.h5)");
            }
            return null;
        }
        byte[] bytes = entry(zip, e, name, Math.min(MAX_JSON_BYTES, limits.decompressedBytes()));
        return ConfigNode.parseJson(name + "!/" + entry, bytes, limits);
    }

    /**
     * The bytes of one entry, at most {@code max} of them, verified against the entry's CRC-32 and
     * declared size (java.util.zip.ZipFile checks neither for stored entries).
     */
    private static byte[] entry(ZipFile zip, ZipEntry e, String name, long max) throws IOException {
        String where = name + "!/" + e.getName();
        if (e.getSize() > max) {
            throw new ModelFormatException(where, "", LoadLimits.exceeded("the entry's " + e.getSize() + " bytes",
                    e.getSize(), max, "--max-decompressed-bytes"));
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(e)) {
            bytes = in.readNBytes((int) Math.min(max + 1, LoadLimits.MAX_ARRAY));
        } catch (ZipException | java.io.EOFException ex) {
            throw new ModelFormatException(where, "", "corrupt zip entry: " + ex.getMessage(), ex);
        }
        if (bytes.length > max) {
            throw new ModelFormatException(where, "", LoadLimits.exceeded("the entry inflates to more bytes; they",
                    bytes.length, max, "--max-decompressed-bytes"));
        }
        if (e.getSize() >= 0 && bytes.length != e.getSize()) {
            throw new ModelFormatException(where, "", "the entry holds " + bytes.length + " bytes but the archive declares "
                    + e.getSize() + " (truncated or corrupt archive)");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (e.getCrc() >= 0 && crc.getValue() != e.getCrc()) {
            throw new ModelFormatException(where, "", String.format("CRC-32 mismatch: the archive declares %08x, the"
                    + " data has %08x (corrupt archive)", e.getCrc(), crc.getValue()));
        }
        return bytes;
    }
}
