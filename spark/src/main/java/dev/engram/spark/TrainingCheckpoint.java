package dev.engram.spark;

import dev.engram.models.Network;
import dev.engram.optimizers.Optimizer;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The state a distributed run resumes from: where it is (next epoch and batch or round, steps
 * taken), the model weights and the optimizer state. Written to any Hadoop filesystem path
 * (local, HDFS, S3) as a temporary file renamed into place, so a crash mid-write leaves the
 * previous checkpoint intact.
 *
 * @param epoch          the epoch to continue
 * @param position       the batch (gradient averaging) or round (parameter averaging) to continue at
 * @param steps          steps or rounds taken so far
 * @param weights        one array per parameter
 * @param optimizerState the optimizer's {@code state()}
 * @param iterations     the optimizer's iteration count
 */
public record TrainingCheckpoint(int epoch, int position, long steps, float[][] weights,
        Map<String, Tensor> optimizerState, long iterations) {
    private static final int MAGIC = 0x454e4731; // "ENG1"
    static final String FILE = "engram-training.ckpt";

    /** The state of {@code model} and {@code optimizer} at the given position. */
    static TrainingCheckpoint of(Network model, Optimizer optimizer, int epoch, int position, long steps) {
        return new TrainingCheckpoint(epoch, position, steps, Replicas.weightsOf(model), optimizer.state(),
                optimizer.iterations());
    }

    /**
     * Restores the checkpoint in {@code dir} (if any) into {@code model} and {@code optimizer} and
     * returns it, or null when there is none (or {@code dir} is null).
     */
    static TrainingCheckpoint resume(String dir, Configuration conf, Network model, Optimizer optimizer) {
        TrainingCheckpoint c = dir == null ? null : read(dir, conf);
        if (c != null) {
            Replicas.setWeights(model, c.weights());
            optimizer.setState(c.optimizerState(), c.iterations());
        }
        return c;
    }

    /**
     * Writes this checkpoint as {@code dir/engram-training.ckpt}.
     *
     * @param dir the checkpoint directory
     * @param conf the Hadoop configuration for the directory's file system
     * @throws java.io.UncheckedIOException when the file cannot be written
     */
    public void write(String dir, Configuration conf) {
        Path target = new Path(dir, FILE);
        Path tmp = new Path(dir, FILE + ".tmp");
        try {
            FileSystem fs = target.getFileSystem(conf);
            try (DataOutputStream out = fs.create(tmp, true)) {
                out.writeInt(MAGIC);
                out.writeInt(epoch);
                out.writeInt(position);
                out.writeLong(steps);
                out.writeLong(iterations);
                out.writeInt(weights.length);
                for (float[] w : weights) {
                    writeFloats(out, w);
                }
                out.writeInt(optimizerState.size());
                for (Map.Entry<String, Tensor> e : optimizerState.entrySet()) {
                    out.writeUTF(e.getKey());
                    writeFloats(out, e.getValue().buffer());
                }
            }
            fs.delete(target, false);
            if (!fs.rename(tmp, target)) {
                throw new IOException("rename of " + tmp + " to " + target + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write training checkpoint to " + target, e);
        }
    }

    /**
     * The checkpoint in {@code dir}, or null if there is none.
     *
     * @param dir the checkpoint directory
     * @param conf the Hadoop configuration for the directory's file system
     * @return the checkpoint, or null
     * @throws java.io.UncheckedIOException when the file exists but cannot be read or is not a checkpoint
     */
    public static TrainingCheckpoint read(String dir, Configuration conf) {
        Path target = new Path(dir, FILE);
        try {
            FileSystem fs = target.getFileSystem(conf);
            if (!fs.exists(target)) {
                return null;
            }
            try (DataInputStream in = fs.open(target)) {
                if (in.readInt() != MAGIC) {
                    throw new IOException(target + " is not an Engram training checkpoint (bad magic)");
                }
                int epoch = in.readInt();
                int position = in.readInt();
                long steps = in.readLong();
                long iterations = in.readLong();
                int n = in.readInt();
                List<float[]> weights = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    weights.add(readFloats(in));
                }
                int slots = in.readInt();
                Map<String, Tensor> state = new LinkedHashMap<>();
                for (int i = 0; i < slots; i++) {
                    String key = in.readUTF();
                    float[] v = readFloats(in);
                    state.put(key, Tensor.of(Shape.of(v.length), v));
                }
                return new TrainingCheckpoint(epoch, position, steps, weights.toArray(float[][]::new), state,
                        iterations);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read training checkpoint " + target, e);
        }
    }

    private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        out.writeInt(a.length);
        for (float v : a) {
            out.writeFloat(v);
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (1 << 28)) {
            throw new IOException("corrupt checkpoint: array of " + n + " floats");
        }
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readFloat();
        }
        return a;
    }
}
