package dev.engram.io.keras.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.io.LoadLimits;
import dev.engram.io.LoadedModel;
import dev.engram.io.LoadedNetwork;
import dev.engram.io.ModelDescription;
import dev.engram.io.ModelOrigin;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.KerasFormat;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.tfjs.TfjsModelReader;
import dev.engram.models.Network;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * TensorFlow.js layers models as a {@link dev.engram.io.ModelFile} ({@code tfjs}): a
 * {@code model.json} (topology and weights manifest) with its weight files, or the folder holding
 * them. Recognised as a folder or a JSON object; written as a folder with {@code model.json} and
 * {@code weights.bin} (a target named {@code *.json} means its folder).
 */
public final class TfjsModelFile extends KerasFamilyFile {
    /** Largest model.json read (the topology; the weights live in the shards), as the reader allows. */
    private static final long MAX_JSON_BYTES = 64L << 20;

    /** Creates the provider ({@link java.util.ServiceLoader} calls this). */
    public TfjsModelFile() {
    }

    @Override
    public String id() {
        return "tfjs";
    }

    @Override
    public String name() {
        return "TensorFlow.js layers model";
    }

    @Override
    public String signature() {
        return "a TF.js model.json ('{')";
    }

    @Override
    public List<String> extensions() {
        return List.of(".json");
    }

    @Override
    public boolean writesFolders() {
        return true;
    }

    @Override
    KerasFormat kerasFormat() {
        return KerasFormat.TFJS;
    }

    @Override
    Path target(Path path) {
        return path.getFileName() != null && path.getFileName().toString().endsWith(".json")
                ? path.toAbsolutePath().getParent() : path;
    }

    @Override
    public boolean detect(Path path) throws IOException {
        // A folder has no other meaning among the formats: the reader says if model.json is missing.
        if (Files.isDirectory(path)) {
            return true;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(64);
        }
        int i = 0;
        if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            i = 3; // UTF-8 byte order mark
        }
        while (i < head.length && Character.isWhitespace(head[i])) {
            i++;
        }
        return i < head.length && head[i] == '{';
    }

    /** The {@code model.json} of a path: the file itself, or the one inside a folder. */
    private static Path modelJson(Path path) throws ModelFormatException {
        Path json = Files.isDirectory(path) ? path.resolve("model.json") : path;
        if (!Files.isRegularFile(json)) {
            throw new ModelFormatException(path, "", "a directory must hold a TF.js model.json; found none");
        }
        return json;
    }

    /** The parsed model.json, size and depth bounded. */
    private static JsonNode root(Path json, LoadLimits limits) throws IOException {
        String file = ModelFormatException.displayName(json);
        long size = Files.size(json);
        if (size > MAX_JSON_BYTES) {
            throw new ModelFormatException(file, "", "model.json is " + size + " bytes; the limit is " + MAX_JSON_BYTES);
        }
        return ConfigNode.parseJson(file, Files.readAllBytes(json), limits);
    }

    /** {@code TensorFlow.js tfjs-layers v4.22.0, converted by ...}, or null. */
    private static String producer(JsonNode root) {
        String producer = root.path("generatedBy").asText(null);
        String converted = root.path("convertedBy").asText(null);
        if (converted != null) {
            producer = (producer == null ? "" : producer + ", ") + "converted by " + converted;
        }
        return producer;
    }

    /** {@code tfjs (tfjs-layers 4.22.0)}. */
    private static String dialect(JsonNode root) {
        String version = root.path("modelTopology").path("keras_version").asText(null);
        return "tfjs" + (version == null ? "" : " (" + version + ")");
    }

    @Override
    public ModelDescription describe(Path path, LoadLimits limits) throws IOException {
        return guarded(path, () -> {
            JsonNode root = root(modelJson(path), limits);
            JsonNode topology = root.path("modelTopology");
            // Converter output wraps the Keras config in model_config.
            JsonNode model = topology.has("model_config") ? topology.get("model_config") : topology;
            return describeConfig(model, producer(root), dialect(root));
        });
    }

    @Override
    public LoadedModel load(Path path, LoadLimits limits) throws IOException {
        Path json = modelJson(path);
        return guarded(path, () -> {
            Network m = TfjsModelReader.read(json, limits);
            String producer = null;
            String dialect = "tfjs";
            try {
                JsonNode root = root(json, limits);
                producer = producer(root);
                dialect = dialect(root);
            } catch (ModelFormatException e) {
                // The reader accepted the file; its metadata is optional.
            }
            return new LoadedNetwork(new ModelOrigin(path, this, producer, dialect,
                    trainingOf(m, "the file has no trainingConfig")), m);
        });
    }
}
