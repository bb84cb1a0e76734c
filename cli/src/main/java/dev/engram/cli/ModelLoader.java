package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.io.LoadLimits;
import dev.engram.io.keras.CompileStatus;
import dev.engram.io.keras.LoadedKerasModel;
import dev.engram.io.keras.h5.KerasH5Reader;
import dev.engram.io.keras.kerasv3.KerasV3Archive;
import dev.engram.io.keras.tfjs.TfjsModelReader;
import dev.engram.io.onnx.OnnxModel;
import dev.engram.models.Network;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Loads any supported model file into a {@link LoadedModel}, turning every reader failure into a
 * {@link CliException}: malformed or unsupported content exits with 3, a missing file with 2.
 */
public final class ModelLoader {

    /** The limits of this run (set from the --max-* flags before a command runs). */
    private static volatile LoadLimits limits = LoadLimits.defaults();

    private ModelLoader() {
    }

    /** Sets the load limits for this run of the tool. */
    static void useLimits(LoadLimits l) {
        limits = l;
    }

    /** The load limits of this run. */
    static LoadLimits limits() {
        return limits;
    }

    /** Detects the format of {@code path} by content and loads it. */
    public static LoadedModel load(Path path) {
        ModelFormat format = ModelFormat.detect(path);
        try {
            return switch (format) {
                case TFJS -> loadTfjs(path);
                case H5 -> keras(path, format, KerasH5Reader.load(path, limits));
                case KERAS -> keras(path, format, KerasV3Archive.load(path, limits));
                case ONNX -> loadOnnx(path);
            };
        } catch (IOException e) {
            // ModelFileException (every format's defect: its message names the file and the place
            // inside it) exits 3; a missing file 2; a file-system failure 5.
            throw Failures.classify(e);
        } catch (CliException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // A reader library failing on hostile content; its own text is for --verbose.
            throw CliException.badModel(path.getFileName() + ": cannot read as " + format.description()
                    + ": the file is corrupt or inconsistent (--verbose shows the reader's error)", e);
        }
    }

    /** The {@code model.json} of a TF.js path (the file itself, or the one inside a directory). */
    static Path tfjsJson(Path path) {
        return java.nio.file.Files.isDirectory(path) ? path.resolve("model.json") : path;
    }

    private static LoadedModel loadTfjs(Path path) throws IOException {
        Path json = tfjsJson(path);
        if (!java.nio.file.Files.isRegularFile(json)) {
            throw CliException.badModel(path + ": a directory must hold a TF.js model.json; found none", null);
        }
        Network m = TfjsModelReader.read(json, limits);
        String producer = null;
        String version = null;
        try {
            JsonNode root = dev.engram.io.keras.internal.ConfigNode.parseJson(json.getFileName().toString(),
                    java.nio.file.Files.readAllBytes(json), limits);
            producer = root.path("generatedBy").asText(null);
            String converted = root.path("convertedBy").asText(null);
            if (converted != null) {
                producer = (producer == null ? "" : producer + ", ") + "converted by " + converted;
            }
            version = root.path("modelTopology").path("keras_version").asText(null);
        } catch (IOException e) {
            // The reader accepted it; the metadata is optional.
        }
        CompileStatus status = m.optimizer() != null && m.loss() != null
                ? new CompileStatus(true, m.loss().getClass().getSimpleName(),
                        m.optimizer().getClass().getSimpleName(), null)
                : new CompileStatus(false, null, null, "the file has no trainingConfig");
        String dialect = "tfjs" + (version == null ? "" : " (" + version + ")");
        return new LoadedModel(path, ModelFormat.TFJS, dialect, producer, m, null, status);
    }

    private static LoadedModel keras(Path path, ModelFormat format, LoadedKerasModel k) {
        String dialect = k.dialect().name().toLowerCase(Locale.ROOT).replace("_", "");
        String producer = k.kerasVersion() == null ? "Keras (no keras_version: Keras 1.0/1.1)"
                : "Keras " + k.kerasVersion();
        return new LoadedModel(path, format, dialect, producer, k.model(), null, k.compile());
    }

    private static LoadedModel loadOnnx(Path path) throws IOException {
        OnnxModel m = OnnxModel.load(path, limits);
        String producer = m.producerName().isEmpty() ? null
                : m.producerName() + (m.producerVersion().isEmpty() ? "" : " " + m.producerVersion());
        return new LoadedModel(path, ModelFormat.ONNX, null, producer, null, m, null);
    }
}
