package dev.engram.layers;

import dev.engram.constraints.Constraint;
import dev.engram.regularizers.Regularizer;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A weight owned by a layer: its value, the gradient accumulated by the last backward pass, whether
 * optimizers may change it, and optionally a {@link Regularizer} (a loss penalty) and a
 * {@link Constraint} (a projection after each step), which layers attach at build time from their
 * configs and the training loop applies through {@link #regularize()} and {@link #constrain()}.
 *
 * <p>The value array is updated in place by optimizers and {@link #assign}; reading it while another
 * thread trains the model is a data race. Concurrent inference on a model that is not training is
 * safe: inference only reads values.
 *
 * <p>Structure is data: {@link #role()} says what the weight is to its layer and {@link #direction()}
 * which half of a Bidirectional wrapper owns it, so file codecs match weights by position checked
 * by role and shape rather than by name.
 *
 * <p>A parameter of a layer built with {@link dev.engram.initializers.DeferredInitialization} keeps
 * its initializer pending: the first read of the value runs it, unless {@link #assign} gave a value
 * first (then it never runs).
 */
public final class Parameter {
    private final String layerName;
    private final String name;
    private final WeightRole role;
    private final Direction direction;
    private final Shape shape;
    private final float[] value;
    private final float[] gradient;
    /** The deferred initial value; null once the value is set (at creation, by assign, or on first read). */
    private volatile Supplier<Tensor> pending;
    private boolean trainable;
    private Regularizer regularizer;
    private Constraint constraint;

    /**
     * Creates a parameter holding a copy of {@code initial}; its role follows from its name
     * ({@link WeightRole#of}), outside any Bidirectional wrapper.
     *
     * @param layerName the owning layer's name, e.g. {@code "lstm"}
     * @param name      the parameter's role in the layer: {@code kernel}, {@code recurrentKernel}, {@code bias}
     * @param initial the initial value, which also fixes the shape
     * @param trainable whether optimizers update the parameter
     */
    public Parameter(String layerName, String name, Tensor initial, boolean trainable) {
        this(layerName, name, WeightRole.of(name), Direction.NONE, initial.shape(), trainable);
        System.arraycopy(initial.buffer(), 0, value, 0, value.length);
    }

    /** A parameter whose value is {@code initial.get()} once first read, unless assigned before. */
    Parameter(String layerName, String name, WeightRole role, Direction direction, Shape shape,
            Supplier<Tensor> initial, boolean trainable) {
        this(layerName, name, role, direction, shape, trainable);
        this.pending = initial;
    }

    /** A parameter of the given value. */
    Parameter(String layerName, String name, WeightRole role, Direction direction, Tensor initial, boolean trainable) {
        this(layerName, name, role, direction, initial.shape(), trainable);
        System.arraycopy(initial.buffer(), 0, value, 0, value.length);
    }

    private Parameter(String layerName, String name, WeightRole role, Direction direction, Shape shape,
            boolean trainable) {
        this.layerName = layerName;
        this.name = name;
        this.role = role;
        this.direction = direction;
        this.shape = shape;
        this.value = new float[shape.size()];
        this.gradient = new float[value.length];
        this.trainable = trainable;
    }

    /**
     * What this weight is to its layer.
     *
     * @return the role; {@link WeightRole#OTHER} for a custom layer's own names
     */
    public WeightRole role() {
        return role;
    }

    /**
     * Which half of a Bidirectional wrapper owns this weight.
     *
     * @return the direction, {@link Direction#NONE} outside a Bidirectional
     */
    public Direction direction() {
        return direction;
    }

    /**
     * Whether the value is still a deferred initializer's, not yet run: nothing has read or assigned it.
     *
     * @return true while the initializer is pending
     */
    public boolean initializationPending() {
        return pending != null;
    }

    /** The value array, after running a pending initializer. */
    private float[] values() {
        if (pending != null) {
            initializeNow();
        }
        return value;
    }

    private synchronized void initializeNow() {
        Supplier<Tensor> init = pending;
        if (init != null) {
            Tensor t = init.get();
            System.arraycopy(t.buffer(), 0, value, 0, value.length);
            pending = null;
        }
    }

    /**
     * The owning layer's name.
     *
     * @return the layer's name
     */
    public String layerName() {
        return layerName;
    }

    /**
     * The parameter's role in its layer, e.g. {@code kernel}.
     *
     * @return the role
     */
    public String name() {
        return name;
    }

    /**
     * {@code layerName/name}, unique within a model.
     *
     * @return the path
     */
    public String path() {
        return layerName + "/" + name;
    }

    /**
     * The shape of the value.
     *
     * @return the shape, fixed at creation
     */
    public Shape shape() {
        return shape;
    }

    /**
     * A copy of the current value.
     *
     * @return a new tensor, independent of later updates
     */
    public Tensor value() {
        return Tensor.of(shape, values());
    }

    /**
     * Replaces the value; the shape must match exactly.
     *
     * @param newValue the new value; copied
     * @throws IllegalArgumentException when the shape differs
     */
    public void assign(Tensor newValue) {
        if (!newValue.shape().equals(shape)) {
            throw new IllegalArgumentException("parameter '" + path() + "' has shape " + shape
                    + " but the value given has shape " + newValue.shape());
        }
        // A deferred initializer is dropped unrun: the value it would have made is never seen.
        pending = null;
        System.arraycopy(newValue.buffer(), 0, value, 0, value.length);
    }

    /**
     * True if optimizers update this parameter.
     *
     * @return true when trainable
     */
    public boolean trainable() {
        return trainable;
    }

    /**
     * Freezes or unfreezes the parameter.
     *
     * @param trainable true to let optimizers update it, false to freeze it
     */
    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
    }

    /**
     * The penalty training adds to the loss for this parameter, if any.
     *
     * @return the regularizer, or empty
     */
    public Optional<Regularizer> regularizer() {
        return Optional.ofNullable(regularizer);
    }

    /**
     * Sets or (with null) removes the regularizer; layers call this at build time.
     *
     * @param regularizer the regularizer, or null for none
     */
    public void setRegularizer(Regularizer regularizer) {
        this.regularizer = regularizer;
    }

    /**
     * The projection training applies after each optimizer step, if any.
     *
     * @return the constraint, or empty
     */
    public Optional<Constraint> constraint() {
        return Optional.ofNullable(constraint);
    }

    /**
     * Sets or (with null) removes the constraint; layers call this at build time.
     *
     * @param constraint the constraint, or null for none
     */
    public void setConstraint(Constraint constraint) {
        this.constraint = constraint;
    }

    /**
     * Sets both the regularizer and the constraint (either may be null for none) and returns this
     * parameter, so a layer's build can write
     * {@code kernel = addParameter(...).attach(config.kernelRegularizer(), config.kernelConstraint())}.
     *
     * @param regularizer the regularizer, or null
     * @param constraint the constraint, or null
     * @return this parameter
     */
    public Parameter attach(Regularizer regularizer, Constraint constraint) {
        this.regularizer = regularizer;
        this.constraint = constraint;
        return this;
    }

    /**
     * For a trainable parameter with a regularizer: adds the penalty's gradient at the current value
     * to {@link #grad()} and returns the penalty; otherwise returns 0. (Keras 3 regularizes trainable
     * weights only.)
     *
     * @return the penalty added to the loss, 0 without one
     */
    public double regularize() {
        if (regularizer == null || !trainable) {
            return 0;
        }
        regularizer.addGradient(values(), gradient);
        return regularizer.penalty(value);
    }

    /** For a trainable parameter with a constraint, projects the value in place. */
    public void constrain() {
        if (constraint != null && trainable) {
            constraint.apply(values(), shape);
        }
    }

    /**
     * The live value array (engine internal use: kernels and optimizers).
     *
     * @return the value array itself, row-major; writes change the parameter
     */
    public float[] data() {
        return values();
    }

    /**
     * The live gradient array, same layout as the value (engine internal use).
     *
     * @return the gradient array itself, row-major
     */
    public float[] grad() {
        return gradient;
    }

    /** Zeroes the gradient before a backward pass. */
    public void zeroGrad() {
        Arrays.fill(gradient, 0f);
    }

    @Override
    public String toString() {
        return "Parameter[" + path() + " " + shape + (trainable ? "" : " frozen") + "]";
    }
}
