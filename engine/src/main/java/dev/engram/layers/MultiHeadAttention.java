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
 * Multi-head attention (Keras {@code MultiHeadAttention}; Vaswani et al. 2017, "Attention Is All You
 * Need"). Inputs {@code [query [batch, Tq, dq], value [batch, Tv, dv]]}, then optionally {@code key
 * [batch, Tv, dk]} (default: the value) and, with {@link MultiHeadAttentionConfig#attentionMaskInput()}, an
 * attention mask {@code [batch, Tq, Tv]} (non-zero = may attend). With {@code N} heads:
 *
 * <pre>
 *   Q = (query · Wq + bq) / sqrt(keyDim)      [batch, Tq, N, keyDim]   (Keras EinsumDense "abc,cde->abde")
 *   K = key · Wk + bk                         [batch, Tv, N, keyDim]
 *   V = value · Wv + bv                       [batch, Tv, N, valueDim]
 *   S[h] = Q[h] · K[h]ᵀ, minus 1e9 where the mask forbids    [batch, N, Tq, Tv]
 *   P[h] = softmax(S[h]) over Tv; in training, inverted dropout on P
 *   out = concat_h(P[h] · V[h]) · Wo + bo     [batch, Tq, outputDim]   (Wo [N, valueDim, outputDim])
 * </pre>
 *
 * The mask is the logical AND of the query's time-step mask (rows), the value's and a separate key's masks
 * (columns), the causal mask ({@code j <= i}) and the attention-mask input, as Keras's
 * {@code _compute_attention_mask}. Keras parity: masked scores get {@code -1e9} added in float32 (so a query
 * step with every key masked attends uniformly), and Keras 3 multiplies the weights by the mask after the
 * softmax on its unfused path ({@link MultiHeadAttentionConfig#masksWeightsAfterSoftmax()}). The backward
 * pass is the derivative of this computation: a fully masked row's weights do not depend on its scores, so
 * no gradient reaches them (TensorFlow's autodiff passes the softmax gradient of the uniform weights). The second
 * output, when returned, is {@code P} before dropout. The output mask is the query's. Weights in Keras order:
 * query kernel, bias; key kernel, bias; value kernel, bias; output kernel, bias.
 *
 * <p>Compute ({@link MultiHeadAttentionForward}): one task per sample on the kernel threads runs the
 * sample's projections (engine GEMMs; the key written transposed per head, the layout the score product
 * reads), each head's scores, masked softmax and weighted sum on the attention kernels
 * ({@code dev.engram.internal.attention}) and the output projection, back to back while the sample is in
 * cache; a single sample splits its heads instead. Inference takes its temporaries from the threads'
 * workspaces and allocates only the output.
 */
public final class MultiHeadAttention extends Layer {
    private static final Kernels K = Kernels.get();

    private final MultiHeadAttentionConfig config;
    private final RandomGenerator ownRandom;
    private Parameter wq;
    private Parameter bq;
    private Parameter wk;
    private Parameter bk;
    private Parameter wv;
    private Parameter bv;
    private Parameter wo;
    private Parameter bo;
    /** Set at build: feature sizes of query, value, key and output, and whether a separate key input is given. */
    private int dq;
    private int dv;
    private int dk;
    private int dOut;
    private boolean hasKey;

    MultiHeadAttention(String name, MultiHeadAttentionConfig config) {
        super(name);
        this.config = config;
        this.ownRandom = config.seed() == null ? null : new SplittableRandom(config.seed());
    }

    @Override
    public MultiHeadAttentionConfig config() {
        return config;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public int outputCount() {
        return config.returnAttentionScores() ? 2 : 1;
    }

    @Override
    public String inputHint() {
        return "[query [batch, Tq, dq], value [batch, Tv, dv], optional key [batch, Tv, dk]"
                + (config.attentionMaskInput() ? ", attention mask [batch, Tq, Tv]]" : "]");
    }

    @Override
    protected List<Shape> doBuildAll(List<Shape> shapes, RandomGenerator random) {
        int extra = config.attentionMaskInput() ? 1 : 0;
        int tensors = shapes.size() - extra;
        if (tensors < 2 || tensors > 3) {
            throw new IllegalArgumentException("layer '" + name() + "' (MultiHeadAttention) takes " + inputHint()
                    + ", got " + shapes.size() + " input(s)");
        }
        for (int i = 0; i < tensors; i++) {
            if (shapes.get(i).rank() != 2 || shapes.get(i).dim(1) == Shape.UNKNOWN) {
                throw new IncompatibleShapeException(name(), i, StepView.anyOfRank(3), shapes.get(i)
                        .prepend(Shape.UNKNOWN), "(MultiHeadAttention: " + inputHint()
                        + " with known features; attention over other axes is not supported)");
            }
        }
        hasKey = tensors == 3;
        Shape q = shapes.get(0);
        Shape v = shapes.get(1);
        Shape k = hasKey ? shapes.get(2) : v;
        if (v.dim(0) != Shape.UNKNOWN && k.dim(0) != Shape.UNKNOWN && v.dim(0) != k.dim(0)) {
            throw new IncompatibleShapeException(name(), 2, Shape.of(Shape.UNKNOWN, v.dim(0), k.dim(1)),
                    k.prepend(Shape.UNKNOWN), "(MultiHeadAttention: key and value need the same steps)");
        }
        if (extra == 1 && shapes.get(tensors).rank() != 2) {
            throw new IncompatibleShapeException(name(), tensors, Shape.of(Shape.UNKNOWN, q.dim(0), v.dim(0)),
                    shapes.get(tensors).prepend(Shape.UNKNOWN), "(the attention mask [batch, Tq, Tv])");
        }
        dq = q.dim(1);
        dv = v.dim(1);
        dk = k.dim(1);
        dOut = config.outputDim() == 0 ? dq : config.outputDim();
        int n = config.numHeads();
        wq = projection(WeightRole.QUERY_KERNEL, Shape.of(dq, n, config.keyDim()), random);
        bq = bias(WeightRole.QUERY_BIAS, Shape.of(n, config.keyDim()), random);
        wk = projection(WeightRole.KEY_KERNEL, Shape.of(dk, n, config.keyDim()), random);
        bk = bias(WeightRole.KEY_BIAS, Shape.of(n, config.keyDim()), random);
        wv = projection(WeightRole.VALUE_KERNEL, Shape.of(dv, n, config.valueDim()), random);
        bv = bias(WeightRole.VALUE_BIAS, Shape.of(n, config.valueDim()), random);
        wo = projection(WeightRole.OUTPUT_KERNEL, Shape.of(n, config.valueDim(), dOut), random);
        bo = bias(WeightRole.OUTPUT_BIAS, Shape.of(dOut), random);
        Shape out = Shape.of(q.dim(0), dOut);
        return config.returnAttentionScores() ? List.of(out, Shape.of(n, q.dim(0), v.dim(0))) : List.of(out);
    }

    private Parameter projection(WeightRole role, Shape shape, RandomGenerator random) {
        return addParameter(role, config.kernelInitializer(), shape, random, true)
                .attach(config.kernelRegularizer(), config.kernelConstraint());
    }

    private Parameter bias(WeightRole role, Shape shape, RandomGenerator random) {
        return config.useBias() ? addParameter(role, config.biasInitializer(), shape, random, true)
                .attach(config.biasRegularizer(), config.biasConstraint()) : null;
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        int[] expected = inputShapes().get(index).prepend(Shape.UNKNOWN).toArray();
        expected[1] = Shape.UNKNOWN; // any number of steps
        if (config.attentionMaskInput() && index == inputShapes().size() - 1) {
            expected[2] = Shape.UNKNOWN;
        }
        if (!Shape.of(expected).accepts(input.shape())) {
            throw new IncompatibleShapeException(name(), index, Shape.of(expected), input.shape(), inputHint());
        }
    }

    /** Sizes of one call. */
    private record Dims(int batch, int tq, int tv) {
    }

    /**
     * What one call keeps for the backward pass: the scaled projected query {@code q [batch, Tq, N, keyDim]},
     * the projected key per head and transposed, {@code kt [N * keyDim, batch * Tv]}, the projected value
     * {@code v [batch, Tv, N, valueDim]}, the softmax output, the mask, the weights the values were summed
     * with, the dropout mask and the concatenated heads.
     */
    private record Pass(Dims d, float[] q, float[] kt, float[] v, float[] probs, float[] allowed, float[] weights,
            float[] dropMask, float[] heads, Tensor out, Tensor scores) {
    }

    /**
     * The forward pass ({@link MultiHeadAttentionForward}). With {@code keep} (training, or the scores are
     * an output) every intermediate is a fresh array kept in the returned {@link Pass}; without it
     * (inference) each sample's temporaries are scratch of its task's thread, so a call allocates only its
     * output.
     */
    private Pass run(List<Tensor> in, List<Tensor> masks, RandomGenerator random, boolean keep) {
        Tensor query = in.get(0);
        Tensor value = in.get(1);
        Tensor key = hasKey ? in.get(2) : value;
        Dims d = new Dims(query.shape().dim(0), query.shape().dim(1), value.shape().dim(1));
        if (value.shape().dim(0) != d.batch() || key.shape().dim(0) != d.batch() || key.shape().dim(1) != d.tv()) {
            throw new IncompatibleShapeException(name(), hasKey ? 2 : 1, value.shape(), key.shape(),
                    "(MultiHeadAttention: query, value and key need one batch size, key and value one step count)");
        }
        float[] allowed = allowed(in, masks, d);
        int n = config.numHeads();
        boolean postMask = allowed != null && config.masksWeightsAfterSoftmax();
        float[] dropMask = null;
        if (random != null && config.dropout() > 0) {
            // drawn in (sample, head, row, column) order before any task runs: the tasks' order varies
            float keepRate = (float) (1 - config.dropout());
            dropMask = new float[d.batch() * n * d.tq() * d.tv()];
            for (int i = 0; i < dropMask.length; i++) {
                dropMask[i] = random.nextFloat() < keepRate ? 1f / keepRate : 0f;
            }
        }
        var operands = new MultiHeadAttentionForward.Operands(query.buffer(), key.buffer(), value.buffer(), dq, dk,
                dv, wq.data(), data(bq), wk.data(), data(bk), wv.data(), data(bv), wo.data(), data(bo), n,
                config.keyDim(), config.valueDim(), dOut);
        var f = new MultiHeadAttentionForward(operands, d.batch(), d.tq(), d.tv(), allowed, postMask, dropMask, keep);
        float[] out = f.run();
        Tensor scoresOut = config.returnAttentionScores()
                ? Tensor.wrap(Shape.of(d.batch(), n, d.tq(), d.tv()), f.scores) : null;
        return new Pass(d, f.q, f.kt, f.v, f.probs, allowed, f.weights, dropMask, f.heads,
                Tensor.wrap(Shape.of(d.batch(), d.tq(), dOut), out), scoresOut);
    }

    private static float[] data(Parameter p) {
        return p == null ? null : p.data();
    }

    /** The combined mask {@code [batch, Tq, Tv]} (1 = may attend), or null when nothing is masked. */
    private float[] allowed(List<Tensor> in, List<Tensor> masks, Dims d) {
        Tensor qMask = masks.isEmpty() ? null : masks.get(0);
        Tensor vMask = masks.size() > 1 ? masks.get(1) : null;
        Tensor kMask = hasKey && masks.size() > 2 ? masks.get(2) : null;
        Tensor attention = config.attentionMaskInput() ? in.get(in.size() - 1) : null;
        if (qMask == null && vMask == null && kMask == null && attention == null && !config.useCausalMask()) {
            return null;
        }
        checkMask(0, qMask, d.batch(), d.tq());
        checkMask(1, vMask, d.batch(), d.tv());
        checkMask(2, kMask, d.batch(), d.tv());
        if (attention != null && (attention.shape().dim(0) != d.batch() || attention.shape().dim(1) != d.tq()
                || attention.shape().dim(2) != d.tv())) {
            throw new IncompatibleShapeException(name(), in.size() - 1, Shape.of(d.batch(), d.tq(), d.tv()),
                    attention.shape(), "(the attention mask [batch, Tq, Tv])");
        }
        float[] a = new float[d.batch() * d.tq() * d.tv()];
        for (int b = 0; b < d.batch(); b++) {
            for (int i = 0; i < d.tq(); i++) {
                for (int j = 0; j < d.tv(); j++) {
                    boolean ok = (qMask == null || qMask.buffer()[b * d.tq() + i] != 0)
                            && (vMask == null || vMask.buffer()[b * d.tv() + j] != 0)
                            && (kMask == null || kMask.buffer()[b * d.tv() + j] != 0)
                            && (!config.useCausalMask() || j <= i)
                            && (attention == null || attention.buffer()[(b * d.tq() + i) * d.tv() + j] != 0);
                    a[(b * d.tq() + i) * d.tv() + j] = ok ? 1f : 0f;
                }
            }
        }
        return a;
    }

    private void checkMask(int index, Tensor mask, int batch, int steps) {
        if (mask != null && (mask.rank() != 2 || mask.shape().dim(0) != batch || mask.shape().dim(1) != steps)) {
            throw new IncompatibleShapeException(name(), index, Shape.of(batch, steps), mask.shape(),
                    "(the time-step mask of input " + index + ")");
        }
    }

    private static boolean fullyMasked(float[] allowed, int off, int len) {
        for (int j = 0; j < len; j++) {
            if (allowed[off + j] != 0) {
                return false;
            }
        }
        return true;
    }

    private static void multiplyByMask(float[] x, float[] allowed, Dims d, int heads) {
        int plane = d.tq() * d.tv();
        for (int b = 0; b < d.batch(); b++) {
            for (int h = 0; h < heads; h++) {
                K.mul(plane, x, (b * heads + h) * plane, allowed, b * plane, x, (b * heads + h) * plane);
            }
        }
    }

    private List<Tensor> outputs(Pass p) {
        return config.returnAttentionScores() ? List.of(p.out(), p.scores()) : List.of(p.out());
    }

    @Override
    protected List<Tensor> doCallAll(List<Tensor> inputs, Tensor mask) {
        return doCallMasked(inputs, Arrays.asList(mask));
    }

    @Override
    protected List<Tensor> doCallMasked(List<Tensor> inputs, List<Tensor> masks) {
        return outputs(run(inputs, masks, null, config.returnAttentionScores()));
    }

    @Override
    protected ForwardPass doForwardAll(List<Tensor> inputs, Tensor mask, TrainingContext context) {
        return doForwardMasked(inputs, Arrays.asList(mask), context);
    }

    @Override
    protected ForwardPass doForwardMasked(List<Tensor> inputs, List<Tensor> masks, TrainingContext context) {
        Pass p = run(inputs, masks, ownRandom != null ? ownRandom : context.random(), true);
        List<Tensor> outs = outputs(p);
        return ForwardPass.ofAll(outs, g -> MultiHeadAttention.this.backward(inputs, p, g.get(0),
                g.size() > 1 && g.get(1) != null ? g.get(1).buffer() : null));
    }

    private List<Tensor> backward(List<Tensor> in, Pass p, Tensor gOut, float[] gScores) {
        Dims d = p.d();
        int n = config.numHeads();
        int hk = config.keyDim();
        int hv = config.valueDim();
        int rowsQ = d.batch() * d.tq();
        int rowsV = d.batch() * d.tv();
        int plane = d.tq() * d.tv();
        float[] dHeads = new float[p.heads().length];
        if (gOut != null) {
            float[] g = gOut.buffer();
            K.gemm(true, false, n * hv, dOut, rowsQ, p.heads(), 0, n * hv, g, 0, dOut, 1f, wo.grad(), 0, dOut);
            if (bo != null) {
                K.addColumnSums(g, 0, rowsQ, dOut, dOut, bo.grad(), 0);
            }
            K.gemm(false, true, rowsQ, n * hv, dOut, g, 0, dOut, wo.data(), 0, dOut, 0f, dHeads, 0, n * hv);
        }
        float[] dw = new float[p.probs().length];
        float[] dV = new float[rowsV * n * hv];
        for (int b = 0; b < d.batch(); b++) {
            for (int h = 0; h < n; h++) {
                int hOff = b * d.tq() * n * hv + h * hv;
                int vOff = b * d.tv() * n * hv + h * hv;
                int sOff = (b * n + h) * plane;
                K.gemm(false, true, d.tq(), d.tv(), hv, dHeads, hOff, n * hv, p.v(), vOff, n * hv, 0f, dw, sOff, d.tv());
                K.gemm(true, false, d.tv(), hv, d.tq(), p.weights(), sOff, d.tv(), dHeads, hOff, n * hv, 0f, dV, vOff,
                        n * hv);
            }
        }
        if (p.dropMask() != null) {
            K.mul(dw.length, dw, 0, p.dropMask(), 0, dw, 0);
        }
        if (gScores != null) {
            K.axpy(dw.length, 1f, gScores, 0, dw, 0);
        }
        if (p.allowed() != null && config.masksWeightsAfterSoftmax()) {
            multiplyByMask(dw, p.allowed(), d, n);
        }
        float[] probs = p.probs();
        for (int r = 0; r < d.batch() * n * d.tq(); r++) {
            int row = r * d.tv();
            if (p.allowed() != null && fullyMasked(p.allowed(), (r / (n * d.tq()) * d.tq() + r % d.tq()) * d.tv(),
                    d.tv())) {
                // every score of the row is swamped by -1e9 in float32: the weights do not depend on the scores
                Arrays.fill(dw, row, row + d.tv(), 0f);
                continue;
            }
            float dot = K.dot(d.tv(), dw, row, probs, row);
            for (int j = 0; j < d.tv(); j++) {
                dw[row + j] = probs[row + j] * (dw[row + j] - dot);
            }
        }
        float[] dQ = new float[rowsQ * n * hk];
        float[] dK = new float[rowsV * n * hk];
        for (int b = 0; b < d.batch(); b++) {
            for (int h = 0; h < n; h++) {
                int qOff = b * d.tq() * n * hk + h * hk;
                int kOff = b * d.tv() * n * hk + h * hk;
                int sOff = (b * n + h) * plane;
                K.gemm(false, true, d.tq(), hk, d.tv(), dw, sOff, d.tv(), p.kt(), h * hk * rowsV + b * d.tv(), rowsV,
                        0f, dQ, qOff, n * hk);
                K.gemm(true, false, d.tv(), hk, d.tq(), dw, sOff, d.tv(), p.q(), qOff, n * hk, 0f, dK, kOff, n * hk);
            }
        }
        float scale = (float) (1.0 / Math.sqrt(hk));
        for (int i = 0; i < dQ.length; i++) {
            dQ[i] *= scale;
        }
        Tensor query = in.get(0);
        Tensor value = in.get(1);
        Tensor key = hasKey ? in.get(2) : value;
        float[] dxq = projectBackward(query.buffer(), rowsQ, dq, wq, bq, n * hk, dQ);
        float[] dxk = projectBackward(key.buffer(), rowsV, dk, wk, bk, n * hk, dK);
        float[] dxv = projectBackward(value.buffer(), rowsV, dv, wv, bv, n * hv, dV);
        List<Tensor> grads = new ArrayList<>();
        grads.add(Tensor.wrap(query.shape(), dxq));
        if (!hasKey) {
            K.axpy(dxv.length, 1f, dxk, 0, dxv, 0);
        }
        grads.add(Tensor.wrap(value.shape(), dxv));
        if (hasKey) {
            grads.add(Tensor.wrap(key.shape(), dxk));
        }
        if (config.attentionMaskInput()) {
            grads.add(Tensor.zeros(in.get(in.size() - 1).shape())); // a mask takes no gradient
        }
        return grads;
    }

    /** Adds {@code xᵀ·dy} and the column sums of {@code dy} to the weights' gradients; returns {@code dy·Wᵀ}. */
    private static float[] projectBackward(float[] x, int rows, int in, Parameter w, Parameter b, int out, float[] dy) {
        K.gemm(true, false, in, out, rows, x, 0, in, dy, 0, out, 1f, w.grad(), 0, out);
        if (b != null) {
            K.addColumnSums(dy, 0, rows, out, out, b.grad(), 0);
        }
        float[] dx = new float[rows * in];
        K.gemm(false, true, rows, in, out, dy, 0, out, w.data(), 0, out, 0f, dx, 0, in);
        return dx;
    }
}
