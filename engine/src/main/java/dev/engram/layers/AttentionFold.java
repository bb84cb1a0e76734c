package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How {@link MultiHeadAttention} runs Keras {@code attention_axes} other than the time axis of a
 * {@code [batch, T, features]} input: for inputs {@code [batch, A1, ..., Ak, d]} every position of the middle
 * axes outside the attention axes is its own batch row and the attention axes, in Keras's order, form one
 * sequence. Keras's einsum attention (softmax jointly over every key attention axis) is then the one-axis
 * attention on {@code [batch · prod(others), prod(attention axes), d]}: each input is transposed to
 * {@code [batch, others..., attention axes..., d]} and viewed so; the output is viewed and transposed back. The
 * scores {@code [batch · prod(others), heads, Tq, Tv]} are already in Keras's layout {@code [batch, others...,
 * heads, query attention axes..., key attention axes...]}.
 *
 * <p>Keras parity: an axis is counted as Keras counts it, on the projected query {@code [batch, A1, ..., Ak,
 * heads, keyDim]}, so a negative axis {@code a} is {@code a + k + 3} ({@code -3} is the last middle axis);
 * Keras's default (none given) is every middle axis.
 */
final class AttentionFold {
    /** Rank of the inputs with the batch axis. */
    private final int rank;
    /** The attention axes, resolved (1 = the first axis after the batch), in Keras's order. */
    private final int[] axes;
    /** The middle axes outside {@link #axes}, ascending: batch-like. */
    private final int[] others;
    private final int[] perm;
    private final int[] inverse;

    private AttentionFold(int rank, int[] axes) {
        this.rank = rank;
        this.axes = axes;
        this.others = new int[rank - 2 - axes.length];
        int o = 0;
        for (int a = 1; a < rank - 1; a++) {
            if (!contains(axes, a)) {
                others[o++] = a;
            }
        }
        perm = new int[rank];
        System.arraycopy(others, 0, perm, 1, others.length);
        System.arraycopy(axes, 0, perm, 1 + others.length, axes.length);
        perm[rank - 1] = rank - 1;
        inverse = new int[rank];
        for (int i = 0; i < rank; i++) {
            inverse[perm[i]] = i;
        }
    }

    /**
     * The fold for a query of per-sample shape {@code query}, or null when attention runs over the time axis of a
     * {@code [batch, T, features]} input (no fold).
     *
     * @param layer      the layer's name, for errors
     * @param configured the configured axes (Keras numbering, may be negative), or null for every middle axis
     * @param query      the query's shape without the batch axis
     * @return the fold, or null
     * @throws IncompatibleShapeException when the query has no middle axis or an axis is outside the middle axes
     */
    static AttentionFold of(String layer, List<Integer> configured, Shape query) {
        int rank = query.rank() + 1;
        if (rank < 3) {
            throw new IncompatibleShapeException(layer, 0, StepView.anyOfRank(3), query.prepend(Shape.UNKNOWN),
                    "(MultiHeadAttention: a query [batch, A1, ..., Ak, features] with at least one middle axis)");
        }
        int[] axes;
        if (configured == null) {
            axes = new int[rank - 2];
            Arrays.setAll(axes, i -> i + 1);
        } else {
            axes = new int[configured.size()];
            for (int i = 0; i < axes.length; i++) {
                int a = configured.get(i);
                axes[i] = a < 0 ? a + rank + 1 : a;
                if (axes[i] < 1 || axes[i] > rank - 2) {
                    throw new IncompatibleShapeException(layer, 0, query.prepend(Shape.UNKNOWN),
                            query.prepend(Shape.UNKNOWN), "(MultiHeadAttention: attention axis " + a + " is axis "
                            + axes[i] + " of the projected query [batch, " + middle(rank) + "heads, keyDim]; "
                            + "attention runs over the middle axes 1.." + (rank - 2) + " only)");
                }
                for (int j = 0; j < i; j++) {
                    if (axes[j] == axes[i]) {
                        throw new IncompatibleShapeException(layer, 0, query.prepend(Shape.UNKNOWN),
                                query.prepend(Shape.UNKNOWN), "(MultiHeadAttention: attention axes " + configured
                                + " name axis " + axes[i] + " twice)");
                    }
                }
            }
        }
        return rank == 3 ? null : new AttentionFold(rank, axes);
    }

    private static String middle(int rank) {
        StringBuilder s = new StringBuilder();
        for (int a = 1; a < rank - 1; a++) {
            s.append('A').append(a).append(", ");
        }
        return s.toString();
    }

    private static boolean contains(int[] xs, int x) {
        for (int v : xs) {
            if (v == x) {
                return true;
            }
        }
        return false;
    }

