package dev.engram.layers;

import static dev.engram.testing.Numeric.assertClose;
import static dev.engram.testing.Numeric.randomFloats;
import static dev.engram.testing.Numeric.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerGradientCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MultiHeadAttention at shapes where the attention kernels run their vector tiles and tails (key steps
 * over four vectors plus a remainder, a value size of two vectors plus one, several heads, the benchmark
 * model's 64 x 64 x 32 heads): inference against a double-precision reference with causal, value and
 * attention masks and a fully masked query row; the training forward against inference bit for bit (one
 * compute path, the inference one only taking its scratch from the workspace); and backward against
 * central differences of the training forward.
 */
class MultiHeadAttentionWideShapesTest {

    /** One case: sizes and which masks. */
    record Dims(int batch, int tq, int tv, int dq, int dv, int dk, int heads, int hk, int hv, int dOut,
            boolean key, boolean causal, boolean masks, boolean scores) {
        int out() {
            return dOut == 0 ? dq : dOut;
        }
    }

    @ParameterizedTest(name = "Tq={1} Tv={2} heads={6} keyDim={7} valueDim={8} key={10} causal={11} masks={12}")
    @CsvSource({
        "2, 21, 67, 12, 9, 7, 3, 20, 33, 0, true, false, true, true",
        "2, 64, 64, 128, 128, 128, 4, 32, 32, 0, false, true, false, false",
        "3, 17, 33, 8, 8, 8, 2, 17, 16, 5, false, true, true, false"})
    void inferenceTrainingAndGradientsAtVectorShapes(int batch, int tq, int tv, int dq, int dv, int dk, int heads,
            int hk, int hv, int dOut, boolean key, boolean causal, boolean masks, boolean scores) {
        Dims d = new Dims(batch, tq, tv, dq, dv, dk, heads, hk, hv, dOut, key, causal, masks, scores);
        MultiHeadAttentionConfig config = Layers.multiHeadAttention(heads, hk).withValueDim(hv).withOutputDim(dOut)
                .withUseCausalMask(causal).withAttentionMaskInput(masks).withReturnAttentionScores(scores);
        Layer layer = config.create("mha");
        List<Tensor> in = new ArrayList<>(List.of(input(1, batch, tq, dq), input(2, batch, tv, dv)));
        if (key) {
            in.add(input(3, batch, tv, dk));
        }
        if (masks) {
            in.add(attentionMask(d));
        }
        List<Shape> shapes = new ArrayList<>();
        in.forEach(t -> shapes.add(t.shape().dropFirst()));
        layer.buildAll(shapes, new SplittableRandom(3));
        LayerGradientCheck.randomize(layer, 11, 0.3, 0);
        Tensor vMask = masks ? valueMask(d) : null;
        List<Tensor> maskList = Arrays.asList(null, vMask);

        List<Tensor> got = layer.callAllMasked(in, maskList);
        double[][] w = layer.parameters().stream().map(p -> toDouble(p.data())).toArray(double[][]::new);
        double[][] want = reference(d, in, vMask, w, config.masksWeightsAfterSoftmax());
        assertClose("output", want[0], got.get(0).buffer(), 1e-4, 1e-5);
        if (scores) {
            assertClose("scores", want[1], got.get(1).buffer(), 1e-4, 1e-6);
        }

        ForwardPass pass = layer.forwardMasked(in, maskList, new TrainingContext(new SplittableRandom(5)));
        assertArrayEquals(got.get(0).buffer(), pass.outputs().get(0).buffer(), "training forward = inference");
        // a second inference call reuses the workspace: same numbers
        assertArrayEquals(got.get(0).buffer(), layer.callAllMasked(in, maskList).get(0).buffer(), "repeatable");

        float[] c = randomFloats(got.get(0).size(), 8, 1.0);
        List<Tensor> grads = pass.backwardAll(List.of(Tensor.wrap(got.get(0).shape(), c)));
        SplittableRandom pick = new SplittableRandom(9);
        for (int input = 0; input < (key ? 3 : 2); input++) {
            for (int probe = 0; probe < 3; probe++) {
                int i = pick.nextInt(in.get(input).size());
                float[] x = in.get(input).toArray();
                float x0 = x[i];
                double[] f = new double[2];
                for (int s = 0; s < 2; s++) {
                    x[i] = x0 + (s == 0 ? 1e-2f : -1e-2f);
                    List<Tensor> shifted = new ArrayList<>(in);
                    shifted.set(input, Tensor.wrap(in.get(input).shape(), x));
                    float[] y = layer.callAllMasked(shifted, maskList).get(0).buffer();
                    for (int j = 0; j < y.length; j++) {
                        f[s] += (double) c[j] * y[j];
                    }
                }
                double fd = (f[0] - f[1]) / 2e-2;
                assertEquals(fd, grads.get(input).buffer()[i], tolerance(fd), "d input " + input + "[" + i + "]");
            }
        }
        // weight gradients: the key kernel (the transposed projection) and the query kernel
        for (int param : new int[] {0, 2}) {
            Parameter p = layer.parameters().get(param);
            for (int probe = 0; probe < 3; probe++) {
                int i = pick.nextInt(p.data().length);
                float w0 = p.data()[i];
                double[] f = new double[2];
                for (int s = 0; s < 2; s++) {
                    p.data()[i] = w0 + (s == 0 ? 1e-2f : -1e-2f);
                    float[] y = layer.callAllMasked(in, maskList).get(0).buffer();
                    for (int j = 0; j < y.length; j++) {
                        f[s] += (double) c[j] * y[j];
                    }
                }
                p.data()[i] = w0;
                double fd = (f[0] - f[1]) / 2e-2;
                assertEquals(fd, p.grad()[i], tolerance(fd), "d weight " + param + "[" + i + "]");
            }
        }
    }

    /**
     * Self-attention (one tensor as query and value): inference projects the three with one GEMM against
     * the concatenated kernels, training with three; the numbers must match bit for bit, also for a single
     * sample (whose heads are split over the threads instead of the samples), and the reference.
     */
    @ParameterizedTest(name = "batch={0} T={1} heads={3} keyDim={4} valueDim={5} causal={6}")
    @CsvSource({"3, 21, 12, 3, 20, 33, true", "1, 64, 128, 4, 32, 32, false", "2, 17, 40, 2, 16, 16, false"})
    void selfAttentionInferenceEqualsTraining(int batch, int t, int dim, int heads, int hk, int hv, boolean causal) {
        Dims d = new Dims(batch, t, t, dim, dim, dim, heads, hk, hv, 0, false, causal, false, false);
        MultiHeadAttentionConfig config = Layers.multiHeadAttention(heads, hk).withValueDim(hv)
                .withUseCausalMask(causal);
        Layer layer = config.create("mha");
        Tensor x = input(4, batch, t, dim);
        List<Tensor> in = List.of(x, x);
        layer.buildAll(List.of(x.shape().dropFirst(), x.shape().dropFirst()), new SplittableRandom(3));
        LayerGradientCheck.randomize(layer, 12, 0.3, 0);
        List<Tensor> noMasks = Arrays.asList(null, null);

        float[] got = layer.callAllMasked(in, noMasks).get(0).buffer();
        double[][] w = layer.parameters().stream().map(p -> toDouble(p.data())).toArray(double[][]::new);
        assertClose("output", reference(d, in, null, w, false)[0], got, 1e-4, 1e-5);
        ForwardPass pass = layer.forwardMasked(in, noMasks, new TrainingContext(new SplittableRandom(5)));
        assertArrayEquals(got, pass.outputs().get(0).buffer(), "training forward = inference");
        assertArrayEquals(got, layer.callAllMasked(in, noMasks).get(0).buffer(), "repeatable");
    }

    /** Central differences of a float forward summed over thousands of outputs: 2e-3 absolute, 5e-4 relative. */
    private static double tolerance(double fd) {
        return 2e-3 + 5e-4 * Math.abs(fd);
    }

    private static Tensor input(long seed, int... shape) {
        return Tensor.wrap(Shape.of(shape), randomFloats(Shape.of(shape).size(), seed, 1.0));
    }

    /** Every third pair masked, and sample 0's query step 1 attends to nothing. */
    private static Tensor attentionMask(Dims d) {
        float[] m = new float[d.batch() * d.tq() * d.tv()];
        for (int i = 0; i < m.length; i++) {
            m[i] = i % 3 == 1 ? 0 : 1;
        }
        Arrays.fill(m, d.tv(), 2 * d.tv(), 0f);
        return Tensor.wrap(Shape.of(d.batch(), d.tq(), d.tv()), m);
    }

    /** The last steps of each sample after the first masked out. */
    private static Tensor valueMask(Dims d) {
        float[] m = new float[d.batch() * d.tv()];
        for (int b = 0; b < d.batch(); b++) {
            for (int j = 0; j < d.tv(); j++) {
                m[b * d.tv() + j] = j < d.tv() - 5 * b ? 1 : 0;
            }
        }
        return Tensor.wrap(Shape.of(d.batch(), d.tv()), m);
    }

    /** Keras's computation in double (as {@code MultiHeadAttentionTest.reference}, any sizes). */
    private static double[][] reference(Dims d, List<Tensor> in, Tensor vMask, double[][] w, boolean zero) {
        int n = d.heads();
        double[] q = proj(toDouble(in.get(0).buffer()), d.batch() * d.tq(), d.dq(), w[0], w[1], n * d.hk());
        double[] kx = toDouble(in.get(d.key() ? 2 : 1).buffer());
        double[] k = proj(kx, d.batch() * d.tv(), d.key() ? d.dk() : d.dv(), w[2], w[3], n * d.hk());
        double[] v = proj(toDouble(in.get(1).buffer()), d.batch() * d.tv(), d.dv(), w[4], w[5], n * d.hv());
        float[] attention = d.masks() ? in.get(in.size() - 1).buffer() : null;
        double[] scores = new double[d.batch() * n * d.tq() * d.tv()];
        double[] heads = new double[d.batch() * d.tq() * n * d.hv()];
        for (int b = 0; b < d.batch(); b++) {
            for (int h = 0; h < n; h++) {
                for (int i = 0; i < d.tq(); i++) {
                    double[] s = new double[d.tv()];
                    boolean[] ok = new boolean[d.tv()];
                    boolean any = false;
                    for (int j = 0; j < d.tv(); j++) {
                        double acc = 0;
                        for (int e = 0; e < d.hk(); e++) {
                            acc += q[(b * d.tq() + i) * n * d.hk() + h * d.hk() + e] / Math.sqrt(d.hk())
                                    * k[(b * d.tv() + j) * n * d.hk() + h * d.hk() + e];
                        }
                        ok[j] = (vMask == null || vMask.buffer()[b * d.tv() + j] != 0) && (!d.causal() || j <= i)
                                && (attention == null || attention[(b * d.tq() + i) * d.tv() + j] != 0);
                        any |= ok[j];
                        s[j] = acc;
                    }
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < d.tv(); j++) {
                        s[j] = ok[j] ? s[j] : any ? s[j] - 1e9 : -1e9;
                        max = Math.max(max, s[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < d.tv(); j++) {
                        sum += Math.exp(s[j] - max);
                    }
                    int row = ((b * n + h) * d.tq() + i) * d.tv();
                    for (int j = 0; j < d.tv(); j++) {
                        double p = Math.exp(s[j] - max) / sum;
                        scores[row + j] = zero && !ok[j] ? 0 : p;
                    }
                    for (int e = 0; e < d.hv(); e++) {
                        double acc = 0;
                        for (int j = 0; j < d.tv(); j++) {
                            acc += scores[row + j] * v[(b * d.tv() + j) * n * d.hv() + h * d.hv() + e];
                        }
                        heads[(b * d.tq() + i) * n * d.hv() + h * d.hv() + e] = acc;
                    }
                }
            }
        }
        return new double[][] {proj(heads, d.batch() * d.tq(), n * d.hv(), w[6], w[7], d.out()), scores};
    }

    private static double[] proj(double[] x, int rows, int in, double[] w, double[] b, int out) {
        double[] y = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double acc = b[o];
                for (int i = 0; i < in; i++) {
                    acc += x[r * in + i] * w[i * out + o];
                }
                y[r * out + o] = acc;
            }
        }
        return y;
    }
}
