package dev.engram.internal.recurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.activations.Activations;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A training run of an LSTM, a GRU (both cells) or a simple RNN large enough for its time loops to split over
 * threads (64 samples, 2^24+ multiply-adds) gives what the same samples give in quarters too small
 * to split: outputs, final states, input gradients, initial-state gradients and the weight
 * gradients (sums over the quarters), with a mask, recurrent dropout, initial states and going
 * backwards.
 */
class RecurrentBatchSplitTest {
    private static final int B = 64;
    private static final int T = 24;
    private static final int F = 4;
    private static final int U = 128;

    private static float[] random(Random r, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (r.nextFloat() * 2 - 1) * scale;
        }
        return v;
    }

    private static float[] rows(float[] a, int from, int to, int width) {
        return Arrays.copyOfRange(a, from * width, to * width);
    }

    @Test
    void splitTimeLoopsMatchUnsplitQuarters() {
        RecurrentKernel[] kernels = {new LstmKernel(Activations.tanh(), Activations.hardSigmoid()),
            new GruKernel(Activations.tanh(), Activations.sigmoid(), false),
            new GruKernel(Activations.tanh(), Activations.sigmoid(), true), new SimpleRnnKernel(Activations.tanh())};
        for (RecurrentKernel kernel : kernels) {
            for (boolean backwards : new boolean[] {false, true}) {
                for (boolean sequences : new boolean[] {false, true}) {
                    check(kernel, backwards, sequences);
                }
            }
        }
    }

    private static void check(RecurrentKernel kernel, boolean backwards, boolean sequences) {
        Random r = new Random(backwards ? 11 : 12);
        int g = kernel.gateWidth(U);
        boolean twoBiasRows = resetAfter(kernel);
        float[][] w = {random(r, F * g, 0.3f), random(r, U * g, 1.6f / (float) Math.sqrt(U)), random(r, (twoBiasRows ? 2 : 1) * g, 0.1f)};
        RecurrentWeights weights = new RecurrentWeights(w[0], w[1], w[2]);
        int states = kernel.stateCount();
        float[] x = random(r, B * T * F, 1f);
        float[] mask = new float[B * T];
        Arrays.fill(mask, 1f);
        for (int b = 0; b < B; b += 3) {
            mask[b * T + T - 1] = 0f; // some samples padded at the end
        }
        float[] rdrop = new float[B * U];
        for (int i = 0; i < rdrop.length; i++) {
            rdrop[i] = r.nextFloat() < 0.8f ? 1.25f : 0f;
        }
        float[] h0 = random(r, B * U, 0.5f);
        float[] c0 = random(r, B * U, 0.5f);
        int outWidth = sequences ? T * U : U;
        float[] dOut = random(r, B * outWidth, 1f);

        RecurrentPlan whole = new RecurrentPlan(B, T, F, U, backwards, sequences);
        assertEquals(Math.min(B / RecurrentKernel.PARALLEL_MIN_BATCH, Runtime.getRuntime().availableProcessors()),
                kernel.parallelParts(whole),
                "the whole batch splits over the kernel threads");
        float[][] initial = states == 2 ? new float[][] {h0, c0} : new float[][] {h0};
        RecurrentTrace all = kernel.forward(whole, x, weights, new RecurrentInputs(mask, initial, null, rdrop), true);
        float[][] gradAll = {new float[w[0].length], new float[w[1].length], new float[w[2].length]};
        float[][] initAll = new float[states][];
        float[] dxAll = kernel.backward(whole, all, weights, dOut, null, grads(gradAll), initAll);

        int q = B / 4;
        RecurrentPlan quarter = new RecurrentPlan(q, T, F, U, backwards, sequences);
        assertEquals(1, kernel.parallelParts(quarter), "a quarter runs unsplit");
        float[][] gradSum = {new float[w[0].length], new float[w[1].length], new float[w[2].length]};
        for (int part = 0; part < 4; part++) {
            int b0 = part * q;
            int b1 = b0 + q;
            float[][] init0 = states == 2 ? new float[][] {rows(h0, b0, b1, U), rows(c0, b0, b1, U)}
                    : new float[][] {rows(h0, b0, b1, U)};
            RecurrentInputs in = new RecurrentInputs(rows(mask, b0, b1, T), init0, null, rows(rdrop, b0, b1, U));
            RecurrentTrace one = kernel.forward(quarter, rows(x, b0, b1, T * F), weights, in, true);
            float[][] init = new float[states][];
            float[] dx = kernel.backward(quarter, one, weights, rows(dOut, b0, b1, outWidth), null, grads(gradSum), init);
            String at = " (" + kernel.getClass().getSimpleName() + ", samples " + b0 + "-" + b1 + ", backwards "
                    + backwards + ", sequences " + sequences + ")";
            assertClose(rows(all.output, b0, b1, outWidth), one.output, "output" + at);
            for (int i = 0; i < states; i++) {
                assertClose(rows(all.finalStates[i], b0, b1, U), one.finalStates[i], "final state " + i + at);
                assertClose(rows(initAll[i], b0, b1, U), init[i], "d initial state " + i + at);
            }
            assertClose(rows(dxAll, b0, b1, T * F), dx, "dx" + at);
        }
        for (int i = 0; i < 3; i++) {
            // Sums over all B*T rows, in one GEMM against four: float rounding of the order, hence the wider margin.
            assertClose(gradAll[i], gradSum[i], 1e-4f, "weight gradient " + i + " (" + kernel.getClass().getSimpleName()
                    + ")");
        }
    }

    /** The kernel's gradient record over the three arrays (the kernel adds into them). */
    private static RecurrentWeights grads(float[][] g) {
        return new RecurrentWeights(g[0], g[1], g[2]);
    }

    private static boolean resetAfter(RecurrentKernel k) {
        return k instanceof GruKernel gru && gru.resetAfter();
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertClose(expected, actual, 1e-5f, what);
    }

    private static void assertClose(float[] expected, float[] actual, float atol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            float tol = atol + 1e-4f * Math.abs(expected[i]);
            if (Math.abs(expected[i] - actual[i]) > tol) {
                assertEquals(expected[i], actual[i], tol, what + " at " + i);
            }
        }
    }
}
