package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Multi-head attention over chosen axes (Keras {@code MultiHeadAttention(attention_axes=...)}): for a
 * query {@code [batch, A1, ..., Ak, dq]} and attention axes {@code S}, every position of the other middle
 * axes is its own batch row and the axes of {@code S} form one sequence, so Keras's einsum attention
 * (softmax jointly over all key attention axes) is the plain {@link MultiHeadAttention} on
 * {@code [batch · prod(others), prod(S), d]}. The inputs are transposed to {@code [batch, others..., S...,
 * d]} and viewed so, the inner layer runs, and its output is viewed and transposed back to
 * {@code [batch, A1, ..., Ak, outputDim]}; the scores {@code [batch · prod(others), heads, Tq, Tv]} are
 * already in Keras's order {@code [batch, others..., heads, S of the query..., S of the key...]} and are
 * only viewed so. The value and key share the query's rank and its sizes on the other axes (their attention
 * axes may differ in size). The projections are the inner layer's, with Keras's kernel shapes; the
 * parameters are named after this layer. Masks are not taken (Keras's masks over several axes have no
 * engine form); the backward pass maps the gradients through the same views.
 */
public final class MultiAxisAttention extends Layer {
    private final MultiHeadAttentionConfig config;
    private final MultiHeadAttention inner;
    private int rank;
    private int[] perm;
    private int[] inverse;

    MultiAxisAttention(String name, MultiHeadAttentionConfig config) {
        super(name);
        this.config = config;
        this.inner = (MultiHeadAttention) config.withAttentionAxes(null).create(name);
        inner.scopeParameters(name, Direction.NONE);
    }

    @Override
    public MultiHeadAttentionConfig config() {
        return config;
    }

    /**
     * The attention over one sequence axis that this layer runs on the folded inputs (built with their shapes).
     *
     * @return the inner layer, sharing this layer's parameters
     */
    public MultiHeadAttention attention() {
        return inner;
    }

    /**
     * The axis order the inputs are transposed to before folding: batch, the other middle axes, the attention
     * axes, the features (set at build).
     *
     * @return a copy of the permutation
     */
    public int[] foldOrder() {
        return perm.clone();
    }

    @Override
    public List<Parameter> parameters() {
        return inner.parameters();
    }

    @Override
    public int outputCount() {
        return inner.outputCount();
    }

    @Override
    public String inputHint() {
        return "[query [batch, A1, ..., Ak, dq], value [batch, B1, ..., Bk, dv], optional key like the value] "
                + "with attention over axes " + config.attentionAxes();
    }

