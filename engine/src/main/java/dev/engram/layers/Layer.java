package dev.engram.layers;

import dev.engram.initializers.DeferredInitialization;
import dev.engram.initializers.Initializer;
import dev.engram.internal.layers.DirectInference;
import dev.engram.regularizers.ActivityRegularizer;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A layer at run time: its configuration, its {@link Parameter}s once built, an inference call
 * (thread-safe unless the layer is stateful) and a training call ({@link #forward}) that records
 * what back-propagation needs.
 *
 * <p>Most layers take one input and give one output; they implement {@link #doBuild},
 * {@link #doCall} and {@link #doForward}. Layers with several inputs (merge layers, recurrent layers
 * given an initial state) or several outputs (recurrent layers with returnState), and layers that
 * read a time-step mask, override the {@code ...All} forms instead.
 *
 * <p>Masks are {@code [batch, timesteps]} tensors of 1 (step present) and 0 (step padded), produced
 * by {@code Embedding(maskZero)} or {@code Masking} and consumed by recurrent layers. A layer that
 * does not declare {@link #supportsMasking()} drops a mask: it computes as without one and passes
 * none on (TF.js 4.22's executor, tf-keras 2.18 and Keras 3.10 all do this, e.g. for Conv1D,
 * Flatten and GlobalMaxPooling1D; checked with the peers). Shapes given to and
 * returned by {@link #build} exclude the batch dimension.
 */
public abstract class Layer {
    static {
        // The Predictor (and io-onnx's recurrent runtime) reach the package-private inferInto only through this.
        DirectInference.install((layer, in, inOff, batch, sampleShape, out, outOff) ->
                layer.inferInto(in, inOff, batch, sampleShape, out, outOff));
    }

    private final String name;
    private final List<Parameter> parameters = new ArrayList<>();
    private List<Shape> inputShapes;
    private List<Shape> outputShapes;
    private String parameterScope;
    private Direction parameterDirection = Direction.NONE;
    private ActivityRegularizer activityRegularizer;

    /**
     * Creates an unbuilt layer with its final name.
     *
     * @param name the layer's name, unique within a model and non-empty
     * @throws IllegalArgumentException when {@code name} is empty
     */
    protected Layer(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a layer needs a non-empty name");
        }
        this.name = name;
    }

    /**
     * The layer's name, unique within its model.
     *
     * @return the name
     */
    public final String name() {
        return name;
    }

    /**
     * The configuration this layer was created from.
     *
     * @return the configuration
     */
    public abstract LayerConfig<?> config();

    /**
     * The penalty on this layer's outputs that training adds to the loss (Keras
     * {@code activity_regularizer}), or null. Set from {@link LayerConfig#withActivityRegularizer};
     * models apply it in their training forward pass (every output of every call), so a layer needs
     * no code of its own for it.
     *
     * @return the activity regularizer, or null
     */
    public final ActivityRegularizer activityRegularizer() {
        return activityRegularizer;
    }

    /** Set once by {@link ActivityRegularizedConfig#create} on the layer it has just made. */
    final void activityRegularizer(ActivityRegularizer regularizer) {
        if (outputShapes != null) {
            throw new IllegalStateException("layer '" + name + "' is already built");
        }
        this.activityRegularizer = regularizer;
    }

    /**
     * A readable type name for summaries, e.g. {@code "Lstm"}.
     *
     * @return the type name
     */
    public String typeName() {
        return getClass().getSimpleName();
    }

    /**
     * The input's last dimension, for layers that size their weights by it (Dense, the
     * normalizations); an {@link IncompatibleShapeException} against {@code expected} when it is
     * unknown.
     */
    final int knownLastDim(Shape inputShape, Shape expected) {
        if (inputShape.rank() < 1 || inputShape.dim(-1) == Shape.UNKNOWN) {
            throw new IncompatibleShapeException(name(), 0, expected, inputShape.prepend(Shape.UNKNOWN),
                    "(" + typeName() + " needs a known last dimension)");
        }
        return inputShape.dim(-1);
    }

    /**
     * Builds a single-input layer; see {@link #buildAll}. Returns the (first) output shape.
     *
     * @param inputShape the per-sample input shape
     * @param random     the source of the initial weights
     * @return the per-sample output shape
     * @throws IllegalStateException if the layer is already built
     */
    public final Shape build(Shape inputShape, RandomGenerator random) {
        return buildAll(List.of(inputShape), random).get(0);
    }

    /**
     * Creates the parameters for inputs of the given per-sample shapes and returns the per-sample
     * output shapes. Building twice is an error.
     *
     * @param shapes the per-sample input shapes
     * @param random the source of the initial weights
     * @return the per-sample output shapes
     * @throws IllegalStateException if the layer is already built
     */
    public final List<Shape> buildAll(List<Shape> shapes, RandomGenerator random) {
        if (this.outputShapes != null) {
            throw new IllegalStateException("layer '" + name + "' is already built for input shapes " + inputShapes);
        }
        List<Shape> out = List.copyOf(doBuildAll(List.copyOf(shapes), random));
        if (random instanceof DeferredInitialization deferred) {
            for (Shape s : out) {
                deferred.checkOutput(name, s);
            }
        }
        this.inputShapes = List.copyOf(shapes);
        this.outputShapes = out;
        return out;
    }

    /**
     * Multi-input build; the default accepts exactly one input and calls {@link #doBuild}.
     *
     * @param shapes the per-sample shape of each input
     * @param random the source for initial weights
     * @return the per-sample shape of each output
     * @throws IllegalArgumentException when the layer takes one input and is given another number
     */
    protected List<Shape> doBuildAll(List<Shape> shapes, RandomGenerator random) {
        if (shapes.size() != 1) {
            throw new IllegalArgumentException("layer '" + name + "' (" + typeName() + ") takes 1 input, got "
                    + shapes.size());
        }
        return List.of(doBuild(shapes.get(0), random));
    }

    /**
     * Validates the input shape, creates parameters with {@link #addParameter}, returns the output shape.
     *
     * @param inputShape the per-sample input shape (batch excluded)
     * @param random the source for initial weights
     * @return the per-sample output shape
     */
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        throw new IllegalStateException(typeName() + " must override doBuild or doBuildAll");
    }

    /**
     * Makes the parameters this (not yet built) layer creates belong to {@code scope} instead of its
     * own name: wrappers use it so that a wrapped layer's weights are named after the wrapper
     * ({@code bidirectional/forward_lstm/kernel}, {@code time_distributed/kernel}, as TF.js and
     * Keras name them) and stay unique within a model.
     */
    final void scopeParameters(String scope, Direction direction) {
        if (outputShapes != null) {
            throw new IllegalStateException("layer '" + name + "' is already built");
        }
        this.parameterScope = scope;
        this.parameterDirection = direction;
    }

    /**
     * True once {@link #build} has run.
     *
     * @return whether the layer is built
     */
    public final boolean isBuilt() {
        return outputShapes != null;
    }

    /**
     * The per-sample shape of the first input.
     *
     * @return the shape, batch excluded
     */
    public final Shape inputShape() {
        requireBuilt();
        return inputShapes.get(0);
    }

    /**
     * The per-sample shapes of all inputs.
     *
     * @return the shapes, batch excluded
     */
    public final List<Shape> inputShapes() {
        requireBuilt();
        return inputShapes;
    }

    /**
     * The per-sample shape of the first output.
     *
     * @return the shape, batch excluded
     */
    public final Shape outputShape() {
        requireBuilt();
        return outputShapes.get(0);
    }

    /**
     * The per-sample shapes of all outputs.
     *
     * @return the shapes, batch excluded
     */
    public final List<Shape> outputShapes() {
        requireBuilt();
        return outputShapes;
    }

    /**
     * Number of outputs of one call (1 unless an option adds more, e.g. LSTM returnState).
     *
     * @return the number of outputs
     */
    public int outputCount() {
        return outputShapes != null ? outputShapes.size() : 1;
    }

    /**
     * The parameters in their canonical order (the order files store them in).
     *
     * @return the parameters
     */
    public List<Parameter> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    /**
     * Total number of scalar weights.
     *
     * @return the number of scalar weights
     */
    public final long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.shape().size();
        }
        return n;
    }

    /**
     * Registers a parameter during {@link #doBuild}; its role follows from {@code role}
     * ({@link WeightRole#of}, {@link WeightRole#OTHER} for a custom layer's own names).
     *
     * @param role the parameter's name within the layer, e.g. {@code kernel}
     * @param initial the initial value; copied
     * @param trainable whether optimizers update it
     * @return the new parameter
     */
    protected final Parameter addParameter(String role, Tensor initial, boolean trainable) {
        return register(new Parameter(scope(), role, WeightRole.of(role), parameterDirection, initial, trainable));
    }

    /**
     * Registers a parameter of the given role and value during {@link #doBuild}.
     *
     * @param role what the parameter is to the layer; its name is {@link WeightRole#parameterName()}
     * @param initial the initial value; copied
     * @param trainable whether optimizers update it
     * @return the new parameter
     */
    protected final Parameter addParameter(WeightRole role, Tensor initial, boolean trainable) {
        return register(new Parameter(scope(), role.parameterName(), role, parameterDirection, initial, trainable));
    }

    /**
     * Registers a parameter initialised by {@code initializer} during {@link #doBuild}. With a
     * {@link DeferredInitialization} source the initializer runs only if the value is read before
     * one is assigned (a model loaded from a file never runs it); otherwise it runs now, drawing
     * from {@code random}.
     *
     * @param role what the parameter is to the layer; its name is {@link WeightRole#parameterName()}
     * @param initializer makes the initial value
     * @param shape the parameter's shape
     * @param random the source of the initial value, as given to {@code build}
     * @param trainable whether optimizers update it
     * @return the new parameter
     */
    protected final Parameter addParameter(WeightRole role, Initializer initializer, Shape shape,
            RandomGenerator random, boolean trainable) {
        if (random instanceof DeferredInitialization deferred) {
            // Reserved before the array exists: a file's config cannot make us allocate without a bound.
            deferred.reserve(scope() + "/" + role.parameterName(), shape);
            long seed = random.nextLong();
            return register(new Parameter(scope(), role.parameterName(), role, parameterDirection, shape,
                    () -> initializer.initialize(shape, new SplittableRandom(seed)), trainable));
        }
        return addParameter(role, initializer.initialize(shape, random), trainable);
    }

    private String scope() {
        return parameterScope != null ? parameterScope : name;
    }

    private Parameter register(Parameter p) {
        parameters.add(p);
        return p;
    }

    /**
     * Inference on a batch of a single-input layer; returns the first output.
     *
     * @param input the batch, {@code [batch, ...]}
     * @return the first output
     * @throws IncompatibleShapeException if an input does not fit the build shape
     */
    public final Tensor call(Tensor input) {
        return callAll(List.of(input), null).get(0);
    }

    /**
     * Inference on a batch of a single-input layer, returning every output.
     *
     * @param input the batch, {@code [batch, ...]}
     * @return every output
     * @throws IncompatibleShapeException if an input does not fit the build shape
     */
    public final List<Tensor> callAll(Tensor input) {
        return callAll(List.of(input), null);
    }

    /**
     * Inference with every input and an optional time-step mask; returns every output.
     *
     * @param inputs one batch per input
     * @param mask   {@code [batch, timesteps]} (1 = valid step), or null
     * @return every output
     * @throws IncompatibleShapeException if an input does not fit the build shape
     */
    public final List<Tensor> callAll(List<Tensor> inputs, Tensor mask) {
        requireBuilt();
        checkInputs(inputs, mask);
        return doCallAll(inputs, mask);
    }

    /**
     * Inference with one mask per input, as a functional graph calls a layer: {@code masks} has one
     * entry per input, null where that input carries none. Most layers read only the first input's
     * mask ({@link #callAll(List, Tensor)}); layers that read several (Attention: query and value)
     * override {@link #doCallMasked}.
     *
     * @param inputs one batch per input
     * @param masks  per input, its {@code [batch, timesteps]} mask or null
     * @return every output
     * @throws IncompatibleShapeException if an input or mask does not fit
     */
    public final List<Tensor> callAllMasked(List<Tensor> inputs, List<Tensor> masks) {
        requireBuilt();
        checkInputs(inputs, masks.isEmpty() ? null : masks.get(0));
        return doCallMasked(inputs, masks);
    }

    /**
     * Training forward pass with one mask per input; see {@link #callAllMasked}.
     *
     * @param inputs  one batch per input
     * @param masks   per input, its {@code [batch, timesteps]} mask or null
     * @param context the training step (dropout masks, random state)
     * @return the pass
     * @throws IncompatibleShapeException if an input or mask does not fit
     */
    public final ForwardPass forwardMasked(List<Tensor> inputs, List<Tensor> masks, TrainingContext context) {
        requireBuilt();
        checkInputs(inputs, masks.isEmpty() ? null : masks.get(0));
        return doForwardMasked(inputs, masks, context);
    }

    /**
     * Inference given every input's mask; the default passes the first input's mask to
     * {@link #doCallAll}.
     *
     * @param inputs the inputs, checked against the build shapes
     * @param masks  per input, its mask or null
     * @return the outputs
     */
    protected List<Tensor> doCallMasked(List<Tensor> inputs, List<Tensor> masks) {
        return doCallAll(inputs, masks.isEmpty() ? null : masks.get(0));
    }

    /**
     * Training forward given every input's mask; the default passes the first input's mask to
     * {@link #doForwardAll}.
     *
     * @param inputs  the inputs, checked against the build shapes
     * @param masks   per input, its mask or null
     * @param context training mode and the randomness for dropout
     * @return the outputs and how to back-propagate through them
     */
    protected ForwardPass doForwardMasked(List<Tensor> inputs, List<Tensor> masks, TrainingContext context) {
        return doForwardAll(inputs, masks.isEmpty() ? null : masks.get(0), context);
    }

    /**
     * General inference on checked inputs; the default calls {@link #doCall} on the single input.
     *
     * @param inputs the inputs, checked against the build shapes
     * @param mask the time-step mask {@code [batch, steps]}, or null
     * @return the outputs
     */
    protected List<Tensor> doCallAll(List<Tensor> inputs, Tensor mask) {
        return List.of(doCall(inputs.get(0)));
    }

    /**
     * Inference on a checked single input.
     *
     * @param input the input, checked against the build shape
     * @return the output
     */
    protected Tensor doCall(Tensor input) {
        throw new IllegalStateException(typeName() + " must override doCall or doCallAll");
    }

    /**
     * Training-mode forward pass of a single-input layer.
     *
     * @param input   the batch, {@code [batch, ...]}
     * @param context the training step (dropout masks, random state)
     * @return the pass: its outputs, and {@code backward} to add the parameter gradients once
     */
    public final ForwardPass forward(Tensor input, TrainingContext context) {
        return forward(List.of(input), null, context);
    }

    /**
     * Training-mode forward pass with every input and an optional mask; back-propagates once.
     *
     * @param inputs  one batch per input
     * @param mask    {@code [batch, timesteps]} (1 = valid step), or null
     * @param context the training step (dropout masks, random state)
     * @return the pass: its outputs, and {@code backward} to add the parameter gradients once
     */
    public final ForwardPass forward(List<Tensor> inputs, Tensor mask, TrainingContext context) {
        requireBuilt();
        checkInputs(inputs, mask);
        return doForwardAll(inputs, mask, context);
    }

    /**
     * General training forward on checked inputs; the default calls {@link #doForward}.
     *
     * @param inputs the inputs, checked against the build shapes
     * @param mask the time-step mask {@code [batch, steps]}, or null
     * @param context training mode and the randomness for dropout
     * @return the outputs and how to back-propagate through them
     */
    protected ForwardPass doForwardAll(List<Tensor> inputs, Tensor mask, TrainingContext context) {
        return doForward(inputs.get(0), context);
    }

    /**
     * Training forward on a checked single input.
     *
     * @param input the input, checked against the build shape
     * @param context training mode and the randomness for dropout
     * @return the output and how to back-propagate through it
     */
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        throw new IllegalStateException(typeName() + " must override doForward or doForwardAll");
    }

    /**
     * Allocation-free inference, the path of {@link dev.engram.models.Predictor}, reached from outside
     * this package through {@link DirectInference} (not public API): writes this layer's
     * output for {@code batch} samples of per-sample shape {@code sampleShape}, read from
     * {@code in[inOff..]}, to {@code out[outOff..]}, taking temporaries only from
     * {@code Workspace.forCurrentThread()}. Returns false, writing nothing, when the layer has no such
     * path for this call (the caller then uses {@link #call}); layers with one input and one output
     * override it. Inputs are trusted: shapes were checked when the predictor
     * was planned.
     *
     * @param in          the input values
     * @param inOff       where the batch starts in {@code in}
     * @param batch       the number of samples
     * @param sampleShape the per-sample input shape
     * @param out         receives the output values
     * @param outOff      where the output starts in {@code out}
     * @return false when the layer has no allocation-free path for this call
     */
    boolean inferInto(float[] in, int inOff, int batch, Shape sampleShape, float[] out, int outOff) {
        return false;
    }

    /** {@link #inferInto} for layers whose inference output is their input, reshaped at most. */
    static boolean copyThrough(float[] in, int inOff, int batch, Shape sampleShape, float[] out, int outOff) {
        System.arraycopy(in, inOff, out, outOff, Math.multiplyExact(batch, sampleShape.size()));
        return true;
    }

    /**
     * True when the layer accepts a time-step mask (and, by default, passes it on unchanged).
     *
     * @return whether a mask may reach this layer
     */
    public boolean supportsMasking() {
        return false;
    }

    /**
     * The axis of the first input (batch included) that a {@code [batch, timesteps]} mask indexes: 1, the time axis,
     * except in layers that read sequences channels-first ({@code [batch, features, steps]}: 2, as Keras applies the
     * mask there).
     *
     * @return the input axis the mask's second dimension must equal
     */
    int maskedAxis() {
        return 1;
    }

    /**
     * The mask of this layer's first output given its inputs' mask: by default the same mask when
     * the layer supports masking, and none (the mask is dropped) when it does not.
     *
     * @param inputs the layer inputs
     * @param mask   the inputs' mask, or null
     * @return the output mask, or null
     */
    public Tensor computeMask(List<Tensor> inputs, Tensor mask) {
        return supportsMasking() ? mask : null;
    }

    /**
     * The mask of this layer's first output given every input's mask; by default
     * {@link #computeMask(List, Tensor)} of the first input's mask. Layers that combine several masked inputs
     * (merges) override this.
     *
     * @param inputs the layer inputs
     * @param masks  per input, its mask or null
     * @return the output mask, or null
     */
    public Tensor combineMasks(List<Tensor> inputs, List<Tensor> masks) {
        return computeMask(inputs, masks.isEmpty() ? null : masks.get(0));
    }

    private void checkInputs(List<Tensor> inputs, Tensor mask) {
        if (inputs.size() != inputShapes.size()) {
            throw new IllegalArgumentException("Layer '" + name + "' (" + typeName() + ") takes " + inputShapes.size()
                    + " input(s), got " + inputs.size());
        }
        for (int i = 0; i < inputs.size(); i++) {
            checkInput(i, inputs.get(i));
        }
        if (mask != null && supportsMasking()) {
            Tensor x = inputs.get(0);
            int axis = maskedAxis();
            if (x.rank() <= axis || mask.rank() != 2 || mask.shape().dim(0) != x.shape().dim(0)
                    || mask.shape().dim(1) != x.shape().dim(axis)) {
                throw new IncompatibleShapeException(name, 0, Shape.of(Shape.UNKNOWN, x.rank() <= axis ? Shape.UNKNOWN
                        : x.shape().dim(axis)), mask.shape(), "for the mask [batch, timesteps] of input " + x.shape()
                        + (axis == 1 ? "" : " (its steps are axis " + axis + ")"));
            }
        }
    }

    /**
     * Checks that input {@code index} fits its build shape (batch dimension free). Layers override
     * to accept more (e.g. recurrent layers accept any number of time steps).
     *
     * @param index the input's position, 0-based
     * @param input the tensor given, batch dimension first
     * @throws IncompatibleShapeException when the shape does not fit
     */
    protected void checkInput(int index, Tensor input) {
        Shape expected = inputShapes.get(index).prepend(Shape.UNKNOWN);
        if (!expected.accepts(input.shape())) {
            throw new IncompatibleShapeException(name, index, expected, input.shape(), inputHint());
        }
    }

    /**
     * What the input dimensions mean, for error messages, e.g. {@code "[batch, timesteps, features]"}; may be empty.
     *
     * @return the hint, or an empty string
     */
    public String inputHint() {
        return "";
    }

    private void requireBuilt() {
        if (outputShapes == null) {
            throw new IllegalStateException("layer '" + name + "' is not built yet: add it to a model "
                    + "with an input shape, or call build(inputShape, random)");
        }
    }

    @Override
    public String toString() {
        return typeName() + "[" + name + "]";
    }
}
