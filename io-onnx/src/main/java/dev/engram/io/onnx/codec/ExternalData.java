package dev.engram.io.onnx.codec;

import com.google.protobuf.ByteString;
import dev.engram.io.ReferencedFiles;
import dev.engram.io.onnx.OnnxFormatException;
import dev.engram.io.onnx.proto.Onnx.GraphProto;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.StringStringEntryProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * ONNX external data (the {@code model.onnx} + {@code model.onnx.data} layout PyTorch 2 and
 * {@code onnx.save(..., save_as_external_data=True)} write): initializers whose bytes live in a side
 * file, named by the {@code external_data} entries {@code location} (relative path), {@code offset},
 * {@code length} and optionally {@code checksum} (SHA-1 hex).
 *
 * <p>Untrusted-file rules (DESIGN.md section 6): {@code location} must be relative and, after
 * resolving symlinks, a regular file inside the model's real folder; offset and length are checked
 * against the file's size and against the bytes the tensor's dims need before anything is read.
 * Messages name the model and the tensor, never an outside file's size or content.
 */
public final class ExternalData {
    /** Largest tensor read from a side file: what one Java array / protobuf ByteString can hold. */
    static final long MAX_TENSOR_BYTES = Integer.MAX_VALUE - 8;

    private ExternalData() {
    }

    /** True if any initializer of {@code model} keeps its data outside the file. */
    public static boolean uses(ModelProto model) {
        return model.getGraph().getInitializerList().stream().anyMatch(ExternalData::isExternal);
    }

    static boolean isExternal(TensorProto t) {
        return t.getDataLocation() == TensorProto.DataLocation.EXTERNAL;
    }

    /**
     * {@code model} with every external initializer's bytes read into {@code raw_data}.
     *
     * @param modelFile the {@code .onnx} file (its real folder bounds every location)
     * @throws OnnxFormatException for a location outside the folder, a missing or non-regular file,
     *                             bad offset/length/checksum, or a length the dims disagree with
     */
    public static ModelProto inline(ModelProto model, Path modelFile) throws IOException {
        String name = modelFile.toString();
        Path folder = modelFile.toRealPath().getParent();
        GraphProto.Builder g = model.getGraph().toBuilder();
        Map<Path, FileChannel> open = new HashMap<>();
        try {
            for (int i = 0; i < g.getInitializerCount(); i++) {
                TensorProto t = g.getInitializer(i);
                if (isExternal(t)) {
                    String where = name + ": initializer '" + t.getName() + "'";
                    g.setInitializer(i, t.toBuilder().clearExternalData()
                            .setDataLocation(TensorProto.DataLocation.DEFAULT)
                            .setRawData(read(t, folder, open, where)).build());
                }
            }
        } finally {
            for (FileChannel c : open.values()) {
                c.close();
            }
        }
        return model.toBuilder().setGraph(g).build();
    }

    private static ByteString read(TensorProto t, Path folder, Map<Path, FileChannel> open, String where)
            throws IOException {
        Map<String, String> kv = new HashMap<>();
        for (StringStringEntryProto e : t.getExternalDataList()) {
            if (kv.put(e.getKey(), e.getValue()) != null) {
                throw new OnnxFormatException(where + ": external_data key '" + e.getKey() + "' appears twice");
            }
        }
        String location = kv.get("location");
        if (location == null || location.isEmpty()) {
            throw new OnnxFormatException(where + ": external data without a 'location'");
        }
        // The one referenced-file check (links followed, inside the model's real folder, regular file).
        Path file = ReferencedFiles.resolve(folder, location, d -> new OnnxFormatException(where + ": external data " + d));
        long offset = number(kv, "offset", 0, where);
        long need = TensorCodec.width(t.getDataType(), where);
        for (long d : t.getDimsList()) {
            if (d < 0 || d > Shapes.MAX_ELEMENTS) {
                throw new OnnxFormatException(where + ": dims " + t.getDimsList() + " are out of range");
            }
            need *= d;
            if (need > MAX_TENSOR_BYTES) {
                throw new OnnxFormatException(where + ": dims " + t.getDimsList() + " need more than "
                        + MAX_TENSOR_BYTES + " bytes");
            }
        }
        long length = number(kv, "length", need, where);
        if (length != need) {
            throw new OnnxFormatException(where + ": external data length " + length + " but dims "
                    + t.getDimsList() + " need " + need + " bytes");
        }
        FileChannel ch = open.get(file);
        if (ch == null) {
            ch = FileChannel.open(file, StandardOpenOption.READ);
            open.put(file, ch);
        }
        if (offset > ch.size() || length > ch.size() - offset) {
            throw new OnnxFormatException(where + ": external data '" + location + "' offset " + offset
                    + " + length " + length + " runs past the end of the file");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) length);
        while (buf.hasRemaining()) {
            if (ch.read(buf, offset + buf.position()) < 0) {
                throw new OnnxFormatException(where + ": external data '" + location + "' ended early");
            }
        }
        buf.flip();
        String checksum = kv.get("checksum");
        if (checksum != null && !checksum.equalsIgnoreCase(sha1(buf.duplicate()))) {
            throw new OnnxFormatException(where + ": external data '" + location + "' fails its SHA-1 checksum");
        }
        return ByteString.copyFrom(buf);
    }

    private static long number(Map<String, String> kv, String key, long absent, String where)
            throws OnnxFormatException {
        String v = kv.get(key);
        if (v == null) {
            return absent;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new OnnxFormatException(where + ": external data '" + key + "' is '" + v
                    + "', expected a non-negative integer");
        }
    }

    private static String sha1(ByteBuffer b) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update(b);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Initializers smaller than this stay in the model (onnx's own {@code size_threshold} default). */
    static final int MIN_EXTERNAL_BYTES = 1024;

    /** Total raw bytes of {@code model}'s initializers. */
    public static long initializerBytes(ModelProto model) {
        long n = 0;
        for (TensorProto t : model.getGraph().getInitializerList()) {
            n += t.getRawData().size();
        }
        return n;
    }

    /**
     * {@code model} with the raw data of every initializer of at least 1 KiB moved to {@code data}
     * (consecutive, from offset 0) and referenced as external data at {@code location}.
     */
    public static ModelProto split(ModelProto model, String location, java.io.OutputStream data)
            throws IOException {
        GraphProto.Builder g = model.getGraph().toBuilder();
        long offset = 0;
        for (int i = 0; i < g.getInitializerCount(); i++) {
            TensorProto t = g.getInitializer(i);
            ByteString raw = t.getRawData();
            if (raw.size() < MIN_EXTERNAL_BYTES) {
                continue;
            }
            raw.writeTo(data);
            g.setInitializer(i, t.toBuilder().clearRawData().setDataLocation(TensorProto.DataLocation.EXTERNAL)
                    .addExternalData(entry("location", location))
                    .addExternalData(entry("offset", Long.toString(offset)))
                    .addExternalData(entry("length", Integer.toString(raw.size()))).build());
            offset += raw.size();
        }
        return model.toBuilder().setGraph(g).build();
    }

    private static StringStringEntryProto entry(String k, String v) {
        return StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }
}
