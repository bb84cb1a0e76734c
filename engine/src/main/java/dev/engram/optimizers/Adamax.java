package dev.engram.optimizers;

import java.util.List;

/**
 * Adamax, the infinity-norm variant of Adam (Kingma and Ba, 2014, section 7.1), following tfjs-core
 * {@code AdamaxOptimizer} (adamax_optimizer.ts). Defaults (TF.js {@code 'adamax'}): learning rate
 * 0.002, beta1 0.9, beta2 0.999, epsilon 1e-7, decay 0.
 *
 * <p>Per step {@code t} (from 1) and element:
 * <pre>
 *   m = beta1 * m + (1 - beta1) * g
 *   u = max(beta2 * u, |g|)
 *   w += (-lr / ((t - 1) * decay + 1)) / (1 - beta1^t) * (m / (u + eps))
 * </pre>
 * {@code beta1^t} is TF.js's float32 running product {@code accBeta1} (starts at beta1, multiplied by
 * beta1 after every step). With decay 0 this is also Keras's Adamax. All arithmetic is float32.
 *
 * <p>Slots: {@code "m"} (first moment) and {@code "v"} (the exponentially weighted infinity norm),
 * the TF.js variable suffixes, both starting at 0.
 */
public final class Adamax extends Optimizer {
    private static final List<String> SLOTS = List.of("m", "v");

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double decay;
    private final RunningPower accBeta1;

    Adamax(double learningRate, double beta1, double beta2, double epsilon, double decay) {
        super(HyperParameters.learningRate("adamax", learningRate));
        this.beta1 = HyperParameters.unitInterval("adamax", "beta1", beta1);
        this.beta2 = HyperParameters.unitInterval("adamax", "beta2", beta2);
        this.epsilon = HyperParameters.nonNegative("adamax", "epsilon", epsilon);
        this.decay = HyperParameters.nonNegative("adamax", "decay", decay);
        this.accBeta1 = new RunningPower((float) beta1);
    }

    /** {@code "adamax"}. */
    @Override
    public String name() {
        return "adamax";
    }

    /** {@code ["m", "v"]}. */
    @Override
    protected List<String> slotNames() {
        return SLOTS;
    }

    /**
     * Decay rate of the first moment (default 0.9).
     *
     * @return beta1, in [0, 1)
     */
    public double beta1() {
        return beta1;
    }

    /**
     * Decay of the infinity norm (default 0.999).
     *
     * @return beta2, in [0, 1)
     */
    public double beta2() {
        return beta2;
    }

    /**
     * Added to the infinity norm (default 1e-7).
     *
     * @return epsilon
     */
    public double epsilon() {
        return epsilon;
    }

    /**
     * TF.js's inverse-time decay of the learning rate per iteration (default 0).
     *
     * @return the decay, &gt;= 0
     */
    public double decay() {
        return decay;
    }

    @Override
    protected void update(float[] w, float[] g, float[][] slots, long t) {
        float[] m = slots[0];
        float[] u = slots[1];
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float oneMinusB1 = (float) (1 - beta1);
        float eps = (float) epsilon;
        // TF.js parity: lr = -learningRate / (iteration * decay + 1) with the 0-based iteration in float32.
        float lr = (float) -learningRate() / ((float) (t - 1) * (float) decay + 1f);
        float stepSize = lr / (1f - accBeta1.at(t));
        for (int i = 0; i < w.length; i++) {
            float mi = m[i] * b1 + g[i] * oneMinusB1;
            float ui = Math.max(u[i] * b2, Math.abs(g[i]));
            m[i] = mi;
            u[i] = ui;
            w[i] = stepSize * (mi / (ui + eps)) + w[i];
        }
    }

    @Override
    public String toString() {
        return "adamax(learningRate=" + learningRate() + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon="
                + epsilon + ", decay=" + decay + ")";
    }
}
