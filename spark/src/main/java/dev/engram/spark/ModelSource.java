package dev.engram.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import scala.reflect.ClassTag$;

/**
 * Where executors find the model to score with: any file Engram reads (Keras {@code .h5},
 * {@code .keras}, a TF.js {@code model.json} or its directory, ONNX {@code .onnx}).
 *
 * <ul>
 *   <li>{@link #path(String)}: a path every executor can read, local ({@code /mnt/models/m.h5},
 *       {@code file:/...}) or any Hadoop filesystem URI ({@code hdfs://}, {@code s3a://}). Each
 *       executor reads it itself.</li>
 *   <li>{@link #broadcast(SparkSession, byte[], String)}: the file's bytes, sent once to each
 *       executor with a Spark broadcast (no shared filesystem needed; single-file formats).</li>
 * </ul>
 *
 * <p>Executors load the model once per JVM, keyed by {@link #cacheKey()}, and share it between
 * task threads (see {@link ScoringModels}).
 */
public final class ModelSource implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The path every executor reads, or null for broadcast bytes. */
    private final String path;
    /** The broadcast model file, or null for a path. */
    private final Broadcast<byte[]> bytes;
    /** The file name used in messages and to choose the reader. */
    private final String fileName;
    /** The executor cache key: the path or the SHA-256 of the bytes. */
    private final String key;

    private ModelSource(String path, Broadcast<byte[]> bytes, String fileName, String key) {
        this.path = path;
        this.bytes = bytes;
        this.fileName = fileName;
        this.key = key;
    }

    /**
     * A model file (or TF.js directory) at a path every executor can read.
     *
     * @param path a model file (h5, .keras, TF.js model.json, .onnx) or TF.js directory, e.g. on HDFS or S3
     * @return the source
     */
    public static ModelSource path(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("model path must not be empty");
        }
        return new ModelSource(path, null, fileNameOf(path), "path:" + path);
    }

    /**
     * The model file's bytes, broadcast to the executors; {@code fileName} names it in messages and
     * its extension ({@code .onnx}) chooses the reader when the content does not.
     *
     * @param spark the session whose context broadcasts the bytes
     * @param content the whole model file
     * @param fileName the file's name, e.g. {@code model.onnx}
     * @return the source
     */
    public static ModelSource broadcast(SparkSession spark, byte[] content, String fileName) {
        Broadcast<byte[]> b = spark.sparkContext().broadcast(content, ClassTag$.MODULE$.apply(byte[].class));
        return new ModelSource(null, b, fileName, "sha256:" + sha256(content));
    }

    /**
     * Reads a local file on the driver and broadcasts its bytes.
     *
     * @param spark the session whose context broadcasts the bytes
     * @param file a model file on the driver's file system
     * @return the source
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    public static ModelSource broadcast(SparkSession spark, Path file) {
        try {
            return broadcast(spark, Files.readAllBytes(file), file.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + file, e);
        }
    }

    /**
     * The path, or null for broadcast bytes.
     *
     * @return the path, or null
     */
    public String pathOrNull() {
        return path;
    }

    /**
     * The file name used in messages.
     *
     * @return the file name
     */
    public String fileName() {
        return fileName;
    }

    /**
     * The identity of the model in the executor cache: the path (a changed file at the same path
     * needs a new session, or {@link ScoringModels#evict}), or the SHA-256 of the broadcast bytes.
     *
     * @return the key
     */
    public String cacheKey() {
        return key;
    }

    /** The broadcast content (executor side); null for a path source. */
    byte[] content() {
        return bytes == null ? null : bytes.value();
    }

    private static String fileNameOf(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return path != null ? "ModelSource[" + path + "]" : "ModelSource[broadcast " + fileName + "]";
    }
}
