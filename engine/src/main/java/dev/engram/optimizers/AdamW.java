package dev.engram.optimizers;

/**
 * AdamW, Adam with decoupled weight decay (Loshchilov and Hutter, 2019, "Decoupled Weight Decay
 * Regularization"), following Keras 3 {@code AdamW} (TF.js has none). Defaults (Keras): learning rate
 * 0.001, weight decay 0.004, beta1 0.9, beta2 0.999, epsilon 1e-7, {@link AdamEpsilon#EPSILON_HAT}
 * (the Keras Adam form).
 *
 * <p>Per step, before the Adam update of {@link Adam} with the same learning rate:
 * <pre>
 *   w = w - w * weightDecay * lr
 * </pre>
 * The decay applies to every trainable parameter, biases included (Keras's
 * {@code exclude_from_weight_decay} is not offered). Slots as Adam: {@code "m"} and {@code "v"}.
 */
public final class AdamW extends Adam {
    private final double weightDecay;

    AdamW(double learningRate, double weightDecay, double beta1, double beta2, double epsilon, AdamEpsilon form) {
        super(learningRate, beta1, beta2, epsilon, form);
        this.weightDecay = HyperParameters.nonNegative("adamw", "weightDecay", weightDecay);
    }

    /** {@code "adamw"}. */
    @Override
    public String name() {
        return "adamw";
    }

    /**
     * The decoupled weight-decay coefficient (default 0.004).
     *
     * @return the coefficient; each step subtracts {@code learningRate * weightDecay * weight}
     */
    public double weightDecay() {
        return weightDecay;
    }

    /** A new AdamW with the same hyper-parameters but the given epsilon form; it starts without state. */
    @Override
    public AdamW withEpsilonForm(AdamEpsilon form) {
        return new AdamW(learningRate(), weightDecay, beta1(), beta2(), epsilon(), form);
    }

    @Override
    protected void update(float[] w, float[] g, float[][] slots, long iteration) {
        float wd = (float) weightDecay;
        float lr = (float) learningRate();
        // Keras parity: variable.assign(variable - variable * wd * lr), before the Adam step.
        for (int i = 0; i < w.length; i++) {
            w[i] = w[i] - w[i] * wd * lr;
        }
        super.update(w, g, slots, iteration);
    }

    @Override
    public String toString() {
        return "adamw(learningRate=" + learningRate() + ", weightDecay=" + weightDecay + ", beta1=" + beta1() + ", beta2="
                + beta2() + ", epsilon=" + epsilon() + ", epsilonForm=" + epsilonForm() + ")";
    }
}
