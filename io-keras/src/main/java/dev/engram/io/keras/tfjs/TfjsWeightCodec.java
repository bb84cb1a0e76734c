package dev.engram.io.keras.tfjs;

import dev.engram.io.LoadLimits;
import dev.engram.io.ReferencedFiles;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the binary side of a TF.js model: the {@code weightsManifest} groups, each a list of shard
 * {@code paths} whose bytes are concatenated in order and hold the group's weights back to back,
 * little-endian, C order. Dtypes float32, int32 and bool; quantised entries
 * ({@code quantization: {dtype: uint8|uint16, min, scale}} or {@code {dtype: float16}}) are
 * dequantised to float32 as {@code v * scale + min}.
 *
 * <p>Untrusted input: every shard must be a regular file inside the model's real folder, links
 * followed ({@link ReferencedFiles}), listed once; every declared shape
 * is checked against the bytes present before anything is allocated, and the group's bytes must be
 * used exactly.
 */
final class TfjsWeightCodec {
    private TfjsWeightCodec() {
    }

    /** Decodes every weight of every group, in manifest order. */
    static List<TfjsWeight> read(ConfigNode manifest, Path dir, LoadLimits limits) throws IOException {
        List<TfjsWeight> out = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        long total = 0;
        for (ConfigNode group : manifest.elements()) {
            group.requireObject();
            List<Path> files = new ArrayList<>();
            long available = 0;
            for (ConfigNode p : group.get("paths").elements()) {
                Path file = resolve(p, dir);
                // A shard holds its own bytes once: listing it again (in any group) would let a tiny
                // file stand for unbounded data.
                if (!seen.add(file)) {
                    throw p.error("shard \"" + p.asString() + "\" is listed more than once in the manifest");
                }
                files.add(file);
                available += Files.size(file);
                total += Files.size(file);
                if (total > limits.parameterBytes()) {
                    throw p.error(LoadLimits.exceeded("the weight shards", total, limits.parameterBytes(),
                            "--max-param-bytes") + " bytes");
                }
            }
            List<Entry> entries = new ArrayList<>();
            long offset = 0;
            for (ConfigNode w : group.get("weights").elements()) {
                Entry e = entry(w, limits);
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
            if (available > LoadLimits.MAX_ARRAY) {
                throw group.error("weight group of " + available + " bytes is larger than this reader supports ("
                        + LoadLimits.MAX_ARRAY + ")");
            }
            ByteBuffer bytes = concat(files, (int) available, group);
            for (Entry e : entries) {
                out.add(decode(e, bytes));
            }
        }
        return out;
    }

    /** The shard's real path: inside the model's real folder, a regular file, links followed. */
    private static Path resolve(ConfigNode p, Path dir) throws IOException {
        return ReferencedFiles.resolve(dir, p.asString(), detail -> p.error(detail.replace("referenced file", "shard")));
    }

    private record Entry(String name, String group, Shape shape, String storedType, String dtype, double min,
            double scale, long bytes, String pointer) {
    }

    private static Entry entry(ConfigNode w, LoadLimits limits) throws ModelFormatException {
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
            if (count > limits.tensorElements()) {
                throw w.get("shape").error("weight '" + name + "' declares the shape " + w.get("shape").describe()
                        + ": " + LoadLimits.exceeded("its elements", count, limits.tensorElements(),
                                "--max-tensor-elements"));
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
        return new TfjsWeight(e.name, e.group, Tensor.of(e.shape, v), n == 1 ? exact : 0, e.dtype, e.pointer);
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
