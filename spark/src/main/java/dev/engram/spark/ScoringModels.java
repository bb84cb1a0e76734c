package dev.engram.spark;

import dev.engram.io.keras.KerasModels;
import dev.engram.io.onnx.OnnxModel;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.models.Network;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * The executor-side model cache: each {@link ModelSource} is loaded once per JVM (the first task
 * thread to need it loads it; the others wait and share it) and kept until {@link #evict}.
 */
public final class ScoringModels {
    private static final ConcurrentHashMap<String, ScoringModel> CACHE = new ConcurrentHashMap<>();

    private ScoringModels() {
    }

    /**
     * The model of {@code source}, loaded on first use in this JVM.
     *
     * @param source where the model comes from
     * @return the shared, thread-safe model
     */
    public static ScoringModel get(ModelSource source) {
        return CACHE.computeIfAbsent(source.cacheKey(), k -> load(source));
    }

    /**
     * Forgets the model of {@code source} in this JVM (e.g. after the file at its path changed).
     *
     * @param source the source whose model to drop
     */
    public static void evict(ModelSource source) {
        CACHE.remove(source.cacheKey());
    }

    /**
     * Number of models loaded in this JVM (for tests and monitoring).
     *
     * @return the number of cached models
     */
    public static int size() {
        return CACHE.size();
    }

    private static ScoringModel load(ModelSource source) {
        try {
            byte[] content = source.content();
            if (content != null) {
                return fromBytes(content, source.fileName());
            }
            String path = source.pathOrNull();
            URI uri = URI.create(path.replace(" ", "%20"));
            if (uri.getScheme() == null || "file".equals(uri.getScheme())) {
                Path local = uri.getScheme() == null ? Path.of(path) : Path.of(uri);
                return fromLocal(local);
            }
            org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(path);
            FileSystem fs = hp.getFileSystem(new Configuration());
            try (InputStream in = fs.open(hp)) {
                return fromBytes(in.readAllBytes(), source.fileName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load model " + source + ": " + e.getMessage(), e);
        }
    }

    private static ScoringModel fromLocal(Path path) throws IOException {
        if (isOnnx(path.getFileName().toString(), null)) {
            return fromOnnx(OnnxModel.load(path), path.toString());
        }
        Network net = KerasModels.load(path);
        return ScoringModel.of(net, path.toString());
    }

    private static ScoringModel fromBytes(byte[] content, String name) throws IOException {
        if (isOnnx(name, content)) {
            return fromOnnx(OnnxModel.load(content, name), name);
        }
        // The Keras-family readers take files (HDF5 needs random access): a private temporary copy.
        Path tmp = Files.createTempFile("engram-model-", "-" + name.replaceAll("[^A-Za-z0-9._-]", "_"));
        try {
            Files.write(tmp, content);
            return ScoringModel.of(KerasModels.load(tmp), name);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static ScoringModel fromOnnx(OnnxModel onnx, String name) throws IOException {
        // Recurrent/dense chains run on the engine's fused kernels through a Predictor; other graphs
        // would need their per-sample shapes, which batch scoring cannot infer from flat rows.
        try {
            return ScoringModel.of(onnx.toSequential(), name);
        } catch (UnsupportedOnnxException e) {
            throw new IOException(name + ": batch scoring serves ONNX graphs that convert to layers "
                    + "(recurrent and dense chains); this one does not: " + e.getMessage(), e);
        }
    }

    /** ONNX by extension, or (for bytes) by not starting like an HDF5, zip or JSON file. */
    private static boolean isOnnx(String name, byte[] content) {
        if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".onnx")) {
            return true;
        }
        if (content == null || content.length < 4) {
            return false;
        }
        boolean hdf5 = (content[0] & 0xff) == 0x89 && content[1] == 'H';
        boolean zip = content[0] == 'P' && content[1] == 'K';
        boolean json = content[0] == '{' || Character.isWhitespace(content[0]);
        return !(hdf5 || zip || json);
    }
}
