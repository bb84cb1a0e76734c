package dev.engram.models;

import dev.engram.io.AtomicFiles;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Engram's own file for a {@link TrainingState} (not a model format: it holds no architecture).
 * Big-endian: the magic {@code ENGRAMTS}, a version, the position, optimizer counters and seed, the
 * weights, the optimizer slots and the partial epoch logs. Written to a temporary file in the same
 * directory and moved into place, so a crash never leaves a half-written state behind. Floats are
 * stored bit for bit.
 */
public final class TrainingStateFile {
    private static final byte[] MAGIC = "ENGRAMTS".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int MAX_RANK = 16;

    private TrainingStateFile() {
    }

    /**
     * Writes {@code state} to {@code path} atomically (temporary sibling, then a move).
     *
     * @param state the state to store
     * @param path the file to create or replace; untouched when the write fails
     * @throws IOException when the file cannot be written
     */
    public static void write(TrainingState state, Path path) throws IOException {
        AtomicFiles.write(path, tmp -> {
            try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp,
                    StandardOpenOption.CREATE_NEW), 1 << 16))) {
                out.write(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(state.epoch());
                out.writeInt(state.batch());
                out.writeLong(state.iterations());
                out.writeDouble(state.learningRate());
                out.writeLong(state.seed());
                out.writeLong(state.epochSamples());
                out.writeInt(state.weights().size());
                for (Tensor t : state.weights()) {
                    writeTensor(out, t);
                }
                out.writeInt(state.optimizerState().size());
                for (Map.Entry<String, Tensor> e : state.optimizerState().entrySet()) {
                    out.writeUTF(e.getKey());
                    writeTensor(out, e.getValue());
                }
                out.writeInt(state.epochTotals().size());
                for (Map.Entry<String, Double> e : state.epochTotals().entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeDouble(e.getValue());
                }
            }
        });
    }

    /**
     * Reads a state written by {@link #write}.
     *
     * @param path a file written by {@link #write}
     * @return the state
     * @throws IOException naming the file when it is not a training state, is truncated or declares
     *                     sizes its bytes do not hold
     */
    public static TrainingState read(Path path) throws IOException {
        long size = Files.size(path);
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(path + ": not an Engram training state (no ENGRAMTS magic)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(path + ": training state version " + version + " is not supported (only "
                        + VERSION + ")");
            }
            int epoch = in.readInt();
            int batch = in.readInt();
            long iterations = in.readLong();
            double lr = in.readDouble();
            long seed = in.readLong();
            long samples = in.readLong();
            int nw = count(in, path, size, "weights");
            List<Tensor> weights = new ArrayList<>(nw);
            for (int i = 0; i < nw; i++) {
                weights.add(readTensor(in, path, size, "weight " + i));
            }
            int ns = count(in, path, size, "optimizer slots");
            Map<String, Tensor> slots = new LinkedHashMap<>();
            for (int i = 0; i < ns; i++) {
                String key = in.readUTF();
                slots.put(key, readTensor(in, path, size, "optimizer slot '" + key + "'"));
            }
            int nt = count(in, path, size, "epoch totals");
            Map<String, Double> totals = new LinkedHashMap<>();
            for (int i = 0; i < nt; i++) {
                totals.put(in.readUTF(), in.readDouble());
            }
            try {
                return new TrainingState(epoch, batch, weights, slots, iterations, lr, seed, totals, samples);
            } catch (IllegalArgumentException e) {
                throw new IOException(path + ": " + e.getMessage(), e);
            }
        } catch (EOFException e) {
            throw new IOException(path + ": training state is truncated", e);
        }
    }

    private static void writeTensor(DataOutputStream out, Tensor t) throws IOException {
        int[] dims = t.shape().toArray();
        out.writeInt(dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        for (float f : t.buffer()) {
            out.writeInt(Float.floatToRawIntBits(f));
        }
    }

    private static Tensor readTensor(DataInputStream in, Path path, long fileSize, String what) throws IOException {
        int rank = in.readInt();
        if (rank < 0 || rank > MAX_RANK) {
            throw new IOException(path + ": " + what + " declares rank " + rank);
        }
        int[] dims = new int[rank];
        long n = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = in.readInt();
            n *= dims[i];
            if (dims[i] < 0 || n * 4 > fileSize) {
                throw new IOException(path + ": " + what + " declares shape " + Arrays.toString(dims)
                        + ", more than the file's " + fileSize + " bytes hold");
            }
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.intBitsToFloat(in.readInt());
        }
        return Tensor.wrap(Shape.of(dims), v);
    }

    private static int count(DataInputStream in, Path path, long fileSize, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > fileSize) {
            throw new IOException(path + ": declares " + n + " " + what + " in a file of " + fileSize + " bytes");
        }
        return n;
    }
}
