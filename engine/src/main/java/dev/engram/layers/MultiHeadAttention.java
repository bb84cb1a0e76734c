package dev.engram.layers;

import dev.engram.internal.attention.AttentionKernels;
import dev.engram.internal.kernels.Kernels;
import dev.engram.internal.kernels.Workspace;
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
 * <p>Compute: the four projections are one engine GEMM each over all {@code batch * T} rows and all heads
 * (the key's written transposed per head, {@code [N * keyDim, batch * Tv]}, which is the layout the score
 * product reads); then one task per (sample, head) on the kernel threads runs the head's scores, masked
 * softmax and weighted sum back to back on the attention kernels ({@code dev.engram.internal.attention}),
 * register-tiled without packing, while its score plane is in L1. Inference takes its temporaries from the
 * thread's workspace and allocates only the output.
 */
public final class MultiHeadAttention extends Layer {
    private static final Kernels K = Kernels.get();
    private static final AttentionKernels AK = AttentionKernels.get();
    /** Workspace slots of the inference path (slot 0 is the recurrent kernels'). */
    private static final int SLOT_Q = 1;
    private static final int SLOT_K = 2;
    private static final int SLOT_V = 3;
    private static final int SLOT_HEADS = 4;
    private static final int SLOT_PLANE = 5;
    // Keras parity: the padding adder of Softmax(mask) for float32.
    private static final float MASK_ADDER = -1e9f;

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
     * The forward pass. With {@code keep} (training, or the scores are an output) every intermediate is a
     * fresh array kept in the returned {@link Pass}; without it (inference) the projections and the heads
     * are scratch of the calling thread's {@link Workspace} and each (sample, head) task's score plane is
     * scratch of its own thread's, so a call allocates only its output.
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
        int hk = config.keyDim();
        int hv = config.valueDim();
        int rowsQ = d.batch() * d.tq();
        int rowsV = d.batch() * d.tv();
        Workspace ws = keep ? null : Workspace.forCurrentThread();
        // The projections' biases are added by the (sample, head) tasks, each to its own slices: in parallel
        // and while the slice is in cache, instead of three serial passes over [batch * T, N * dim] arrays.
        // The same numbers as a biased GEMM, which adds the bias to the finished product.
        float[] q = project(query.buffer(), rowsQ, dq, wq, null, n * hk, buffer(ws, SLOT_Q, rowsQ * n * hk));
        float[] kt = projectTransposed(key.buffer(), rowsV, dk, wk, n * hk, buffer(ws, SLOT_K, rowsV * n * hk));
        float[] v = project(value.buffer(), rowsV, dv, wv, null, n * hv, buffer(ws, SLOT_V, rowsV * n * hv));
        float[] qBias = bq == null ? null : bq.data();
        float[] kBias = bk == null ? null : bk.data();
        float[] vBias = bv == null ? null : bv.data();
        float[] heads = buffer(ws, SLOT_HEADS, rowsQ * n * hv);
        int plane = d.tq() * d.tv();
        boolean postMask = allowed != null && config.masksWeightsAfterSoftmax();
        boolean dropout = random != null && config.dropout() > 0;
        // Kept planes: the softmax output (backward, scores output) and, when the mask multiplies it
        // afterwards, the masked copy (the scores output and the weights).
        float[] p = keep ? new float[d.batch() * n * plane] : null;
        float[] scores = postMask && keep ? new float[p.length] : p;
        float scale = (float) (1.0 / Math.sqrt(hk));
        int ldk = rowsV;
        // one task per (sample, head): it scales its query slice, and its scores, softmax and (without
        // dropout) weighted sum touch only its own plane and head columns
        K.parallelFor(d.batch() * n, t -> {
            int b = t / n;
            int h = t % n;
            int qOff = b * d.tq() * n * hk + h * hk;
            int kOff = h * hk * ldk + b * d.tv();
            int vOff = b * d.tv() * n * hv + h * hv;
            for (int i = 0; i < d.tq(); i++) {
                int row = qOff + i * n * hk;
                for (int c = 0; c < hk; c++) {
                    // Keras parity: the projected query is scaled, not the scores
                    q[row + c] = (qBias == null ? q[row + c] : q[row + c] + qBias[h * hk + c]) * scale;
                }
            }
            if (kBias != null) {
                for (int c = 0; c < hk; c++) {
                    addScalar(kt, kOff + c * ldk, d.tv(), kBias[h * hk + c]);
                }
            }
            if (vBias != null) {
                for (int j = 0; j < d.tv(); j++) {
                    K.axpy(hv, 1f, vBias, h * hv, v, vOff + j * n * hv);
                }
            }
            float[] s = p != null ? p : Workspace.forCurrentThread().floats(SLOT_PLANE, plane);
            int sOff = p != null ? t * plane : 0;
            AK.product(d.tq(), d.tv(), hk, q, qOff, n * hk, kt, kOff, ldk, s, sOff, d.tv());
            AK.softmaxRows(d.tq(), d.tv(), s, sOff, d.tv(), allowed, b * plane, d.tv(), MASK_ADDER);
            float[] w = s;
            int wOff = sOff;
            if (postMask) {
                w = scores != null ? scores : s;
                wOff = scores != null ? t * plane : sOff;
                K.mul(plane, s, sOff, allowed, b * plane, w, wOff);
            }
            if (!dropout) {
                AK.product(d.tq(), hv, d.tv(), w, wOff, d.tv(), v, vOff, n * hv, heads, b * d.tq() * n * hv + h * hv,
                        n * hv);
            }
        });
        float[] w = scores;
        float[] dropMask = null;
        if (dropout) {
            float keepRate = (float) (1 - config.dropout());
            dropMask = new float[p.length];
            w = new float[p.length];
            for (int i = 0; i < p.length; i++) {
                dropMask[i] = random.nextFloat() < keepRate ? 1f / keepRate : 0f;
                w[i] = scores[i] * dropMask[i];
            }
            float[] weights = w;
            K.parallelFor(d.batch() * n, t -> {
                int b = t / n;
                int h = t % n;
                AK.product(d.tq(), hv, d.tv(), weights, t * plane, d.tv(), v, b * d.tv() * n * hv + h * hv, n * hv,
                        heads, b * d.tq() * n * hv + h * hv, n * hv);
            });
        }
        float[] out = project(heads, rowsQ, n * hv, wo, bo, dOut, new float[rowsQ * dOut]);
        Tensor scoresOut = config.returnAttentionScores()
                ? Tensor.wrap(Shape.of(d.batch(), n, d.tq(), d.tv()), scores) : null;
        return new Pass(d, q, kt, v, p, allowed, w, dropMask, heads,
                Tensor.wrap(Shape.of(d.batch(), d.tq(), dOut), out), scoresOut);
    }

    /** A fresh array, or the workspace's slot when there is a workspace. */
    private static float[] buffer(Workspace ws, int slot, int size) {
        return ws == null ? new float[size] : ws.floats(slot, size);
    }

    /** {@code y = x [rows, in] · W [in, out] + b}. */
    private static float[] project(float[] x, int rows, int in, Parameter w, Parameter b, int out, float[] y) {
        if (b != null) {
            K.broadcastRows(b.data(), 0, rows, out, y, 0, out);
        }
        K.gemm(false, false, rows, out, in, x, 0, in, w.data(), 0, out, b != null ? 1f : 0f, y, 0, out);
        return y;
    }

    /**
     * {@code yᵀ = (x [rows, in] · W [in, out])ᵀ}, {@code [out, rows]}: the key projected straight into the
     * layout the per-head scores read (head {@code h}'s {@code Kᵀ} is rows {@code h * keyDim ..} at column
     * {@code b * Tv}), so no head is transposed separately. The GEMM packs its operands either way; each
     * element is the same sum as the untransposed projection's.
     */
    private static float[] projectTransposed(float[] x, int rows, int in, Parameter w, int out, float[] yt) {
        K.gemm(true, true, out, rows, in, w.data(), 0, out, x, 0, in, 0f, yt, 0, rows);
        return yt;
    }

    /** {@code x[off + i] += c} for {@code i < n}. */
    private static void addScalar(float[] x, int off, int n, float c) {
        for (int i = 0; i < n; i++) {
            x[off + i] += c;
        }
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
