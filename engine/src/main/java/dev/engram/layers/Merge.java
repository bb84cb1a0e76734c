package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Combines two or more inputs into one: concatenation along an axis, or the element-wise sum,
 * product, mean, difference, maximum or minimum of inputs of equal shape (Keras {@code Concatenate},
 * {@code Add}, {@code Multiply}, {@code Average}, {@code Subtract} (exactly two inputs),
 * {@code Maximum}, {@code Minimum}). The inputs' masks combine by the config's {@link MergeMaskRule} (the
 * peers differ); a concatenation along time concatenates them. Under Keras 3's rule, Multiply, Maximum and
 * Minimum also leave each input's masked steps out of the values ({@link MergeValueMask}). The gradient of a
 * maximum or minimum goes to the first input holding the extreme value (TensorFlow parity:
 * {@code tf.maximum}'s gradient takes ties to its first operand, and Keras folds inputs left to right).
 */
public final class Merge extends Layer {
    private final MergeConfig config;
    private int axis; // in per-sample shape + batch coordinates, non-negative

    Merge(String name, MergeConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public MergeConfig config() {
        return config;
    }

    @Override
    public String typeName() {
        return switch (config.mode()) {
            case CONCATENATE -> "Concatenate";
            case ADD -> "Add";
            case MULTIPLY -> "Multiply";
            case AVERAGE -> "Average";
            case SUBTRACT -> "Subtract";
            case MAXIMUM -> "Maximum";
            case MINIMUM -> "Minimum";
        };
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected List<Shape> doBuildAll(List<Shape> shapes, RandomGenerator random) {
        if (shapes.size() < 2) {
            throw new IllegalArgumentException("Layer '" + name() + "' (" + typeName() + ") needs at least 2 inputs, got "
                    + shapes.size());
        }
        if (config.mode() == MergeMode.SUBTRACT && shapes.size() != 2) {
            throw new IllegalArgumentException("Layer '" + name() + "' (Subtract) takes exactly 2 inputs, got "
                    + shapes.size());
        }
        Shape first = shapes.get(0);
        if (config.mode() != MergeMode.CONCATENATE) {
            for (int i = 1; i < shapes.size(); i++) {
                if (!shapes.get(i).equals(first)) {
                    throw new IncompatibleShapeException(name(), i, first.prepend(Shape.UNKNOWN),
                            shapes.get(i).prepend(Shape.UNKNOWN), "(" + typeName() + " needs inputs of equal shape)");
                }
            }
            return List.of(first);
        }
        int rank = first.rank() + 1;
        axis = config.axis() < 0 ? rank + config.axis() : config.axis();
        if (axis < 1 || axis >= rank) {
            throw new IllegalArgumentException("Layer '" + name() + "': axis " + config.axis() + " is out of range for inputs "
                    + first.prepend(Shape.UNKNOWN));
        }
        int total = 0;
        for (int i = 0; i < shapes.size(); i++) {
            Shape s = shapes.get(i);
            if (s.rank() != first.rank()) {
                throw new IncompatibleShapeException(name(), i, first.prepend(Shape.UNKNOWN), s.prepend(Shape.UNKNOWN),
                        "(Concatenate needs inputs of equal rank)");
            }
            for (int d = 0; d < s.rank(); d++) {
                if (d != axis - 1 && s.dim(d) != first.dim(d)) {
                    throw new IncompatibleShapeException(name(), i, first.prepend(Shape.UNKNOWN), s.prepend(Shape.UNKNOWN),
                            "(Concatenate along axis " + axis + " needs the other dimensions equal)");
                }
            }
            total = total < 0 || s.dim(axis - 1) == Shape.UNKNOWN ? Shape.UNKNOWN : total + s.dim(axis - 1);
        }
        int[] out = first.toArray();
        out[axis - 1] = total;
        return List.of(Shape.of(out));
    }

    /** The inputs' masks combined by the config's rule; see {@link MergeMaskRule}. */
    @Override
    public Tensor combineMasks(List<Tensor> inputs, List<Tensor> masks) {
        if (masks.stream().allMatch(java.util.Objects::isNull)) {
            return null;
        }
        boolean concat = config.mode() == MergeMode.CONCATENATE;
        if (concat && axis == 1) {
            return concatenateMasks(inputs, masks);
        }
        boolean keras3 = config.maskRule() == MergeMaskRule.KERAS3;
        if (keras3 && masks.stream().anyMatch(java.util.Objects::isNull)) {
            // Keras 3: an unmasked input leaves no mask (merges) or makes every step valid (Concatenate's OR)
            return null;
        }
        float[] out = null;
        Shape shape = null;
        for (Tensor m : masks) {
            if (m == null) {
                continue;
            }
            float[] v = m.buffer();
            if (out == null) {
                out = v.clone();
                shape = m.shape();
                continue;
            }
            if (!m.shape().equals(shape)) {
                throw new IncompatibleShapeException(name(), masks.indexOf(m), shape, m.shape(),
                        "(the inputs' masks of " + typeName() + " must have equal shapes)");
            }
            for (int i = 0; i < out.length; i++) {
                boolean a = out[i] != 0f;
                boolean b = v[i] != 0f;
                out[i] = (keras3 ? a || b : a && b) ? 1f : 0f;
            }
        }
        return Tensor.of(shape, out);
    }

    /** Along time: each input's mask in turn, all steps valid for an unmasked input. */
    private static Tensor concatenateMasks(List<Tensor> inputs, List<Tensor> masks) {
        int batch = inputs.get(0).shape().dim(0);
        int total = 0;
        for (Tensor x : inputs) {
            total += x.shape().dim(1);
        }
        float[] out = new float[batch * total];
        int offset = 0;
        for (int k = 0; k < inputs.size(); k++) {
            int steps = inputs.get(k).shape().dim(1);
            Tensor m = masks.get(k);
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < steps; t++) {
                    out[b * total + offset + t] = m == null ? 1f : m.buffer()[b * steps + t];
                }
            }
            offset += steps;
        }
        return Tensor.of(Shape.of(batch, total), out);
    }

    @Override
    protected List<Tensor> doCallAll(List<Tensor> inputs, Tensor mask) {
        return List.of(combine(inputs));
    }

    /** Keras 3 parity: its Multiply, Maximum and Minimum leave masked steps out of the values too. */
    private boolean masksValues(List<Tensor> masks) {
        return config.maskRule() == MergeMaskRule.KERAS3 && MergeValueMask.masksValues(config.mode())
                && masks.stream().anyMatch(java.util.Objects::nonNull);
    }

    @Override
    protected List<Tensor> doCallMasked(List<Tensor> inputs, List<Tensor> masks) {
        if (masksValues(masks)) {
            return List.of(MergeValueMask.of(name(), config.mode(), inputs, masks).output());
        }
        return super.doCallMasked(inputs, masks);
    }

    @Override
    protected ForwardPass doForwardMasked(List<Tensor> inputs, List<Tensor> masks, TrainingContext context) {
        if (masksValues(masks)) {
            MergeValueMask merged = MergeValueMask.of(name(), config.mode(), inputs, masks);
            return ForwardPass.ofAll(List.of(merged.output()), grads -> merged.backward(grads.get(0)));
        }
        return super.doForwardMasked(inputs, masks, context);
    }

    private Tensor combine(List<Tensor> inputs) {
        Tensor first = inputs.get(0);
        if (config.mode() == MergeMode.CONCATENATE) {
            return concatenate(inputs);
        }
        float[] out = first.toArray();
        for (int k = 1; k < inputs.size(); k++) {
            float[] x = inputs.get(k).buffer();
            switch (config.mode()) {
                case MULTIPLY -> {
                    for (int i = 0; i < out.length; i++) {
                        out[i] *= x[i];
                    }
                }
                case SUBTRACT -> {
                    for (int i = 0; i < out.length; i++) {
                        out[i] -= x[i];
                    }
                }
                case MAXIMUM -> {
                    for (int i = 0; i < out.length; i++) {
                        out[i] = Math.max(out[i], x[i]);
                    }
                }
                case MINIMUM -> {
                    for (int i = 0; i < out.length; i++) {
                        out[i] = Math.min(out[i], x[i]);
                    }
                }
                default -> {
                    for (int i = 0; i < out.length; i++) {
                        out[i] += x[i];
                    }
                }
            }
        }
        if (config.mode() == MergeMode.AVERAGE) {
            float inv = 1f / inputs.size();
            for (int i = 0; i < out.length; i++) {
                out[i] *= inv;
            }
        }
        return Tensor.wrap(first.shape(), out);
    }

    /** Number of contiguous blocks before the axis, and each input's block length. */
    private int outer(Shape s) {
        int n = 1;
        for (int d = 0; d < axis; d++) {
            n *= s.dim(d);
        }
        return n;
    }

    private Tensor concatenate(List<Tensor> inputs) {
        int outer = outer(inputs.get(0).shape());
        int[] block = new int[inputs.size()];
        int row = 0;
        for (int k = 0; k < inputs.size(); k++) {
            block[k] = outer == 0 ? 0 : inputs.get(k).size() / outer;
            row += block[k];
        }
        float[] out = new float[outer * row];
        for (int o = 0; o < outer; o++) {
            int p = o * row;
            for (int k = 0; k < inputs.size(); k++) {
                System.arraycopy(inputs.get(k).buffer(), o * block[k], out, p, block[k]);
                p += block[k];
            }
        }
        int[] dims = inputs.get(0).shape().toArray();
        dims[axis] = 0;
        for (Tensor t : inputs) {
            dims[axis] += t.shape().dim(axis);
        }
        return Tensor.wrap(Shape.of(dims), out);
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        Shape expected = inputShapes().get(index).prepend(Shape.UNKNOWN);
        if (!expected.accepts(input.shape())) {
            throw new IncompatibleShapeException(name(), index, expected, input.shape(), "");
        }
    }

    @Override
    protected ForwardPass doForwardAll(List<Tensor> inputs, Tensor mask, TrainingContext context) {
        Tensor out = combine(inputs);
        return ForwardPass.ofAll(List.of(out), grads -> inputGradients(inputs, grads.get(0)));
    }

    private List<Tensor> inputGradients(List<Tensor> inputs, Tensor g) {
        List<Tensor> result = new ArrayList<>();
        float[] dy = g.buffer();
        switch (config.mode()) {
            case ADD -> inputs.forEach(x -> result.add(g));
            case AVERAGE -> {
                float[] d = dy.clone();
                float inv = 1f / inputs.size();
                for (int i = 0; i < d.length; i++) {
                    d[i] *= inv;
                }
                Tensor t = Tensor.wrap(g.shape(), d);
                inputs.forEach(x -> result.add(t));
            }
            case MULTIPLY -> {
                for (int k = 0; k < inputs.size(); k++) {
                    float[] d = dy.clone();
                    for (int j = 0; j < inputs.size(); j++) {
                        if (j != k) {
                            float[] x = inputs.get(j).buffer();
                            for (int i = 0; i < d.length; i++) {
                                d[i] *= x[i];
                            }
                        }
                    }
                    result.add(Tensor.wrap(g.shape(), d));
                }
            }
            case SUBTRACT -> {
                float[] d = dy.clone();
                for (int i = 0; i < d.length; i++) {
                    d[i] = -d[i];
                }
                result.add(g);
                result.add(Tensor.wrap(g.shape(), d));
            }
            case MAXIMUM, MINIMUM -> {
                float[][] d = new float[inputs.size()][dy.length];
                boolean max = config.mode() == MergeMode.MAXIMUM;
                for (int i = 0; i < dy.length; i++) {
                    int best = 0;
                    float v = inputs.get(0).buffer()[i];
                    for (int k = 1; k < inputs.size(); k++) {
                        float x = inputs.get(k).buffer()[i];
                        if (max ? x > v : x < v) {
                            best = k;
                            v = x;
                        }
                    }
                    d[best][i] = dy[i];
                }
                for (float[] dk : d) {
                    result.add(Tensor.wrap(g.shape(), dk));
                }
            }
            case CONCATENATE -> {
                int outer = outer(g.shape());
                int row = outer == 0 ? 0 : g.size() / outer;
                int p = 0;
                for (Tensor x : inputs) {
                    int block = outer == 0 ? 0 : x.size() / outer;
                    float[] d = new float[x.size()];
                    for (int o = 0; o < outer; o++) {
                        System.arraycopy(dy, o * row + p, d, o * block, block);
                    }
                    p += block;
                    result.add(Tensor.wrap(x.shape(), d));
                }
            }
            default -> throw new IllegalStateException(config.mode().toString());
        }
        return result;
    }

    @Override
    public String toString() {
        return typeName() + "[" + name() + ", " + Arrays.toString(new int[] {axis}) + "]";
    }
}
