package dev.engram.io.keras.kerasv3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.KerasTopology;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.h5.CompileStatus;
import dev.engram.io.keras.h5.H5Input;
import dev.engram.io.keras.h5.H5Output;
import dev.engram.io.keras.h5.KerasTrainingConfigWriter;
import dev.engram.io.keras.h5.LoadedKerasModel;
import dev.engram.io.keras.h5.TrainingConfigs;
import dev.engram.io.keras.Networks;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
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
 * <p>Reading treats the zip as untrusted: entry sizes are bounded before reading, and errors name
 * the archive and the entry ({@code m.keras!/model.weights.h5 at /layers/dense/vars/0: ...}).
 */
public final class KerasV3Archive {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Largest JSON entry we read (Keras configs are kilobytes; 64 MiB leaves room for huge models). */
    private static final long MAX_JSON_BYTES = 64L << 20;
    /** Largest weights entry we extract. */
    private static final long MAX_WEIGHTS_BYTES = 4L << 30;
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
     * As {@link #read}, for a file holding a Sequential model; a functional one is an error saying so.
     *
     * @param file the {@code .keras} file
     * @return the model
     * @throws IOException if reading fails; {@link ModelFormatException} for invalid content
     */
    public static Sequential readSequential(Path file) throws IOException {
        return Networks.requireSequential(read(file), ModelFormatException.displayName(file));
    }

    /**
     * As {@link #read} with the file's version and what happened to its compile config.
     *
     * @param file the {@code .keras} file
     * @return the model with its dialect, version and compile status
     * @throws IOException if reading fails; {@link ModelFormatException} for invalid content
     */
    public static LoadedKerasModel load(Path file) throws IOException {
        String name = ModelFormatException.displayName(file);
        try (ZipFile zip = open(file, name)) {
            JsonNode metadata = json(zip, name, "metadata.json", false);
            String version = metadata == null ? null : metadata.path("keras_version").asText(null);
            KerasDialect d = KerasDialect.KERAS_3;
            if (version != null) {
                try {
                    d = KerasDialect.fromKerasVersion(version);
                } catch (IllegalArgumentException e) {
                    throw new ModelFormatException(name + "!/metadata.json", "/keras_version", e.getMessage());
                }
            }
            JsonNode config = json(zip, name, "config.json", true);
            Network model = KerasTopology.toModel(config, d, name + "!/config.json");
            ZipEntry weights = zip.getEntry("model.weights.h5");
            if (weights == null) {
                throw new ModelFormatException(name, "", "missing entry model.weights.h5");
            }
            Path tmp = Files.createTempFile("engram-", ".weights.h5");
            try {
                copyBounded(zip, weights, tmp, name);
                try (H5Input in = H5Input.open(tmp, name + "!/model.weights.h5")) {
                    KerasV3Weights.read(in, in.root(), model);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            CompileStatus status = TrainingConfigs.apply(model, config.get("compile_config"), d);
            return new LoadedKerasModel(model, d, version, status);
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
        String name = ModelFormatException.displayName(file);
        ObjectNode config = KerasTopology.toJson(model, KerasDialect.KERAS_3);
        if (includeCompileConfig && Networks.losses(model) != null && Networks.optimizer(model) != null) {
            config.set("compile_config", compileConfig(model, name));
        }
        ObjectNode metadata = JSON.createObjectNode();
        metadata.put("keras_version", KERAS_VERSION);
        metadata.put("date_saved", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")));
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path weights = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".h5.tmp");
        Path zipTmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        boolean done = false;
        try {
            H5Output.writeAtomically(weights, out -> KerasV3Weights.write(out, model));
            try (OutputStream os = Files.newOutputStream(zipTmp); ZipOutputStream zos = new ZipOutputStream(os)) {
                stored(zos, "metadata.json", metadata.toString().getBytes(StandardCharsets.UTF_8));
                stored(zos, "config.json", config.toString().getBytes(StandardCharsets.UTF_8));
                stored(zos, "model.weights.h5", Files.readAllBytes(weights));
            }
            try {
                Files.move(zipTmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(zipTmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            Files.deleteIfExists(weights);
            if (!done) {
                Files.deleteIfExists(zipTmp);
            }
        }
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

    /** Keras 3 {@code compile_config}: the h5 training config with the optimizer under "optimizer". */
    private static ObjectNode compileConfig(Network model, String name) throws ModelFormatException {
        ObjectNode training = KerasTrainingConfigWriter.write(Networks.losses(model), Networks.optimizer(model),
                KerasDialect.KERAS_3, name, "SaveOptions.withoutTrainingConfig()");
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

    private static ZipFile open(Path file, String name) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new ModelFormatException(name, "", "not a valid .keras zip archive (" + e.getMessage()
                    + "); the file may be truncated", e);
        }
    }

    private static JsonNode json(ZipFile zip, String name, String entry, boolean required) throws IOException {
        ZipEntry e = zip.getEntry(entry);
        if (e == null) {
            if (required) {
                throw new ModelFormatException(name, "", "missing entry " + entry + " (a .keras file holds"
                        + " metadata.json, config.json and model.weights.h5)");
            }
            return null;
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(e)) {
            bytes = in.readNBytes((int) MAX_JSON_BYTES + 1);
        } catch (ZipException ex) {
            throw new ModelFormatException(name + "!/" + entry, "", "corrupt zip entry: " + ex.getMessage(), ex);
        }
        if (bytes.length > MAX_JSON_BYTES) {
            throw new ModelFormatException(name + "!/" + entry, "", "larger than " + MAX_JSON_BYTES + " bytes");
        }
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException ex) {
            throw new ModelFormatException(name + "!/" + entry, "", "malformed JSON: " + ex.getOriginalMessage());
        }
    }

    private static void copyBounded(ZipFile zip, ZipEntry e, Path target, String name) throws IOException {
        try (InputStream in = zip.getInputStream(e); OutputStream out = Files.newOutputStream(target)) {
            byte[] buf = new byte[1 << 16];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > MAX_WEIGHTS_BYTES) {
                    throw new ModelFormatException(name + "!/model.weights.h5", "", "larger than "
                            + MAX_WEIGHTS_BYTES + " bytes");
                }
                out.write(buf, 0, n);
            }
        } catch (ZipException ex) {
            throw new ModelFormatException(name + "!/model.weights.h5", "", "corrupt zip entry: " + ex.getMessage(), ex);
        }
    }

}
