package dev.engram.optimizers;

import dev.engram.layers.Parameter;
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
 * <p>An optimizer serves one model; it is not thread-safe.
 */
public abstract class Optimizer {
    private final Map<String, float[][]> slots = new LinkedHashMap<>();
    private long iterations;

    /** A short engine name, e.g. {@code "adam"}. */
    public abstract String name();

    /** Names of the per-parameter slots this optimizer keeps, e.g. {@code m} and {@code v} for Adam. */
    protected abstract List<String> slotNames();

    /**
     * The value every element of slot {@code slot} starts with when a parameter is first updated: 0
     * unless overridden (Adagrad starts its accumulator at {@code initialAccumulatorValue}).
     */
    protected float initialSlotValue(int slot) {
        return 0f;
    }

    /** The current learning rate. */
    public abstract double learningRate();

    /**
     * Changes the learning rate for the following steps (e.g. between epochs); the state is kept.
     *
     * @throws IllegalArgumentException unless {@code learningRate} is finite and {@code > 0}
     */
    public abstract void setLearningRate(double learningRate);

    /**
     * Applies one update to {@code value} from {@code grad} using this parameter's slot arrays (same
     * length as the value, zero-initialised, in {@link #slotNames()} order). {@code iteration} counts
     * from 1 for the first step.
     */
    protected abstract void update(float[] value, float[] grad, float[][] slots, long iteration);

    /** One optimisation step over every trainable parameter, then the iteration counter advances. */
    public void step(List<Parameter> parameters) {
        long t = iterations + 1;
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

    /** Number of steps taken so far. */
    public long iterations() {
        return iterations;
    }

    /**
     * A snapshot of the state: one flat tensor per parameter and slot, named
     * {@code <parameter path>/<slot>}, in the order parameters were first updated.
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
