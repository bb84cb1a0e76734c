package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A layer at run time: its configuration, its {@link Parameter}s once built, an inference call
 * ({@link #call}, thread-safe) and a training call ({@link #forward}) that records what
 * back-propagation needs.
 *
 * <p>Shapes given to and returned by {@link #build} exclude the batch dimension.
 */
public abstract class Layer {
    private final String name;
    private final List<Parameter> parameters = new ArrayList<>();
    private Shape inputShape;
    private Shape outputShape;

    /** Creates an unbuilt layer with its final name. */
    protected Layer(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a layer needs a non-empty name");
        }
        this.name = name;
    }

    /** The layer's name, unique within its model. */
    public final String name() {
        return name;
    }

    /** The configuration this layer was created from. */
    public abstract LayerConfig config();

    /** A readable type name for summaries, e.g. {@code "Lstm"}. */
    public String typeName() {
        return getClass().getSimpleName();
    }

    /**
     * Creates the parameters for inputs of the given per-sample shape and returns the per-sample
     * output shape. Building twice is an error.
     */
    public final Shape build(Shape inputShape, RandomGenerator random) {
        if (this.outputShape != null) {
            throw new IllegalStateException("layer '" + name + "' is already built for input shape "
                    + this.inputShape);
        }
        Shape out = doBuild(inputShape, random);
        this.inputShape = inputShape;
        this.outputShape = out;
        return out;
    }

    /** Validates the input shape, creates parameters with {@link #addParameter}, returns the output shape. */
    protected abstract Shape doBuild(Shape inputShape, RandomGenerator random);

    /** True once {@link #build} has run. */
    public final boolean isBuilt() {
        return outputShape != null;
    }

    /** The per-sample input shape given to {@link #build}. */
    public final Shape inputShape() {
        requireBuilt();
        return inputShape;
    }

    /** The per-sample output shape. */
    public final Shape outputShape() {
        requireBuilt();
        return outputShape;
    }

    /** The parameters in their canonical order (the order files store them in). */
    public final List<Parameter> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    /** Total number of scalar weights. */
    public final long parameterCount() {
        long n = 0;
        for (Parameter p : parameters) {
            n += p.shape().size();
        }
        return n;
    }

    /** Registers a parameter during {@link #doBuild}. */
    protected final Parameter addParameter(String role, Tensor initial, boolean trainable) {
        Parameter p = new Parameter(name, role, initial, trainable);
        parameters.add(p);
        return p;
    }

    /** Inference on a batch. Safe to call from many threads at once. */
    public final Tensor call(Tensor input) {
        requireBuilt();
        checkInput(input);
        return doCall(input);
    }

    /** Inference returning every output (see {@link ForwardPass#outputs()}). */
    public final List<Tensor> callAll(Tensor input) {
        requireBuilt();
        checkInput(input);
        return doCallAll(input);
    }

    /** Inference returning every output on a checked batch; layers with several outputs override. */
    protected List<Tensor> doCallAll(Tensor input) {
        return List.of(doCall(input));
    }

    /** Number of outputs of one call (1 unless a layer option adds more, e.g. LSTM returnState). */
    public int outputCount() {
        return 1;
    }

    /** Training-mode forward pass on a batch; the result can back-propagate once. */
    public final ForwardPass forward(Tensor input, TrainingContext context) {
        requireBuilt();
        checkInput(input);
        return doForward(input, context);
    }

    /** Inference on a batch whose shape has been checked. */
    protected abstract Tensor doCall(Tensor input);

    /** Training forward on a batch whose shape has been checked. */
    protected abstract ForwardPass doForward(Tensor input, TrainingContext context);

    /**
     * Checks that a batch fits {@link #inputShape()} (batch dimension free). Recurrent layers
     * override to accept any number of time steps.
     */
    protected void checkInput(Tensor input) {
        Shape expected = inputShape.prepend(Shape.UNKNOWN);
        if (!expected.accepts(input.shape())) {
            throw new IncompatibleShapeException(name, 0, expected, input.shape(), inputHint());
        }
    }

    /** What the input dimensions mean, for error messages, e.g. {@code "[batch, timesteps, features]"}; may be empty. */
    public String inputHint() {
        return "";
    }

    private void requireBuilt() {
        if (outputShape == null) {
            throw new IllegalStateException("layer '" + name + "' is not built yet: add it to a model "
                    + "with an input shape, or call build(inputShape, random)");
        }
    }

    @Override
    public String toString() {
        return typeName() + "[" + name + "]";
    }
}
