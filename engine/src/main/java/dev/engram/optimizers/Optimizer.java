package dev.engram.optimizers;

import dev.engram.layers.Parameter;
import dev.engram.optimizers.schedules.LearningRateSchedule;
import dev.engram.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients. Per-parameter state (moments, accumulators) lives here,
 * keyed by {@link Parameter#path()}, and can be read and restored with {@link #state()} and
 * {@link #setState} so that files can carry it and training can resume.
 *
 * <p>Every optimizer also accepts, before its own rule:
 * <ul>
 *   <li>a {@link LearningRateSchedule} ({@link #setSchedule}): the rate of each step is
 *       {@code schedule.rate(iterations())}, the step index counted from 0 as Keras does;</li>
 *   <li>one form of gradient clipping ({@link #setClipNorm}, {@link #setGlobalClipNorm},
 *       {@link #setClipValue}; Keras {@code clipnorm}, {@code global_clipnorm}, {@code clipvalue}),
 *       applied to the gradients before the update.</li>
 * </ul>
 *
 * <p>An optimizer serves one model; it is not thread-safe.
 */
public abstract class Optimizer {
    private final Map<String, float[][]> slots = new LinkedHashMap<>();
    private long iterations;
    private double learningRate;
    private LearningRateSchedule schedule;
    private GradientClipping clipping = GradientClipping.NONE;

    /**
     * Starts with a fixed learning rate. Subclasses validate it first with their own name in the
     * message; this check only guards subclasses that do not.
     *
     * @param learningRate the fixed learning rate
     * @throws IllegalArgumentException unless {@code learningRate} is finite and {@code > 0}
     */
    protected Optimizer(double learningRate) {
        this.learningRate = HyperParameters.learningRate(getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT),
                learningRate);
    }

    /**
     * A short engine name, e.g. {@code "adam"}.
     *
     * @return the name
     */
    public abstract String name();

    /**
     * Names of the per-parameter slots this optimizer keeps, e.g. {@code m} and {@code v} for Adam.
     *
     * @return the slot names, in the order {@link #update} receives the slot arrays
     */
    protected abstract List<String> slotNames();

    /**
     * The value every element of slot {@code slot} starts with when a parameter is first updated: 0
     * unless overridden (Adagrad starts its accumulator at {@code initialAccumulatorValue}).
     *
     * @param slot the slot's index in {@link #slotNames()}
     * @return the starting value
     */
    protected float initialSlotValue(int slot) {
        return 0f;
    }

    /**
     * The learning rate the next step uses: the fixed rate, or with a schedule
     * {@code schedule.rate(iterations())}.
     *
     * @return the rate of the next step
     */
    public final double learningRate() {
        return schedule == null ? learningRate : schedule.rate(iterations);
    }

    /**
     * Changes the fixed learning rate for the following steps (e.g. between epochs); the state is kept.
     *
     * @param learningRate the new fixed rate, finite and {@code > 0}
     * @throws IllegalArgumentException unless {@code learningRate} is finite and {@code > 0}
     * @throws IllegalStateException    when a schedule is set (Keras refuses this too); remove it first
     *                                  with {@code setSchedule(null)}
     */
    public final void setLearningRate(double learningRate) {
        if (schedule != null) {
            throw new IllegalStateException("optimizer '" + name() + "' follows the schedule " + schedule
                    + "; call setSchedule(null) before setting a fixed learning rate");
        }
        this.learningRate = HyperParameters.learningRate(name(), learningRate);
    }

    /**
     * Makes the learning rate follow {@code schedule} (null returns to the fixed rate): step {@code k}
     * (0 for the first step, the optimizer's {@link #iterations()} before it) uses
     * {@code schedule.rate(k)}. Restoring state with {@link #setState} restores the position in the
     * schedule. Returns this optimizer for chaining.
     *
     * @param schedule the schedule, or null for the fixed rate
     * @return this optimizer
     */
    public Optimizer setSchedule(LearningRateSchedule schedule) {
        this.schedule = schedule;
        return this;
    }

    /**
     * The learning-rate schedule, or null for a fixed rate.
     *
     * @return the schedule, or null
     */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /**
     * Keras {@code clipnorm}: each parameter's gradient {@code g} becomes
     * {@code g * clipNorm / max(||g||, clipNorm)}, its L2 norm capped at {@code clipNorm}.
     *
     * @param clipNorm the largest L2 norm of each parameter's gradient
     * @return this optimizer
     * @throws IllegalArgumentException unless {@code clipNorm > 0} and finite
     * @throws IllegalStateException    if another form of clipping is set (Keras allows one)
     */
    public Optimizer setClipNorm(double clipNorm) {
        clipping = clipping.with(GradientClipping.Kind.NORM, clipNorm, name());
        return this;
    }

    /**
     * Keras {@code global_clipnorm}: every trainable gradient is scaled by
     * {@code clipNorm / max(globalNorm, clipNorm)}, where {@code globalNorm} is the L2 norm of all of
     * them together (TensorFlow {@code clip_by_global_norm}).
     *
     * @param clipNorm the largest L2 norm of all gradients together
     * @return this optimizer
     * @throws IllegalArgumentException unless {@code clipNorm > 0} and finite
     * @throws IllegalStateException    if another form of clipping is set
     */
    public Optimizer setGlobalClipNorm(double clipNorm) {
        clipping = clipping.with(GradientClipping.Kind.GLOBAL_NORM, clipNorm, name());
        return this;
    }

    /**
     * Keras {@code clipvalue}: every gradient element is clipped to {@code [-clipValue, clipValue]}.
     *
     * @param clipValue the largest absolute gradient element
     * @return this optimizer
     * @throws IllegalArgumentException unless {@code clipValue > 0} and finite
     * @throws IllegalStateException    if another form of clipping is set
     */
    public Optimizer setClipValue(double clipValue) {
        clipping = clipping.with(GradientClipping.Kind.VALUE, clipValue, name());
        return this;
    }

    /**
     * The configured clipping, {@link GradientClipping#NONE} by default.
     *
     * @return the clipping
     */
    public GradientClipping clipping() {
        return clipping;
    }

    /**
     * Applies one update to {@code value} from {@code grad} using this parameter's slot arrays (same
     * length as the value, zero-initialised, in {@link #slotNames()} order). {@code iteration} counts
     * from 1 for the first step.
     *
     * @param value the parameter's values, updated in place
     * @param grad the loss gradient for {@code value}, same length
     * @param slots the parameter's slot arrays, updated in place
     * @param iteration the step number, 1 for the first step
     */
    protected abstract void update(float[] value, float[] grad, float[][] slots, long iteration);

    /**
     * One optimisation step over every trainable parameter, then the iteration counter advances. With
     * clipping configured the gradient arrays ({@link Parameter#grad()}) are clipped in place first.
     *
     * @param parameters the parameters, each with its gradient in {@link Parameter#grad()}
     */
    public void step(List<Parameter> parameters) {
        long t = iterations + 1;
        if (schedule != null) {
            double r = schedule.rate(iterations);
            if (!(r >= 0) || Double.isInfinite(r)) {
                throw new IllegalStateException("optimizer '" + name() + "': schedule " + schedule + " gave learning rate "
                        + r + " at step " + iterations + "; rates must be finite and >= 0");
            }
        }
        clipping.apply(parameters);
        for (Parameter p : parameters) {
            if (!p.trainable()) {
                continue;
            }
            float[][] s = slots.computeIfAbsent(p.path(), k -> newSlots(p.data().length));
            if (s.length > 0 && s[0].length != p.data().length) {
                throw new IllegalStateException("optimizer state for '" + p.path() + "' has "
                        + s[0].length + " values but the parameter has " + p.data().length);
            }
            update(p.data(), p.grad(), s, t);
        }
        iterations = t;
    }

    private float[][] newSlots(int n) {
        float[][] s = new float[slotNames().size()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = new float[n];
            float init = initialSlotValue(i);
            if (init != 0f) {
                Arrays.fill(s[i], init);
            }
        }
        return s;
    }

    /**
     * Number of steps taken so far.
     *
     * @return the step count
     */
    public long iterations() {
        return iterations;
    }

    /**
     * A snapshot of the state: one flat tensor per parameter and slot, named
     * {@code <parameter path>/<slot>}, in the order parameters were first updated.
     *
     * @return copies of the slot tensors, by name
     */
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        List<String> names = slotNames();
        slots.forEach((path, arrays) -> {
            for (int i = 0; i < arrays.length; i++) {
                out.put(path + "/" + names.get(i), Tensor.of(arrays[i]));
            }
        });
        return out;
    }

    /**
     * Restores state saved by {@link #state()} (tensor shapes may be the parameter's own shape or
     * flat) and the iteration counter.
     *
     * @param state      slot tensors by name, as {@link #state()} returns them
     * @param iterations the step count to resume from
     * @throws IllegalArgumentException for a key that does not end in one of this optimizer's slots,
     *                                  or a negative iteration count
     */
    public void setState(Map<String, Tensor> state, long iterations) {
        if (iterations < 0) {
            throw new IllegalArgumentException("optimizer '" + name() + "': iterations must be >= 0, got "
                    + iterations);
        }
        List<String> names = slotNames();
        Map<String, float[][]> restored = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            String key = e.getKey();
            int cut = key.lastIndexOf('/');
            int slot = cut < 0 ? -1 : names.indexOf(key.substring(cut + 1));
            if (slot < 0) {
                throw new IllegalArgumentException("optimizer '" + name() + "' has slots " + names
                        + "; cannot restore state entry '" + key + "'");
            }
            float[][] arrays = restored.computeIfAbsent(key.substring(0, cut), k -> new float[names.size()][]);
            arrays[slot] = e.getValue().toArray();
        }
        restored.forEach((path, arrays) -> {
            for (int i = 0; i < arrays.length; i++) {
                if (arrays[i] == null) {
                    throw new IllegalArgumentException("optimizer state for '" + path + "' lacks slot '"
                            + names.get(i) + "'");
                }
            }
        });
        slots.clear();
        slots.putAll(restored);
        this.iterations = iterations;
    }
}
