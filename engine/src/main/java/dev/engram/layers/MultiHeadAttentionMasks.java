package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;

/**
 * The attention mask of a {@link MultiHeadAttention}: for rank-3 inputs from the time-step masks, the causal mask
 * and the attention-mask input ({@link #timeAxis}); over folded attention axes ({@link AttentionFold})
 * computed as Keras computes it (tf-keras 2.18 and Keras 3.10 {@code _compute_attention_mask} and
 * {@code _masked_softmax} agree here): the causal mask is {@code [1, Tq, Tv]} with {@code Tq, Tv} the sizes of
 * the query's and the value's axis 1, whatever the attention axes ({@code row >= column}); it is combined with
 * the attention-mask input by NumPy broadcasting; the result gets size-1 axes inserted at axis
 * {@code -2·(attention axes)-1} until it has the scores' rank, and is then broadcast over the scores
 * {@code [batch, others..., heads, query attention axes..., key attention axes...]}. Whatever Keras refuses
 * (axes that cannot broadcast, an insertion axis out of bounds: a causal mask alone with two or more attention
 * axes) is refused with Keras's reason; so is a mask that would differ between heads.
 */
final class MultiHeadAttentionMasks {
    private MultiHeadAttentionMasks() {
    }

    /**
     * The combined mask {@code [batch, Tq, Tv]} (1 = may attend) of rank-3 inputs, or null when nothing is masked:
     * Keras's {@code _compute_attention_mask} (the query's time-step mask on the rows, the value's and a separate
     * key's on the columns, the causal mask, the attention-mask input {@code [batch, Tq, Tv]}).
     *
     * @param layer  the layer
     * @param hasKey whether a separate key is an input
     * @param in     the inputs
     * @param masks  the inputs' time-step masks
     * @param batch  the batch size
     * @param tq     the query's steps
     * @param tv     the value's steps
     * @return the mask, or null
     */
    static float[] timeAxis(MultiHeadAttention layer, boolean hasKey, List<Tensor> in, List<Tensor> masks, int batch,
            int tq, int tv) {
        MultiHeadAttentionConfig config = layer.config();
        String name = layer.name();
        MultiHeadAttention.Dims d = new MultiHeadAttention.Dims(batch, tq, tv);
        Tensor qMask = masks.isEmpty() ? null : masks.get(0);
        Tensor vMask = masks.size() > 1 ? masks.get(1) : null;
        Tensor kMask = hasKey && masks.size() > 2 ? masks.get(2) : null;
        Tensor attention = config.attentionMaskInput() ? in.get(in.size() - 1) : null;
        if (qMask == null && vMask == null && kMask == null && attention == null && !config.useCausalMask()) {
            return null;
        }
        checkMask(name, 0, qMask, d.batch(), d.tq());
        checkMask(name, 1, vMask, d.batch(), d.tv());
        checkMask(name, 2, kMask, d.batch(), d.tv());
        if (attention != null && (attention.shape().dim(0) != d.batch() || attention.shape().dim(1) != d.tq()
                || attention.shape().dim(2) != d.tv())) {
            throw new IncompatibleShapeException(name, in.size() - 1, Shape.of(d.batch(), d.tq(), d.tv()),
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

    private static void checkMask(String name, int index, Tensor mask, int batch, int steps) {
        if (mask != null && (mask.rank() != 2 || mask.shape().dim(0) != batch || mask.shape().dim(1) != steps)) {
            throw new IncompatibleShapeException(name, index, Shape.of(batch, steps), mask.shape(),
                    "(the time-step mask of input " + index + ")");
        }
    }

    /**
     * The mask of folded attention axes in the folded scores' layout, or null: Keras's time-step masks are refused
     * there (tf-keras 2 and Keras 3 broadcast them differently), the causal mask and the attention-mask input
     * combine as {@link #allowed} describes.
     *
     * @param layer  the layer
     * @param hasKey whether a separate key is an input
     * @param in     the inputs
     * @param masks  the inputs' time-step masks
     * @param fold   the fold
     * @return the mask, or null
     */
    static float[] folded(MultiHeadAttention layer, boolean hasKey, List<Tensor> in, List<Tensor> masks,
            AttentionFold fold) {
        for (int i = 0; i < masks.size() && i < (hasKey ? 3 : 2); i++) {
            if (masks.get(i) != null) {
                throw new IncompatibleShapeException(layer.name(), i, layer.inputShapes().get(i).prepend(Shape.UNKNOWN),
                        masks.get(i).shape(), "(MultiHeadAttention over axes of inputs of rank above 3 takes no Keras"
                        + " time-step masks: tf-keras 2 and Keras 3 broadcast them differently; pass an attention "
                        + "mask input)");
            }
        }
        MultiHeadAttentionConfig config = layer.config();
        Tensor mask = config.attentionMaskInput() ? in.get(in.size() - 1) : null;
        return allowed(layer.name(), in.size() - 1, mask, config.useCausalMask(), in.get(0).shape().toArray(),
                in.get(1).shape().toArray(), fold, config.numHeads());
    }

    /**
     * Checks at build, with per-sample shapes (batch 1), what {@link #allowed} checks at call; unknown sizes skip it.
     *
     * @param layer  the layer's name
     * @param index  the attention-mask input's index
     * @param mask   the attention-mask input's per-sample shape, or null
     * @param causal whether the causal mask applies
     * @param q      the query's per-sample shape
     * @param v      the value's per-sample shape
     * @param fold   the fold
     * @param heads  the number of heads
     */
    static void check(String layer, int index, Shape mask, boolean causal, Shape q, Shape v, AttentionFold fold,
            int heads) {
        if (mask == null && !causal || !known(q) || !known(v) || mask != null && !known(mask)) {
            return;
        }
        plan(layer, index, mask == null ? null : mask.prepend(1).toArray(), causal, q.prepend(1).toArray(),
                v.prepend(1).toArray(), fold, heads);
    }

    private static boolean known(Shape s) {
        for (int d : s.toArray()) {
            if (d == Shape.UNKNOWN) {
                return false;
            }
        }
        return true;
    }

    /**
     * The combined mask in the folded scores' layout {@code [batch · prod(others), Tq, Tv]} (1 = may attend), or
     * null when there is none.
     *
     * @param layer  the layer's name
     * @param index  the attention-mask input's index
     * @param mask   the attention-mask input (non-zero = may attend), or null
     * @param causal whether the causal mask applies
     * @param q      the query's full shape
     * @param v      the value's full shape
     * @param fold   the fold
     * @param heads  the number of heads
     * @return the mask, or null
     */
    static float[] allowed(String layer, int index, Tensor mask, boolean causal, int[] q, int[] v, AttentionFold fold,
            int heads) {
        if (mask == null && !causal) {
            return null;
        }
        int[] shape = plan(layer, index, mask == null ? null : mask.shape().toArray(), causal, q, v, fold, heads);
        float[] data;
        if (mask == null) {
            data = causal(q[1], v[1]);
        } else {
            data = new float[mask.size()];
            float[] m = mask.buffer();
            for (int i = 0; i < data.length; i++) {
                data[i] = m[i] != 0 ? 1f : 0f;
            }
            if (causal) {
                int[] cs = {1, q[1], v[1]};
                int[] both = broadcastShape(layer, index, mask.shape().toArray(), cs);
                float[] a = broadcast(data, mask.shape().toArray(), both);
                float[] c = broadcast(causal(q[1], v[1]), cs, both);
                for (int i = 0; i < a.length; i++) {
                    a[i] *= c[i];
                }
                data = a;
            }
        }
        // inserting size-1 axes keeps the element order: broadcast straight to the scores with one head
        int[] target = fold.scoresShape(q, v, 1, q[0]);
        return broadcast(data, shape, target);
    }

    /** Keras's lower-triangular {@code [1, tq, tv]}: row index >= column index. */
    private static float[] causal(int tq, int tv) {
        float[] c = new float[tq * tv];
        for (int i = 0; i < tq; i++) {
            for (int j = 0; j <= i && j < tv; j++) {
                c[i * tv + j] = 1f;
            }
        }
        return c;
    }

    /** The mask's shape after Keras's combination and axis insertions, checked against the scores. */
    private static int[] plan(String layer, int index, int[] mask, boolean causal, int[] q, int[] v,
            AttentionFold fold, int heads) {
        int[] shape = mask;
        if (causal) {
            int[] cs = {1, q[1], v[1]};
            shape = mask == null ? cs : broadcastShape(layer, index, mask, cs);
        }
        int[] scores = fold.scoresShape(q, v, heads, q[0]);
        int at = -2 * fold.axes().length - 1;
        while (shape.length < scores.length) {
            int axis = at + shape.length + 1;
            if (axis < 0) {
                throw error(layer, index, scores, shape, "Keras inserts the heads axis of a mask of rank "
                        + shape.length + " at axis " + at + ", out of bounds: it fails on this mask"
                        + (causal ? " (the causal mask is [1, Tq, Tv] over axis 1)" : ""));
            }
            int[] s = new int[shape.length + 1];
            System.arraycopy(shape, 0, s, 0, axis);
            s[axis] = 1;
            System.arraycopy(shape, axis, s, axis + 1, shape.length - axis);
            shape = s;
        }
        if (shape.length > scores.length) {
            throw error(layer, index, scores, shape, "a mask of higher rank than the scores");
        }
        for (int d = 0; d < scores.length; d++) {
            if (shape[d] != 1 && shape[d] != scores[d]) {
                throw error(layer, index, scores, shape, "Keras cannot broadcast the mask over the scores"
                        + (causal ? " (the causal mask is [1, Tq, Tv] with the sizes of the query's and value's axis 1)"
                        : ""));
            }
        }
        if (shape[1 + fold.otherCount()] != 1) {
            throw error(layer, index, scores, shape, "a mask that differs between heads: Engram masks all heads alike");
        }
        return shape;
    }

    private static IncompatibleShapeException error(String layer, int index, int[] scores, int[] mask, String why) {
        return new IncompatibleShapeException(layer, index, Shape.of(scores), Shape.of(mask),
                "(MultiHeadAttention's attention mask against the scores [batch, others..., heads, query attention "
                + "axes..., key attention axes...]: " + why + ")");
    }

    /** NumPy's broadcast shape of {@code a} and {@code b}. */
    private static int[] broadcastShape(String layer, int index, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            int x = i - (n - a.length) >= 0 ? a[i - (n - a.length)] : 1;
            int y = i - (n - b.length) >= 0 ? b[i - (n - b.length)] : 1;
            if (x != y && x != 1 && y != 1) {
                throw new IncompatibleShapeException(layer, index, Shape.of(b), Shape.of(a),
                        "(MultiHeadAttention: Keras combines the attention mask with the causal mask [1, Tq, Tv] "
                        + "(sizes of the query's and value's axis 1) by broadcasting, which fails here)");
            }
            r[i] = Math.max(x, y);
        }
        return r;
    }

    /** {@code data} of shape {@code from} broadcast (NumPy rules, aligned right) to {@code to}. */
    private static float[] broadcast(float[] data, int[] from, int[] to) {
        int n = to.length;
        int[] stride = new int[n];
        int s = 1;
        for (int i = n - 1; i >= 0; i--) {
            int j = i - (n - from.length);
            int dim = j >= 0 ? from[j] : 1;
            stride[i] = dim == 1 ? 0 : s;
            s *= dim;
        }
        int total = 1;
        for (int d : to) {
            total *= d;
        }
        float[] out = new float[total];
        int[] idx = new int[n];
        int off = 0;
        for (int k = 0; k < total; k++) {
            out[k] = data[off];
            for (int i = n - 1; i >= 0; i--) {
                idx[i]++;
                off += stride[i];
                if (idx[i] < to[i]) {
                    break;
                }
                off -= stride[i] * to[i];
                idx[i] = 0;
            }
        }
        return out;
    }
}
