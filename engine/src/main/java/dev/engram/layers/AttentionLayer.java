package dev.engram.layers;

import dev.engram.internal.kernels.Kernels;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The shared body of Keras's {@code Attention} and {@code AdditiveAttention} (Keras's
 * {@code BaseDenseAttention}): inputs {@code [query, value]} or {@code [query, value, key]} (key
 * defaults to value), {@code query [batch, Tq, dim]}, {@code value [batch, Tv, valueDim]},
 * {@code key [batch, Tv, dim]}. With scores {@code S [batch, Tq, Tv]} from the subclass:
 *
 * <ol>
 *   <li>positions masked out (the value's time-step mask, and {@code j > i} when causal) get
 *       {@code S - 1e9} (Keras parity: subtracted, not replaced);
 *   <li>{@code P = softmax(S)} over {@code Tv}; in training, inverted dropout on {@code P};
 *   <li>{@code out = P · value}, rows of masked query steps set to 0;
 *   <li>a second output {@code P} when {@code returnAttentionScores}.
 * </ol>
 *
 * The output mask is the query's mask (Keras {@code compute_mask}). TF.js 4.22 has no attention
 * layer.
 */
abstract sealed class AttentionLayer<C extends LayerConfig<C>> extends Layer permits Attention, AdditiveAttention {
    private static final Kernels K = Kernels.get();
    // Keras parity: padding bias 1e9 (65504 only for float16).
    private static final float PADDING_BIAS = 1e9f;

    private final C config;
    private final boolean causal;
    private final boolean returnsScores;
    private final double dropout;
    private final RandomGenerator ownRandom;
    /** Set at build: feature size of query and key. */
    int dim;

    AttentionLayer(String name, C config, Long seed, boolean causal, boolean returnsScores, double dropout) {
        super(name);
        this.config = config;
        this.causal = causal;
        this.returnsScores = returnsScores;
        this.dropout = dropout;
        this.ownRandom = seed == null ? null : new SplittableRandom(seed);
    }

    @Override
    public C config() {
        return config;
    }

    final boolean causal() {
        return causal;
    }

    final boolean returnsScores() {
        return returnsScores;
    }

    final double dropout() {
        return dropout;
    }

    /** Creates the layer's weights for query/key feature size {@link #dim}. */
    abstract void buildWeights(RandomGenerator random);

    /** Writes the raw scores {@code S [batch, Tq, Tv]} of query {@code q} and key {@code k}. */
    abstract void scores(float[] q, float[] k, Dims d, float[] s);

    /** Back-propagates {@code dS} to {@code dq} and {@code dk} (added) and the weights' gradients. */
    abstract void scoresBackward(float[] q, float[] k, Dims d, float[] ds, float[] dq, float[] dk);

    /** Sizes of one call. */
    record Dims(int batch, int tq, int tv, int dim, int valueDim) {
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public int outputCount() {
        return returnsScores() ? 2 : 1;
    }

    @Override
    public String inputHint() {
        return "[query [batch, Tq, dim], value [batch, Tv, valueDim], optional key [batch, Tv, dim]]";
    }

    @Override
    protected List<Shape> doBuildAll(List<Shape> shapes, RandomGenerator random) {
        if (shapes.size() < 2 || shapes.size() > 3) {
            throw new IllegalArgumentException("layer '" + name() + "' (" + typeName()
                    + ") takes [query, value] or [query, value, key], got " + shapes.size() + " input(s)");
        }
        for (int i = 0; i < shapes.size(); i++) {
            if (shapes.get(i).rank() != 2) {
                throw new IncompatibleShapeException(name(), i, StepView.anyOfRank(3), shapes.get(i)
                        .prepend(Shape.UNKNOWN), inputHint());
            }
        }
        Shape q = shapes.get(0);
        Shape v = shapes.get(1);
        Shape k = shapes.size() > 2 ? shapes.get(2) : v;
        if (q.dim(1) == Shape.UNKNOWN || q.dim(1) != k.dim(1)) {
            throw new IncompatibleShapeException(name(), shapes.size() > 2 ? 2 : 1, Shape.of(Shape.UNKNOWN,
                    Shape.UNKNOWN, q.dim(1)), k.prepend(Shape.UNKNOWN), "(" + typeName()
                    + ": the key's features must equal the query's, known at build)");
        }
        if (v.dim(0) != Shape.UNKNOWN && k.dim(0) != Shape.UNKNOWN && v.dim(0) != k.dim(0)) {
            throw new IncompatibleShapeException(name(), 2, Shape.of(Shape.UNKNOWN, v.dim(0), k.dim(1)),
                    k.prepend(Shape.UNKNOWN), "(" + typeName() + ": key and value need the same steps)");
        }
        dim = q.dim(1);
        buildWeights(random);
        Shape out = Shape.of(q.dim(0), v.dim(1));
        return returnsScores() ? List.of(out, Shape.of(q.dim(0), v.dim(0))) : List.of(out);
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        int[] expected = inputShapes().get(index).prepend(Shape.UNKNOWN).toArray();
        expected[1] = Shape.UNKNOWN; // any number of steps
        if (!Shape.of(expected).accepts(input.shape())) {
            throw new IncompatibleShapeException(name(), index, Shape.of(expected), input.shape(), inputHint());
        }
    }

    private Dims dims(List<Tensor> in) {
        Tensor q = in.get(0);
        Tensor v = in.get(1);
        Tensor k = in.size() > 2 ? in.get(2) : v;
        int b = q.shape().dim(0);
        if (v.shape().dim(0) != b || k.shape().dim(0) != b || k.shape().dim(1) != v.shape().dim(1)) {
            throw new IncompatibleShapeException(name(), in.size() > 2 ? 2 : 1, v.shape(), k.shape(), "("
                    + typeName() + ": query, value and key need one batch size, key and value one step count)");
        }
        return new Dims(b, q.shape().dim(1), v.shape().dim(1), dim, v.shape().dim(2));
    }

    private void checkMask(int index, Tensor mask, int batch, int steps) {
        if (mask != null && (mask.rank() != 2 || mask.shape().dim(0) != batch || mask.shape().dim(1) != steps)) {
            throw new IncompatibleShapeException(name(), index, Shape.of(batch, steps), mask.shape(),
                    "(the time-step mask of input " + index + ")");
        }
    }

    /** What one call keeps for the backward pass. */
    private record Pass(Dims d, float[] probs, float[] dropMask, float[] weights, Tensor out) {
    }

    private Pass run(List<Tensor> in, List<Tensor> masks, RandomGenerator random) {
        Dims d = dims(in);
        Tensor qMask = masks.isEmpty() ? null : masks.get(0);
        Tensor vMask = masks.size() > 1 ? masks.get(1) : null;
        checkMask(0, qMask, d.batch(), d.tq());
        checkMask(1, vMask, d.batch(), d.tv());
        float[] q = in.get(0).buffer();
        float[] v = in.get(1).buffer();
        float[] k = in.size() > 2 ? in.get(2).buffer() : v;
        float[] p = new float[d.batch() * d.tq() * d.tv()];
        scores(q, k, d, p);
        for (int b = 0; b < d.batch(); b++) {
            for (int i = 0; i < d.tq(); i++) {
                int row = (b * d.tq() + i) * d.tv();
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < d.tv(); j++) {
                    if (causal() && j > i || vMask != null && vMask.buffer()[b * d.tv() + j] == 0) {
                        p[row + j] -= PADDING_BIAS;
                    }
                    max = Math.max(max, p[row + j]);
                }
                float sum = 0;
                for (int j = 0; j < d.tv(); j++) {
                    p[row + j] = (float) Math.exp(p[row + j] - max);
                    sum += p[row + j];
                }
                for (int j = 0; j < d.tv(); j++) {
                    p[row + j] /= sum;
                }
            }
        }
        float[] w = p;
        float[] dropMask = null;
        if (random != null && dropout() > 0) {
            float keep = (float) (1 - dropout());
            dropMask = new float[p.length];
            w = new float[p.length];
            for (int i = 0; i < p.length; i++) {
                dropMask[i] = random.nextFloat() < keep ? 1f / keep : 0f;
                w[i] = p[i] * dropMask[i];
            }
        }
        float[] o = new float[d.batch() * d.tq() * d.valueDim()];
        for (int b = 0; b < d.batch(); b++) {
            K.gemm(false, false, d.tq(), d.valueDim(), d.tv(), w, b * d.tq() * d.tv(), d.tv(), v,
                    b * d.tv() * d.valueDim(), d.valueDim(), 0f, o, b * d.tq() * d.valueDim(), d.valueDim());
        }
        zeroMaskedRows(o, qMask, d.batch() * d.tq(), d.valueDim());
        return new Pass(d, p, dropMask, w, Tensor.wrap(Shape.of(d.batch(), d.tq(), d.valueDim()), o));
    }

    private static void zeroMaskedRows(float[] x, Tensor mask, int rows, int cols) {
        if (mask == null) {
            return;
        }
        for (int r = 0; r < rows; r++) {
            if (mask.buffer()[r] == 0) {
                Arrays.fill(x, r * cols, (r + 1) * cols, 0f);
            }
        }
    }

    private List<Tensor> outputs(Pass p) {
        if (!returnsScores()) {
            return List.of(p.out());
        }
        return List.of(p.out(), Tensor.wrap(Shape.of(p.d().batch(), p.d().tq(), p.d().tv()), p.weights()));
    }

    @Override
    protected List<Tensor> doCallAll(List<Tensor> inputs, Tensor mask) {
        return doCallMasked(inputs, Arrays.asList(mask, null));
    }

    @Override
    protected List<Tensor> doCallMasked(List<Tensor> inputs, List<Tensor> masks) {
        return outputs(run(inputs, masks, null));
    }

    @Override
    protected ForwardPass doForwardAll(List<Tensor> inputs, Tensor mask, TrainingContext context) {
        return doForwardMasked(inputs, Arrays.asList(mask, null), context);
    }

    @Override
    protected ForwardPass doForwardMasked(List<Tensor> inputs, List<Tensor> masks, TrainingContext context) {
        Pass p = run(inputs, masks, ownRandom != null ? ownRandom : context.random());
        List<Tensor> outs = outputs(p);
        Tensor qMask = masks.isEmpty() ? null : masks.get(0);
        return ForwardPass.ofAll(outs, g -> AttentionLayer.this.backward(inputs, qMask, p, g));
    }

    private List<Tensor> backward(List<Tensor> in, Tensor qMask, Pass p, List<Tensor> g) {
        Dims d = p.d();
        float[] q = in.get(0).buffer();
        float[] v = in.get(1).buffer();
        float[] k = in.size() > 2 ? in.get(2).buffer() : v;
        int sCount = d.batch() * d.tq() * d.tv();
        float[] dw = g.size() > 1 && g.get(1) != null ? g.get(1).buffer().clone() : new float[sCount];
        float[] dv = new float[v.length];
        if (g.get(0) != null) {
            float[] dOut = g.get(0).buffer().clone();
            zeroMaskedRows(dOut, qMask, d.batch() * d.tq(), d.valueDim());
            for (int b = 0; b < d.batch(); b++) {
                int oOff = b * d.tq() * d.valueDim();
                int vOff = b * d.tv() * d.valueDim();
                int sOff = b * d.tq() * d.tv();
                K.gemm(false, true, d.tq(), d.tv(), d.valueDim(), dOut, oOff, d.valueDim(), v, vOff, d.valueDim(), 1f,
                        dw, sOff, d.tv());
                K.gemm(true, false, d.tv(), d.valueDim(), d.tq(), p.weights(), sOff, d.tv(), dOut, oOff,
                        d.valueDim(), 0f, dv, vOff, d.valueDim());
            }
        }
        if (p.dropMask() != null) {
            for (int i = 0; i < sCount; i++) {
                dw[i] *= p.dropMask()[i];
            }
        }
        // Softmax backward; the padding bias is a constant and takes no gradient.
        float[] ds = new float[sCount];
        float[] probs = p.probs();
        for (int r = 0; r < d.batch() * d.tq(); r++) {
            int row = r * d.tv();
            float dot = 0;
            for (int j = 0; j < d.tv(); j++) {
                dot += dw[row + j] * probs[row + j];
            }
            for (int j = 0; j < d.tv(); j++) {
                ds[row + j] = probs[row + j] * (dw[row + j] - dot);
            }
        }
        float[] dq = new float[q.length];
        float[] dk = new float[k.length];
        scoresBackward(q, k, d, ds, dq, dk);
        List<Tensor> grads = new ArrayList<>();
        grads.add(Tensor.wrap(in.get(0).shape(), dq));
        if (in.size() > 2) {
            grads.add(Tensor.wrap(in.get(1).shape(), dv));
            grads.add(Tensor.wrap(in.get(2).shape(), dk));
        } else {
            for (int i = 0; i < dv.length; i++) {
                dv[i] += dk[i];
            }
            grads.add(Tensor.wrap(in.get(1).shape(), dv));
        }
        return grads;
    }

    /**
     * Additive-style scores {@code S[b,i,j] = c * sum_d w_d * tanh(s * (q[b,i,d] + k[b,j,d]))}
     * ({@code w} null for all ones), shared by {@code Attention(score_mode="concat")} and
     * {@code AdditiveAttention}.
     */
    static void tanhScores(float[] q, float[] k, Dims d, float s, float[] w, float c, float[] out) {
        for (int b = 0; b < d.batch(); b++) {
            for (int i = 0; i < d.tq(); i++) {
                int qo = (b * d.tq() + i) * d.dim();
                for (int j = 0; j < d.tv(); j++) {
                    int ko = (b * d.tv() + j) * d.dim();
                    float acc = 0;
                    for (int e = 0; e < d.dim(); e++) {
                        float t = (float) Math.tanh(s * (q[qo + e] + k[ko + e]));
                        acc += w == null ? t : w[e] * t;
                    }
                    out[(b * d.tq() + i) * d.tv() + j] = c * acc;
                }
            }
        }
    }

    /**
     * Backward of {@link #tanhScores}: adds to {@code dq}, {@code dk}, and returns
     * {@code [dS/ds, dS/dc]} summed against {@code ds}; adds {@code dw} when {@code w} is given.
     */
    static float[] tanhScoresBackward(float[] q, float[] k, Dims d, float s, float[] w, float c, float[] ds,
            float[] dq, float[] dk, float[] dw) {
        double dScale = 0;
        double dC = 0;
        for (int b = 0; b < d.batch(); b++) {
            for (int i = 0; i < d.tq(); i++) {
                int qo = (b * d.tq() + i) * d.dim();
                for (int j = 0; j < d.tv(); j++) {
                    int ko = (b * d.tv() + j) * d.dim();
                    float g = ds[(b * d.tq() + i) * d.tv() + j];
                    if (g == 0) {
                        continue;
                    }
                    for (int e = 0; e < d.dim(); e++) {
                        float sum = q[qo + e] + k[ko + e];
                        float t = (float) Math.tanh(s * sum);
                        float we = w == null ? 1f : w[e];
                        dC += g * we * t;
                        if (dw != null) {
                            dw[e] += g * c * t;
                        }
                        float du = g * c * we * (1 - t * t);
                        dScale += du * sum;
                        dq[qo + e] += du * s;
                        dk[ko + e] += du * s;
                    }
                }
            }
        }
        return new float[] {(float) dScale, (float) dC};
    }
}