    /** @return the resolved attention axes in Keras's order */
    int[] axes() {
        return axes.clone();
    }

    /** @return the axis order the inputs are transposed to before the view: batch, others, attention axes, features */
    int[] order() {
        return perm.clone();
    }

    /** @return the number of middle axes outside the attention axes (batch-like) */
    int otherCount() {
        return others.length;
    }

    /**
     * Checks the per-sample shapes of the query, value and optional key and returns them folded to
     * {@code [prod(attention axes), features]}.
     *
     * @param layer  the layer's name, for errors
     * @param shapes the per-sample shapes of query, value and optional key
     * @param hint   the layer's input hint
     * @return the folded per-sample shapes
     */
    List<Shape> foldShapes(String layer, List<Shape> shapes, String hint) {
        Shape q = shapes.get(0);
        List<Shape> folded = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            Shape s = shapes.get(i);
            if (s.rank() != q.rank() || s.dim(-1) == Shape.UNKNOWN) {
                throw new IncompatibleShapeException(layer, i, q.withLast(Shape.UNKNOWN).prepend(Shape.UNKNOWN),
                        s.prepend(Shape.UNKNOWN), "(" + hint + ": every input of the query's rank, with known "
                        + "features)");
            }
            for (int a : others) {
                if (s.dim(a - 1) != q.dim(a - 1)) {
                    throw new IncompatibleShapeException(layer, i, q.withLast(s.dim(-1)).prepend(Shape.UNKNOWN),
                            s.prepend(Shape.UNKNOWN), "(" + hint + ": the query's sizes on the other axes)");
                }
            }
            if (i == 2) {
                for (int a : axes) {
                    if (s.dim(a - 1) != shapes.get(1).dim(a - 1)) {
                        throw new IncompatibleShapeException(layer, i, shapes.get(1).withLast(s.dim(-1))
                                .prepend(Shape.UNKNOWN), s.prepend(Shape.UNKNOWN),
                                "(MultiHeadAttention: key and value need the same sizes but for the features)");
                    }
                }
            }
            folded.add(Shape.of(product(s), s.dim(-1)));
        }
        return folded;
    }

    /** The product of the per-sample sizes on the attention axes, or unknown. */
    private int product(Shape s) {
        int p = 1;
        for (int a : axes) {
            if (s.dim(a - 1) == Shape.UNKNOWN) {
                return Shape.UNKNOWN;
            }
            p = Math.multiplyExact(p, s.dim(a - 1));
        }
        return p;
    }

    /**
     * Keras's scores shape {@code [batch, others..., heads, query attention axes..., key attention axes...]}.
     *
     * @param q     the query's shape (with or without the batch axis: {@code batch} says)
     * @param v     the value's shape, like {@code q}
     * @param heads the number of heads
     * @param batch the batch size to put first, or null when the shapes have no batch axis (per-sample)
     * @return the scores shape
     */
    int[] scoresShape(int[] q, int[] v, int heads, Integer batch) {
        int shift = batch == null ? 1 : 0;
        List<Integer> dims = new ArrayList<>();
        if (batch != null) {
            dims.add(batch);
        }
        for (int a : others) {
            dims.add(q[a - shift]);
        }
        dims.add(heads);
        for (int a : axes) {
            dims.add(q[a - shift]);
        }
        for (int a : axes) {
            dims.add(v[a - shift]);
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * {@code x [batch, A1..Ak, d]} as {@code [batch · prod(others), prod(attention axes), d]}.
     *
     * @param x an input
     * @return the folded copy
     */
    Tensor fold(Tensor x) {
        Tensor t = Permute.transpose(x, perm);
        int[] d = t.shape().toArray();
        int rows = d[0];
        for (int a = 1; a <= others.length; a++) {
            rows *= d[a];
        }
        int seq = t.size() / rows / d[rank - 1];
        return Tensor.wrap(Shape.of(rows, seq, d[rank - 1]), t.buffer());
    }

    /**
     * The inverse of {@link #fold}.
     *
     * @param folded a folded tensor {@code [batch · prod(others), prod(attention axes), features]}
     * @param like   the shape of the unfolded tensor but for its features
     * @return {@code folded} in {@code like}'s layout with its own features last
     */
    Tensor unfold(Tensor folded, Shape like) {
        int[] d = like.toArray();
        int[] t = new int[rank];
        for (int i = 0; i < rank; i++) {
            t[i] = d[perm[i]];
        }
        t[rank - 1] = folded.shape().dim(-1);
        return Permute.transpose(Tensor.wrap(Shape.of(t), folded.buffer()), inverse);
    }
}
