package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Applies a single-input layer to every time step of a {@code [batch, timesteps, ...]} input with
 * shared weights: the input is viewed as {@code [batch·timesteps, ...]}, the inner layer runs once on
 * all steps, and its output is viewed back as {@code [batch, timesteps, ...]} (TF.js and Keras
 * {@code TimeDistributed}). Any number of time steps is accepted.
 *
 * <p>The parameters are the inner layer's; they are named after this wrapper
 * ({@code time_distributed/kernel}), as TF.js and Keras name them. A time-step mask passes through
 * unchanged (the inner layer does not see it).
 */
public final class TimeDistributed extends Layer {
    private final TimeDistributedConfig config;
    private final Layer inner;

    TimeDistributed(String name, TimeDistributedConfig config) {
        super(name);
        this.config = config;
        LayerConfig<?> c = config.layer();
        this.inner = c.create(c.name() != null ? c.name() : c.defaultNamePrefix());
        inner.scopeParameters(name, Direction.NONE);
    }

    @Override
    public TimeDistributedConfig config() {
        return config;
    }

    /**
     * The wrapped layer, applied at every step.
     *
     * @return the inner layer, sharing its weights across steps
     */
    public Layer layer() {
        return inner;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public List<Parameter> parameters() {
        return inner.parameters();
    }

    @Override
    public String inputHint() {
        return "[batch, timesteps, ...] (TimeDistributed applies " + inner.typeName() + " to every step)";
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        if (inputShape.rank() < 2) {
            throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN),
                    inputShape.prepend(Shape.UNKNOWN), "of rank >= 3 " + inputHint());
        }
        List<Shape> out;
        try {
            out = inner.buildAll(List.of(inputShape.dropFirst()), random);
        } catch (IncompatibleShapeException e) {
            throw new IncompatibleShapeException(name(), 0, e.expected().prepend(inputShape.dim(0)),
                    e.found().prepend(inputShape.dim(0)), "(every step must fit " + inner.typeName() + " '"
                            + inner.name() + "': " + e.getMessage() + ")");
        }
        if (out.size() != 1) {
            throw new IllegalArgumentException("Layer '" + name() + "' (TimeDistributed) wraps layers with one output; "
                    + inner.typeName() + " '" + inner.name() + "' has " + out.size());
        }
        return out.get(0).prepend(inputShape.dim(0));
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        int[] expected = inputShape().prepend(Shape.UNKNOWN).toArray();
        expected[1] = Shape.UNKNOWN; // any number of steps
        if (!Shape.of(expected).accepts(input.shape())) {
            throw new IncompatibleShapeException(name(), index, Shape.of(expected), input.shape(), inputHint());
        }
    }

    /** {@code [batch, T, rest...]} viewed as {@code [batch·T, rest...]} (no copy). */
    private static Tensor steps(Tensor x) {
        int[] d = x.shape().toArray();
        int[] flat = new int[d.length - 1];
        flat[0] = d[0] * d[1];
        System.arraycopy(d, 2, flat, 1, d.length - 2);
        return Tensor.wrap(Shape.of(flat), x.buffer());
    }

    /** {@code [batch·T, rest...]} viewed as {@code [batch, T, rest...]} (no copy). */
    private static Tensor unsteps(Tensor y, int batch, int steps) {
        int[] d = y.shape().toArray();
        int[] out = new int[d.length + 1];
        out[0] = batch;
        out[1] = steps;
        System.arraycopy(d, 1, out, 2, d.length - 1);
        return Tensor.wrap(Shape.of(out), y.buffer());
    }

    @Override
    protected Tensor doCall(Tensor input) {
        return unsteps(inner.call(steps(input)), input.shape().dim(0), input.shape().dim(1));
    }

    /** The wrapped layer sees {@code batch * timesteps} samples of the per-step shape. */
    @Override
    boolean inferInto(float[] in, int inOff, int batch, Shape sampleShape, float[] out, int outOff) {
        return inner.inferInto(in, inOff, Math.multiplyExact(batch, sampleShape.dim(0)), sampleShape.dropFirst(),
                out, outOff);
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        int batch = input.shape().dim(0);
        int t = input.shape().dim(1);
        ForwardPass pass = inner.forward(steps(input), context);
        Tensor out = unsteps(pass.output(), batch, t);
        return ForwardPass.of(out, grads -> {
            Tensor dy = grads.get(0);
            Tensor dx = pass.backward(Tensor.wrap(pass.output().shape(), dy.buffer()));
            return dx == null ? null : Tensor.wrap(input.shape(), dx.buffer());
        });
    }
}
