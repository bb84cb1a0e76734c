package dev.engram.optimizers;

import java.util.List;

/**
 * Adagrad (Duchi, Hazan and Singer, 2011), following tfjs-core {@code AdagradOptimizer}
 * (adagrad_optimizer.ts). Default initial accumulator value 0.1.
 *
 * <p>Per element: {@code acc += g^2}, then {@code w -= lr * g / sqrt(acc + 1e-7)}, where 1e-7 is the
 * float32 backend epsilon TF.js adds (it is not configurable there either).
 *
 * <p>Slot: {@code "accumulator"} (the TF.js variable suffix), starting at the initial accumulator
 * value.
 */
public final class Adagrad extends Optimizer {
    private static final List<String> SLOTS = List.of("accumulator");
    private static final float BACKEND_EPSILON = 1e-7f;

    private final double initialAccumulatorValue;

    Adagrad(double learningRate, double initialAccumulatorValue) {
        super(HyperParameters.learningRate("adagrad", learningRate));
        this.initialAccumulatorValue = HyperParameters.nonNegative("adagrad", "initialAccumulatorValue",
                initialAccumulatorValue);
    }

    /** {@code "adagrad"}. */
    @Override
    public String name() {
        return "adagrad";
    }

    /** {@code ["accumulator"]}. */
    @Override
    protected List<String> slotNames() {
        return SLOTS;
    }

    /** The accumulator starts at {@link #initialAccumulatorValue()}. */
    @Override
    protected float initialSlotValue(int slot) {
        return (float) initialAccumulatorValue;
    }

    /**
     * The value the squared-gradient accumulator starts from (default 0.1).
     *
     * @return the initial accumulator value
     */
    public double initialAccumulatorValue() {
        return initialAccumulatorValue;
    }

    @Override
    protected void update(float[] w, float[] g, float[][] slots, long iteration) {
        float[] acc = slots[0];
        float negLr = (float) -learningRate();
        for (int i = 0; i < w.length; i++) {
            float a = acc[i] + g[i] * g[i];
            acc[i] = a;
            w[i] = (g[i] / (float) Math.sqrt(a + BACKEND_EPSILON)) * negLr + w[i];
        }
    }

    @Override
    public String toString() {
        return "adagrad(learningRate=" + learningRate() + ", initialAccumulatorValue=" + initialAccumulatorValue + ")";
    }
}