    @Override
    protected List<Shape> doBuildAll(List<Shape> shapes, RandomGenerator random) {
        if (shapes.size() < 2 || shapes.size() > 3) {
            throw new IllegalArgumentException("layer '" + name() + "' (MultiHeadAttention) takes " + inputHint()
                    + ", got " + shapes.size() + " input(s)");
        }
        Shape q = shapes.get(0);
        rank = q.rank() + 1;
        List<Integer> axes = config.attentionAxes();
        if (axes.get(axes.size() - 1) > rank - 2) {
            throw new IncompatibleShapeException(name(), 0, q.prepend(Shape.UNKNOWN), q.prepend(Shape.UNKNOWN),
                    "(MultiHeadAttention: attention axes " + axes
                    + " need a query of rank >= " + (axes.get(axes.size() - 1) + 2) + ")");
        }
        perm = new int[rank];
        int at = 1;
        for (int a = 1; a < rank - 1; a++) {
            if (!axes.contains(a)) {
                perm[at++] = a;
            }
        }
        for (int a : axes) {
            perm[at++] = a;
        }
        perm[rank - 1] = rank - 1;
        inverse = new int[rank];
        for (int i = 0; i < rank; i++) {
            inverse[perm[i]] = i;
        }
        List<Shape> folded = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            Shape s = shapes.get(i);
            if (s.rank() != q.rank() || s.dim(-1) == Shape.UNKNOWN) {
                throw new IncompatibleShapeException(name(), i, q.withLast(Shape.UNKNOWN).prepend(Shape.UNKNOWN),
                        s.prepend(Shape.UNKNOWN), "(" + inputHint() + ": every input of the query's rank, with known "
                        + "features)");
            }
            for (int a = 1; a < rank - 1; a++) {
                if (!axes.contains(a) && s.dim(a - 1) != q.dim(a - 1)) {
                    throw new IncompatibleShapeException(name(), i, q.withLast(s.dim(-1)).prepend(Shape.UNKNOWN),
                            s.prepend(Shape.UNKNOWN), "(" + inputHint() + ": the query's sizes on the other axes)");
                }
            }
            folded.add(Shape.of(product(s, axes), s.dim(-1)));
        }
        List<Shape> out = inner.buildAll(folded, random);
        List<Shape> result = new ArrayList<>();
        result.add(q.withLast(out.get(0).dim(-1)));
        if (out.size() > 1) {
            List<Integer> dims = new ArrayList<>();
            for (int a = 1; a < rank - 1; a++) {
                if (!axes.contains(a)) {
                    dims.add(q.dim(a - 1));
                }
            }
            dims.add(config.numHeads());
            axes.forEach(a -> dims.add(q.dim(a - 1)));
            axes.forEach(a -> dims.add(shapes.get(1).dim(a - 1)));
            result.add(Shape.of(dims.stream().mapToInt(Integer::intValue).toArray()));
        }
        return result;
    }

    /** The product of the per-sample sizes on {@code axes} (batch-inclusive numbering), or unknown. */
    private static int product(Shape s, List<Integer> axes) {
        int p = 1;
        for (int a : axes) {
            if (s.dim(a - 1) == Shape.UNKNOWN) {
                return Shape.UNKNOWN;
            }
            p = Math.multiplyExact(p, s.dim(a - 1));
        }
        return p;
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        if (input.shape().rank() != rank) {
            throw new IncompatibleShapeException(name(), index, inputShapes().get(index).prepend(Shape.UNKNOWN),
                    input.shape(), inputHint());
        }
    }

    /** {@code x [batch, A1..Ak, d]} as {@code [batch · prod(others), prod(axes), d]}. */
    private Tensor fold(Tensor x) {
        Tensor t = Permute.transpose(x, perm);
        int[] d = t.shape().toArray();
        int others = d[0];
        for (int a = 1; a < rank - 1 - config.attentionAxes().size(); a++) {
            others *= d[a];
        }
        int seq = t.size() / others / d[rank - 1];
        return Tensor.wrap(Shape.of(others, seq, d[rank - 1]), t.buffer());
    }

    /** The inverse of {@link #fold} for a tensor shaped like {@code like} but with {@code features} last. */
    private Tensor unfold(Tensor folded, Shape like) {
        int[] d = like.toArray();
        int[] t = new int[rank];
        for (int i = 0; i < rank; i++) {
            t[i] = d[perm[i]];
        }
        t[rank - 1] = folded.shape().dim(-1);
        return Permute.transpose(Tensor.wrap(Shape.of(t), folded.buffer()), inverse);
    }

    private List<Tensor> folded(List<Tensor> inputs) {
        List<Tensor> f = new ArrayList<>();
        inputs.forEach(x -> f.add(fold(x)));
        return f;
    }

    /** The inner outputs in this layer's shapes. */
    private List<Tensor> outputs(List<Tensor> innerOut, Tensor query) {
        List<Tensor> out = new ArrayList<>();
        out.add(unfold(innerOut.get(0), query.shape()));
        if (innerOut.size() > 1) {
            int[] dims = outputShapes().get(1).prepend(query.shape().dim(0)).toArray();
            out.add(Tensor.wrap(Shape.of(dims), innerOut.get(1).buffer()));
        }
        return out;
    }

    @Override
    protected List<Tensor> doCallAll(List<Tensor> inputs, Tensor mask) {
        return outputs(inner.callAll(folded(inputs), null), inputs.get(0));
    }

    @Override
    protected ForwardPass doForwardAll(List<Tensor> inputs, Tensor mask, TrainingContext context) {
        ForwardPass pass = inner.forward(folded(inputs), null, context);
        List<Tensor> outs = outputs(pass.outputs(), inputs.get(0));
        return ForwardPass.ofAll(outs, grads -> {
            List<Tensor> g = new ArrayList<>();
            g.add(grads.get(0) == null ? null : fold(grads.get(0)));
            if (grads.size() > 1) {
                Tensor s = grads.get(1);
                g.add(s == null ? null : Tensor.wrap(pass.outputs().get(1).shape(), s.buffer()));
            }
            List<Tensor> dx = pass.backwardAll(g);
            List<Tensor> out = new ArrayList<>();
            for (int i = 0; i < dx.size(); i++) {
                out.add(dx.get(i) == null ? null : unfold(dx.get(i), inputs.get(i).shape()));
            }
            return out;
        });
    }
}
