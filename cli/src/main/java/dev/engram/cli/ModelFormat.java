package dev.engram.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The model file formats the tool reads and writes, and detection by content (never by the file
 * name alone: a {@code .h5} that is really a zip is reported as what it is).
 */
public enum ModelFormat {
    /** TensorFlow.js layers model: {@code model.json} plus weight files, or a directory holding them. */
    TFJS("tfjs", "TensorFlow.js layers model"),
    /** Keras HDF5 ({@code model.save("m.h5")}, or weights only from {@code save_weights}). */
    H5("h5", "Keras HDF5"),
    /** Keras 3 {@code .keras} zip archive. */
    KERAS("keras", "Keras 3 .keras archive"),
    /** ONNX protobuf model. */
    ONNX("onnx", "ONNX model");

    private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private final String id;
    private final String description;

    ModelFormat(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The name used on the command line ({@code --format}): tfjs, h5, keras, onnx. */
    public String id() {
        return id;
    }

    /** A human description for {@code inspect}. */
    public String description() {
        return description;
    }

    /** Parses a {@code --format} value (case-insensitive). */
    public static ModelFormat fromId(String s) {
        for (ModelFormat f : values()) {
            if (f.id.equalsIgnoreCase(s)) {
                return f;
            }
        }
        throw CliException.usage("unknown format '" + s + "'; expected one of tfjs, h5, keras, onnx");
    }

    /**
     * The format of an existing file or directory, from its first bytes: a directory or {@code {}} is
     * TF.js, {@code \x89HDF} (at 0 or a user-block offset) HDF5, {@code PK} a .keras zip, and a
     * protobuf field 1 varint ({@code 0x08}, ONNX's {@code ir_version}) ONNX.
     *
     * @throws CliException exit 2 if the path does not exist, exit 3 if the content is none of these
     */
    public static ModelFormat detect(Path path) {
        if (Files.isDirectory(path)) {
            return TFJS;
        }
        if (!Files.exists(path)) {
            throw CliException.usage("no such file or directory: " + path);
        }
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw CliException.usage("cannot read " + path + ": " + e.getMessage(), e);
        }
        if (n == 8 && Arrays.equals(head, HDF5_MAGIC) || hdf5UserBlock(path)) {
            return H5;
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return KERAS;
        }
        int i = 0;
        if (n >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            i = 3;
        }
        while (i < n && Character.isWhitespace(head[i])) {
            i++;
        }
        if (i < n && head[i] == '{') {
            return TFJS;
        }
        if (n > 0 && head[0] == 0x08) {
            return ONNX;
        }
        StringBuilder hex = new StringBuilder();
        for (int k = 0; k < n; k++) {
            hex.append(String.format(Locale.ROOT, "%02x", head[k] & 0xff));
        }
        throw CliException.badModel(path.getFileName() + ": not a model file: expected a TF.js model.json ('{'),"
                + " Keras HDF5 (\\x89HDF), a .keras zip (PK) or ONNX protobuf (0x08); found bytes "
                + (n == 0 ? "(empty file)" : hex), null);
    }

    private static boolean hdf5UserBlock(Path path) {
        // HDF5 allows a user block before the superblock: 512, 1024, 2048, ... bytes.
        try (var ch = Files.newByteChannel(path)) {
            long size = ch.size();
            for (long off = 512; off + 8 <= size && off <= (1L << 20); off *= 2) {
                var buf = java.nio.ByteBuffer.allocate(8);
                ch.position(off);
                while (buf.hasRemaining() && ch.read(buf) > 0) {
                    // fill
                }
                if (Arrays.equals(buf.array(), HDF5_MAGIC)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
