package dev.engram.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.engram.activations.Activations;
import dev.engram.internal.recurrent.LstmKernel;
import dev.engram.internal.recurrent.RecurrentPlan;
import dev.engram.internal.recurrent.RecurrentWeights;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Batch-1 LSTM inference with each step's units split over two kernel threads (the recurrent
 * package's {@code LstmUnitSplit}) gives the same numbers in both of its modes (two cores, and its
 * one-core mode, which it alternates with while measuring) and what one kernel thread gives, for
 * unit counts with and without vector tails, going forwards and backwards, with and without
 * sequences, and matches the LSTM equations in double. Lives beside the kernels because it sets
 * the kernel threads.
 */
class LstmUnitSplitTest {

    @AfterEach
    void restoreThreads() {
        KernelThreads.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void splitStepsMatchOneThreadBitForBit() {
        Random r = new Random(31);
        for (int u : new int[] {64, 100, 128, 160}) {
            for (boolean backwards : new boolean[] {false, true}) {
                for (boolean sequences : new boolean[] {false, true}) {
                    check(r, u, backwards, sequences);
                }
            }
        }
    }

    private static void check(Random r, int u, boolean backwards, boolean sequences) {
        int steps = 7;
        int f = 5;
        int g = 4 * u;
        float[] w = random(r, f * g, 0.4f);
        float[] rw = random(r, u * g, 1.5f / (float) Math.sqrt(u));
        float[] bias = random(r, g, 0.2f);
        float[] x = random(r, steps * f, 1f);
        RecurrentWeights weights = new RecurrentWeights(w, rw, bias);
        RecurrentPlan plan = new RecurrentPlan(1, steps, f, u, backwards, sequences);
        LstmKernel kernel = new LstmKernel(Activations.tanh(), Activations.sigmoid());
        int outSize = sequences ? steps * u : u;
        KernelThreads.setThreads(1);
        float[] one = new float[outSize];
        kernel.infer(plan, x, 0, weights, one, 0, new Workspace());
        KernelThreads.setThreads(2);
        Workspace ws = new Workspace();
        String what = "u=" + u + " backwards=" + backwards + " sequences=" + sequences;
        // Over more calls than its exploring period, the split runs both of its modes: they agree bit
        // for bit. With whole vectors per gate block, so does one thread's path; with a vector tail
        // in the block, one thread applies the gate activations of i and f in one call, so a few
        // values come from the other side of the vector/tail boundary (within an ulp or two).
        float[] first = null;
        for (int call = 0; call < 130; call++) {
            float[] split = new float[outSize];
            kernel.infer(plan, x, 0, weights, split, 0, ws);
            if (first == null) {
                first = split;
            }
            assertArrayEquals(first, split, what + " call " + call);
            if (u % 32 == 0) {
                assertArrayEquals(one, split, what + " call " + call);
            } else {
                assertArrayEquals(one, split, 1e-6f, what + " call " + call);
            }
        }
        float[] reference = referenceLstm(x, steps, f, u, w, rw, bias, backwards, sequences);
        for (int i = 0; i < outSize; i++) {
            org.junit.jupiter.api.Assertions.assertEquals(reference[i], one[i], 1e-5, what + " output " + i);
        }
    }

    /** The six LSTM equations in double, gate blocks i, f, c, o. */
    private static float[] referenceLstm(float[] x, int steps, int f, int u, float[] w, float[] rw, float[] bias,
            boolean backwards, boolean sequences) {
        int g = 4 * u;
        double[] h = new double[u];
        double[] c = new double[u];
        float[] out = new float[sequences ? steps * u : u];
        for (int s = 0; s < steps; s++) {
            int t = backwards ? steps - 1 - s : s;
            double[] z = new double[g];
            for (int col = 0; col < g; col++) {
                double v = bias[col];
                for (int p = 0; p < f; p++) {
                    v += x[t * f + p] * (double) w[p * g + col];
                }
                for (int p = 0; p < u; p++) {
                    v += h[p] * rw[p * g + col];
                }
                z[col] = v;
            }
            for (int j = 0; j < u; j++) {
                double i = 1 / (1 + Math.exp(-z[j]));
                double fg = 1 / (1 + Math.exp(-z[u + j]));
                double cand = Math.tanh(z[2 * u + j]);
                double o = 1 / (1 + Math.exp(-z[3 * u + j]));
                c[j] = fg * c[j] + i * cand;
                h[j] = o * Math.tanh(c[j]);
                if (sequences) {
                    out[s * u + j] = (float) h[j];
                }
            }
        }
        if (!sequences) {
            for (int j = 0; j < u; j++) {
                out[j] = (float) h[j];
            }
        }
        return out;
    }

    private static float[] random(Random r, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (r.nextFloat() * 2 - 1) * scale;
        }
        return v;
    }
}
