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
 *
 * <p>Attention axes (Keras {@code attention_axes}; {@link MultiHeadAttentionConfig#attentionAxes()}): inputs may
 * be {@code [batch, A1, ..., Ak, features]}; attention runs jointly over the chosen middle axes (default: all of
 * them, as Keras), the others being batch-like ({@code AttentionFold}: the inputs are transposed and viewed as
 * {@code [batch · others, T, features]}, the computation above runs, the output is viewed and transposed back;
 * the scores are {@code [batch, others..., heads, query attention axes..., key attention axes...]}). The causal
 * mask and an attention-mask input of any rank Keras accepts combine and broadcast as in Keras
 * ({@code MultiHeadAttentionMasks}); Keras time-step masks are refused on inputs of rank above 3 (tf-keras 2 and
 * Keras 3 broadcast them differently). Keras 3 always takes its unfused path there, so it zeroes the weights of a
 * fully masked query position ({@link #weightsMaskedAfterSoftmax()}).
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
    /** Set at build: how inputs of rank above 3 or other attention axes are folded; null for the time axis. */
    private AttentionFold fold;

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
        if (fold != null || config.attentionAxes() != null && !config.attentionAxes().equals(List.of(1))) {
            return "[query [batch, A1, ..., Ak, dq], value [batch, B1, ..., Bk, dv], optional key like the value"
                    + (config.attentionMaskInput() ? ", attention mask broadcastable to the scores" : "")
                    + "] with attention over axes " + (config.attentionAxes() == null ? "A1..Ak"
                    : config.attentionAxes());
        }
        return "[query [batch, Tq, dq], value [batch, Tv, dv], optional key [batch, Tv, dk]"
                + (config.attentionMaskInput() ? ", attention mask [batch, Tq, Tv]]" : "]");
    }

    /**
     * Whether the weights are multiplied by the mask after the softmax (Keras 3's unfused path, taken with
     * dropout, returned scores or inputs of rank above 3), so a query position with every key masked attends to
     * nothing.
     *
     * @return {@code zeroMaskedWeights} and (dropout, scores returned or folded attention axes)
     */
    public boolean weightsMaskedAfterSoftmax() {
        return config.masksWeightsAfterSoftmax() || config.zeroMaskedWeights() && fold != null;
    }

    /**
     * Whether a fully masked query position's weights are left unnormalized, as tf-keras computes them over two or
     * more attention axes ({@code exp(s - logsumexp(s))} of scores swamped by -1e9: each weight 1 when the scores
     * round alike in float32); Keras 3 zeroes them there instead ({@link #weightsMaskedAfterSoftmax()}).
     *
     * @return not {@code zeroMaskedWeights} and two or more attention axes (set at build)
     */
    public boolean unnormalizedMaskedWeights() {
        return fold != null && fold.axes().length > 1 && !config.zeroMaskedWeights();
    }

    /**
     * The axis order the inputs are transposed to before they are viewed as {@code [batch · others, T, features]}
     * (batch, the middle axes outside the attention axes, the attention axes, the features); set at build.
     *
     * @return a copy of the permutation, or null when attention runs over the time axis of rank-3 inputs
     */
    public int[] foldOrder() {
        return fold == null ? null : fold.order();
    }

    /**
     * The attention axes resolved at build (1 = the first axis after the batch; Keras's order).
     *
     * @return a copy, or null when attention runs over the time axis of rank-3 inputs
     */
    public int[] resolvedAttentionAxes() {
        return fold == null ? null : fold.axes();
    }

    @Override
    protected List<Shape> doBuildAll(List<Shape> shapes, RandomGenerator random) {
        int extra = config.attentionMaskInput() ? 1 : 0;
        int tensors = shapes.size() - extra;
        if (tensors < 2 || tensors > 3) {
            throw new IllegalArgumentException("layer '" + name() + "' (MultiHeadAttention) takes " + inputHint()
                    + ", got " + shapes.size() + " input(s)");
        }
        fold = AttentionFold.of(name(), config.attentionAxes(), shapes.get(0));
        List<Shape> per = shapes.subList(0, tensors);
        if (fold != null) {
            per = fold.foldShapes(name(), per, inputHint());
            MultiHeadAttentionMasks.check(name(), tensors, extra == 1 ? shapes.get(tensors) : null,
                    config.useCausalMask(), shapes.get(0), shapes.get(1), fold, config.numHeads());
        } else {
            for (int i = 0; i < tensors; i++) {
                if (shapes.get(i).rank() != 2 || shapes.get(i).dim(1) == Shape.UNKNOWN) {
                    throw new IncompatibleShapeException(name(), i, StepView.anyOfRank(3), shapes.get(i)
                            .prepend(Shape.UNKNOWN), "(MultiHeadAttention: " + inputHint()
                            + " with known features, or every input of the query's rank for other attention axes)");
                }
            }
            if (extra == 1 && shapes.get(tensors).rank() != 2) {
                throw new IncompatibleShapeException(name(), tensors, Shape.of(Shape.UNKNOWN, shapes.get(0).dim(0),
                        shapes.get(1).dim(0)), shapes.get(tensors).prepend(Shape.UNKNOWN),
                        "(the attention mask [batch, Tq, Tv])");
            }
        }
        hasKey = tensors == 3;
        Shape q = per.get(0);
        Shape v = per.get(1);
        Shape k = hasKey ? per.get(2) : v;
        if (v.dim(0) != Shape.UNKNOWN && k.dim(0) != Shape.UNKNOWN && v.dim(0) != k.dim(0)) {
            throw new IncompatibleShapeException(name(), 2, Shape.of(Shape.UNKNOWN, v.dim(0), k.dim(1)),
                    k.prepend(Shape.UNKNOWN), "(MultiHeadAttention: key and value need the same steps)");
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
        if (fold != null) {
            List<Shape> outs = new ArrayList<>(List.of(shapes.get(0).withLast(dOut)));
            if (config.returnAttentionScores()) {
                outs.add(Shape.of(fold.scoresShape(shapes.get(0).toArray(), shapes.get(1).toArray(), n, null)));
            }
            return outs;
        }
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
        if (fold != null) {
            Shape expected = inputShapes().get(index).prepend(Shape.UNKNOWN);
            if (!expected.accepts(input.shape())) {
                throw new IncompatibleShapeException(name(), index, expected, input.shape(), inputHint());
            }
            return;
        }
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
    record Dims(int batch, int tq, int tv) {
    }

    /**
     * What one call keeps for the backward pass: the scaled projected query {@code q [batch, Tq, N, keyDim]},
     * the projected key per head and transposed, {@code kt [N * keyDim, batch * Tv]}, the projected value
     * {@code v [batch, Tv, N, valueDim]}, the softmax output, the mask, the weights the values were summed
     * with, the dropout mask and the concatenated heads; {@code x} are the query, value and key the computation
     * read (folded when {@link #fold} is set).
     */
    record Pass(List<Tensor> x, Dims d, float[] q, float[] kt, float[] v, float[] probs, float[] allowed, float[] weights,
            float[] dropMask, float[] heads, Tensor out, Tensor scores) {
    }

    /**
     * The forward pass ({@link MultiHeadAttentionForward}). With {@code keep} (training, or the scores are
     * an output) every intermediate is a fresh array kept in the returned {@link Pass}; without it
     * (inference) each sample's temporaries are scratch of its task's thread, so a call allocates only its
     * output.
     */
    private Pass run(List<Tensor> in, List<Tensor> masks, RandomGenerator random, boolean keep) {
        List<Tensor> x = in; // the inputs as they are for the time axis (no copy: inference allocates its output only)
        if (fold != null) {
            x = new ArrayList<>(in.subList(0, hasKey ? 3 : 2));
            x.replaceAll(fold::fold);
        }
        Tensor query = x.get(0);
        Tensor value = x.get(1);
        Tensor key = hasKey ? x.get(2) : value;
        Dims d = new Dims(query.shape().dim(0), query.shape().dim(1), value.shape().dim(1));
        if (value.shape().dim(0) != d.batch() || key.shape().dim(0) != d.batch() || key.shape().dim(1) != d.tv()) {
            throw new IncompatibleShapeException(name(), hasKey ? 2 : 1, value.shape(), key.shape(),
                    "(MultiHeadAttention: query, value and key need one batch size, key and value one step count)");
        }
        int n = config.numHeads();
        float[] allowed = fold == null
                ? MultiHeadAttentionMasks.timeAxis(this, hasKey, in, masks, d.batch(), d.tq(), d.tv())
                : MultiHeadAttentionMasks.folded(this, hasKey, in, masks, fold);
        boolean postMask = allowed != null && weightsMaskedAfterSoftmax();
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
        var f = new MultiHeadAttentionForward(operands, d.batch(), d.tq(), d.tv(), allowed, postMask,
                unnormalizedMaskedWeights(), dropMask, keep);
        float[] out = f.run();
        Tensor scoresOut = config.returnAttentionScores()
                ? Tensor.wrap(Shape.of(d.batch(), n, d.tq(), d.tv()), f.scores) : null;
        return new Pass(x, d, f.q, f.kt, f.v, f.probs, allowed, f.weights, dropMask, f.heads,
                Tensor.wrap(Shape.of(d.batch(), d.tq(), dOut), out), scoresOut);
    }

    private static float[] data(Parameter p) {
        return p == null ? null : p.data();
    }

    private List<Tensor> outputs(Pass p, List<Tensor> in) {
        Tensor out = p.out();
        Tensor scores = p.scores();
        if (fold != null) {
            out = fold.unfold(out, in.get(0).shape());
            if (scores != null) {
                scores = Tensor.wrap(Shape.of(fold.scoresShape(in.get(0).shape().toArray(), in.get(1).shape()
                        .toArray(), config.numHeads(), in.get(0).shape().dim(0))), scores.buffer());
            }
        }
        return config.returnAttentionScores() ? List.of(out, scores) : List.of(out);
    }

    @Override
    protected List<Tensor> doCallAll(List<Tensor> inputs, Tensor mask) {
        return doCallMasked(inputs, Arrays.asList(mask));
    }

    @Override
    protected List<Tensor> doCallMasked(List<Tensor> inputs, List<Tensor> masks) {
        return outputs(run(inputs, masks, null, config.returnAttentionScores()), inputs);
    }

    @Override
    protected ForwardPass doForwardAll(List<Tensor> inputs, Tensor mask, TrainingContext context) {
        return doForwardMasked(inputs, Arrays.asList(mask), context);
    }

    @Override
    protected ForwardPass doForwardMasked(List<Tensor> inputs, List<Tensor> masks, TrainingContext context) {
        Pass p = run(inputs, masks, ownRandom != null ? ownRandom : context.random(), true);
        List<Tensor> outs = outputs(p, inputs);
        return ForwardPass.ofAll(outs, g -> MultiHeadAttention.this.backward(inputs, p,
                g.get(0) == null || fold == null ? g.get(0) : fold.fold(g.get(0)),
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
        float[][] g = MultiHeadAttentionBackward.throughScores(p, dHeads, n, hk, hv,
                p.allowed() != null && weightsMaskedAfterSoftmax(), gScores);
        float[] dQ = g[0];
        float[] dK = g[1];
        float[] dV = g[2];
        Tensor query = p.x().get(0);
        Tensor value = p.x().get(1);
        Tensor key = hasKey ? p.x().get(2) : value;
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
        if (fold != null) {
            for (int i = 0; i < grads.size(); i++) {
                grads.set(i, fold.unfold(grads.get(i), in.get(i).shape()));
            }
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
