package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.io.keras.hdf5.H5Input;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The layer list as written in a Keras-family file, read without building a model, so
 * {@code inspect} can show every layer of a file the engine cannot load and mark each unsupported
 * one (instead of stopping at the first). Also lists the tensors of a weights-only h5 file.
 */
final class RawTopology {
    /** Keras classes the io-keras readers map to engine layers. */
    static final Set<String> SUPPORTED = Set.copyOf(dev.engram.io.keras.KerasModels.supportedLayers());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_CONFIG_BYTES = 64L << 20;

    /**
     * One layer as the file declares it.
     *
     * @param name      the layer's name
     * @param className its Keras class (for wrappers, {@code Bidirectional(LSTM)})
     * @param supported whether the engine has the class
     */
    record RawLayer(String name, String className, boolean supported) {
    }

    private RawTopology() {
    }

    /** The declared layers of a TF.js, h5 or .keras file, or null when the config cannot be read. */
    static List<RawLayer> layers(Path path, ModelFormat format) {
        try {
            JsonNode config = switch (format) {
                case TFJS -> JSON.readTree(ModelLoader.tfjsJson(path).toFile()).path("modelTopology");
                case H5 -> h5Config(path);
                case KERAS -> kerasConfig(path);
                case ONNX -> null;
            };
            return config == null ? null : fromConfig(config);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static JsonNode h5Config(Path path) throws IOException {
        try (H5Input in = H5Input.open(path, path.getFileName().toString(), ModelLoader.limits())) {
            String s = in.stringAttribute(in.root(), "model_config");
            return s == null ? null : JSON.readTree(s);
        }
    }

    private static JsonNode kerasConfig(Path path) throws IOException {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            ZipEntry e = zip.getEntry("config.json");
            if (e == null || e.getSize() > MAX_CONFIG_BYTES) {
                return null;
            }
            try (InputStream in = zip.getInputStream(e)) {
                return JSON.readTree(in.readNBytes((int) MAX_CONFIG_BYTES));
            }
        }
    }

    private static List<RawLayer> fromConfig(JsonNode model) {
        JsonNode config = model.path("config");
        JsonNode layers = config.isArray() ? config : config.path("layers");
        List<RawLayer> out = new ArrayList<>();
        for (JsonNode l : layers) {
            String cls = l.path("class_name").asText("?");
            JsonNode c = l.path("config");
            String name = c.path("name").asText(l.path("name").asText("?"));
            JsonNode inner = c.path("layer");
            if (inner.isObject()) {
                cls = cls + "(" + inner.path("class_name").asText("?") + ")";
            }
            out.add(new RawLayer(name, cls, SUPPORTED.contains(cls)));
        }
        return out;
    }

    /** True when {@code path} is an HDF5 file without {@code model_config} (a weights-only file). */
    static boolean isWeightsOnlyH5(Path path) {
        try (H5Input in = H5Input.open(path, path.getFileName().toString(), ModelLoader.limits())) {
            return !in.hasAttribute(in.root(), "model_config");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@code /path/to/dataset [dims]} for every dataset of an HDF5 file, depth first, at most {@code max}. */
    static List<String> datasets(Path path, int max) {
        List<String> out = new ArrayList<>();
        try (H5Input in = H5Input.open(path, path.getFileName().toString(), ModelLoader.limits())) {
            walk(in.root(), out, max);
        } catch (IOException e) {
            throw CliException.badModel(e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw CliException.badModel(path.getFileName() + ": unreadable HDF5 groups; the file is corrupt"
                    + " (--verbose shows the reader's error)", e);
        }
        return out;
    }

    /**
     * Breadth-first over the groups, iterative, each group once (by object address): the file
     * decides the depth, and hard links may form cycles.
     */
    private static void walk(Group root, List<String> out, int max) {
        java.util.ArrayDeque<Group> queue = new java.util.ArrayDeque<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        queue.add(root);
        seen.add(root.getAddress());
        while (!queue.isEmpty() && out.size() < max) {
            for (Node n : queue.poll().getChildren().values()) {
                if (out.size() >= max) {
                    return;
                }
                if (n instanceof Dataset d) {
                    out.add(d.getPath() + " " + Arrays.toString(d.getDimensions()));
                } else if (n instanceof Group child && seen.add(child.getAddress())) {
                    queue.add(child);
                }
            }
        }
    }
}
