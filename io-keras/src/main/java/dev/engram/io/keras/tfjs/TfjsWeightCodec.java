package dev.engram.io.keras.tfjs;

import dev.engram.io.keras.ConfigNode;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the binary side of a TF.js model: the {@code weightsManifest} groups, each a list of shard
 * {@code paths} whose bytes are concatenated in order and hold the group's weights back to back,
 * little-endian, C order. Dtypes float32, int32 and bool; quantised entries
 * ({@code quantization: {dtype: uint8|uint16, min, scale}} or {@code {dtype: float16}}) are
 * dequantised to float32 as {@code v * scale + min}.
 *
 * <p>Untrusted input: every shard path must stay inside the model directory; every declared shape
 * is checked against the bytes present before anything is allocated, and the group's bytes must be
 * used exactly.
 */
final class TfjsWeightCodec {
    /** Largest group read into memory at once. */
    private static final long MAX_GROUP_BYTES = Integer.MAX_VALUE - 8;

    private TfjsWeightCodec() {
    }

    /** Decodes every weight of every group, in manifest order. */
    static List<TfjsWeight> read(ConfigNode manifest, Path dir) throws IOException {
        List<TfjsWeight> out = new ArrayList<>();
        for (ConfigNode group : manifest.elements()) {
            group.requireObject();
            List<Path> files = new ArrayList<>();
            long available = 0;
            for (ConfigNode p : group.get("paths").elements()) {
                Path file = resolve(p, dir);
                files.add(file);
                available += Files.size(file);
            }
            List<Entry> entries = new ArrayList<>();
            long offset = 0;
            for (ConfigNode w : group.get("weights").elements()) {
                Entry e = entry(w);
                if (e.bytes > available - offset) {
                    throw w.error("weight '" + e.name + "' needs " + e.bytes + " bytes at offset " + offset
                            + " but the group's shards " + fileNames(files) + " hold only " + available + " bytes"
                            + " (truncated shard or wrong shape)");
                }
                entries.add(e);
                offset += e.bytes;
            }
            if (offset != available) {
                throw group.error("the weights use " + offset + " bytes but the shards " + fileNames(files) + " hold "
                        + available + " (the manifest does not describe the shards)");
            }
            if (available > MAX_GROUP_BYTES) {
                throw group.error("weight group of " + available + " bytes is larger than this reader supports ("
                        + MAX_GROUP_BYTES + ")");
            }
            ByteBuffer bytes = concat(files, (int) available, group);
            for (Entry e : entries) {
                out.add(decode(e, bytes));
            }
        }
        return out;
    }

    private static Path resolve(ConfigNode p, Path dir) throws ModelFormatException {
        String s = p.asString();
        Path base = dir.toAbsolutePath().normalize();
        Path file;
        try {
            file = base.resolve(s).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw p.error("invalid shard path \"" + s + "\"");
        }
        if (s.isEmpty() || !file.startsWith(base) || Path.of(s).isAbsolute()) {
            throw p.error("shard path \"" + s + "\" must be a relative path inside the model's directory");
        }
        if (!Files.isRegularFile(file)) {
            throw p.error("shard file \"" + s + "\" does not exist next to the model file");
        }
        return file;
    }

    private record Entry(String name, String group, Shape shape, String storedType, String dtype, double min,
            double scale, long bytes, String pointer) {
    }

    private static Entry entry(ConfigNode w) throws ModelFormatException {
        w.requireObject();
        String name = w.get("name").asString();
        String dtype = w.get("dtype").asString();
        if (!List.of("float32", "int32", "bool").contains(dtype)) {
            throw w.get("dtype").error("weight '" + name + "' has dtype \"" + dtype
                    + "\"; supported: float32, int32, bool");
        }
        List<ConfigNode> dims = w.get("shape").elements();
        int[] shape = new int[dims.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i).asInt(0);
            count *= shape[i];
            if (count > Integer.MAX_VALUE - 8) {
                throw w.get("shape").error("weight '" + name + "' declares " + dims.size() + " dims whose product exceeds "
                        + (Integer.MAX_VALUE - 8) + " elements: " + w.get("shape").describe());
            }
        }
        String stored = dtype;
        double min = 0;
        double scale = 1;
        ConfigNode q = w.get("quantization");
        if (!q.isNullOrMissing()) {
            stored = q.get("dtype").asString();
            switch (stored) {
                case "uint8", "uint16" -> {
                    min = q.get("min").asDouble();
                    scale = q.get("scale").asDouble();
                }
                case "float16" -> {
                }
                default -> throw q.get("dtype").error("weight '" + name + "' has quantization dtype \"" + stored
                        + "\"; supported: uint8, uint16, float16");
            }
        }
        int width = switch (stored) {
            case "uint8", "bool" -> 1;
            case "uint16", "float16" -> 2;
            default -> 4;
        };
        ConfigNode group = w.get("group");
        return new Entry(name, group.isNullOrMissing() ? null : group.asString(), Shape.of(shape), stored, dtype, min,
                scale, count * width, w.pointer());
    }

    private static ByteBuffer concat(List<Path> files, int total, ConfigNode group) throws IOException {
        byte[] all = new byte[total];
        int pos = 0;
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                int n = in.readNBytes(all, pos, total - pos);
                pos += n;
            }
        }
        if (pos != total) {
            throw group.error("shards changed while reading: expected " + total + " bytes, read " + pos);
        }
        return ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static TfjsWeight decode(Entry e, ByteBuffer b) {
        int n = e.shape.size();
        float[] v = new float[n];
        long exact = 0;
        for (int i = 0; i < n; i++) {
            v[i] = switch (e.storedType) {
                case "float32" -> b.getFloat();
                case "int32" -> {
                    int x = b.getInt();
                    exact = x;
                    yield x;
                }
                case "bool" -> b.get() != 0 ? 1f : 0f;
                case "uint8" -> (float) ((b.get() & 0xff) * e.scale + e.min);
                case "uint16" -> (float) ((b.getShort() & 0xffff) * e.scale + e.min);
                case "float16" -> halfToFloat(b.getShort());
                default -> throw new IllegalStateException(e.storedType);
            };
        }
        return new TfjsWeight(e.name, e.group, Tensor.of(e.shape, v), n == 1 ? exact : 0, e.pointer);
    }

    /** IEEE 754 binary16 to float32 (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits >>> 15) << 31;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0) {
            float m = mant / 1024f * (float) Math.pow(2, -14); // subnormal or zero
            return sign != 0 ? -m : m;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    private static List<String> fileNames(List<Path> files) {
        return files.stream().map(p -> p.getFileName().toString()).toList();
    }
}
