package dev.engram.optimizers;

import java.util.List;

/**
 * Adam (Kingma and Ba, 2014, "Adam: A Method for Stochastic Optimization"), following tfjs-core
 * {@code AdamOptimizer} (adam_optimizer.ts). Defaults (TF.js {@code tf.train.adam()} on a float32
 * backend): learning rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7.
 *
 * <p>Per step {@code t} (from 1) and element:
 * <pre>
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   BIAS_CORRECTED (default): w -= lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 *   EPSILON_HAT (Keras):      w -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps)
 * </pre>
 * In the TF.js form {@code beta^t} is a float32 running product (TF.js's {@code accBeta1},
 * {@code accBeta2}: start at beta, multiplied by beta after every step); in the Keras form it is
 * {@code pow(beta, t)} and the moments update as {@code m += (g - m) * (1 - beta1)}, as Keras 3
 * writes it. All arithmetic is float32.
 *
 * <p>Slots: {@code "m"} (first moment) and {@code "v"} (second moment), the TF.js variable
 * suffixes, both starting at 0.
 *
 * <p>Not final only for {@link AdamW}; it cannot be subclassed outside this package.
 */
public class Adam extends Optimizer {
    private static final List<String> SLOTS = List.of("m", "v");

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final AdamEpsilon epsilonForm;

    // The running products beta^t for the step being applied, cached because update() runs once per
    // parameter within a step.
    private long accStep;
    private float accBeta1;
    private float accBeta2;

    Adam(double learningRate, double beta1, double beta2, double epsilon, AdamEpsilon epsilonForm) {
        super(HyperParameters.learningRate("adam", learningRate));
        this.beta1 = HyperParameters.unitInterval("adam", "beta1", beta1);
        this.beta2 = HyperParameters.unitInterval("adam", "beta2", beta2);
        this.epsilon = HyperParameters.nonNegative("adam", "epsilon", epsilon);
        if (epsilonForm == null) {
            throw new IllegalArgumentException("adam: epsilonForm must not be null");
        }
        this.epsilonForm = epsilonForm;
    }

    /**
     * A new Adam with the same hyper-parameters and learning rate but the given epsilon form. The new
     * optimizer starts without state; use {@link #state()}/{@link #setState} to carry moments over
     * deliberately.
     *
     * @param form where epsilon is added
     * @return the new optimizer
     */
    public Adam withEpsilonForm(AdamEpsilon form) {
        return new Adam(learningRate(), beta1, beta2, epsilon, form);
    }

    /** {@code "adam"}. */
    @Override
    public String name() {
        return "adam";
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
     * Decay rate of the second moment (default 0.999).
     *
     * @return beta2, in [0, 1)
     */
    public double beta2() {
        return beta2;
    }

    /**
     * The epsilon (default 1e-7); where it is added depends on {@link #epsilonForm()}.
     *
     * @return epsilon
     */
    public double epsilon() {
        return epsilon;
    }

    /**
     * Where epsilon is added (default {@link AdamEpsilon#BIAS_CORRECTED}, the TF.js form).
     *
     * @return the form
     */
    public AdamEpsilon epsilonForm() {
        return epsilonForm;
    }

    @Override
    protected void update(float[] value, float[] grad, float[][] slots, long iteration) {
        if (epsilonForm == AdamEpsilon.BIAS_CORRECTED) {
            updateTfjs(value, grad, slots[0], slots[1], iteration);
        } else {
            updateEpsilonHat(value, grad, slots[0], slots[1], iteration);
        }
    }

    private void updateTfjs(float[] w, float[] g, float[] m, float[] v, long t) {
        advanceRunningProducts(t);
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        // TF.js parity: (1 - beta) is computed in double (JS numbers) and then rounded to float32.
        float oneMinusB1 = (float) (1 - beta1);
        float oneMinusB2 = (float) (1 - beta2);
        // TF.js parity: the corrections use the float32 running products, so 1 - 0.999f = 0.00099998713
        // is not the 0.001 that scaled g^2 above; the step is ~7e-6 (relative) off exact arithmetic.
        float correction1 = 1f - accBeta1;
        float correction2 = 1f - accBeta2;
        float eps = (float) epsilon;
        float negLr = (float) -learningRate();
        for (int i = 0; i < w.length; i++) {
            float mi = m[i] * b1 + g[i] * oneMinusB1;
            float vi = v[i] * b2 + (g[i] * g[i]) * oneMinusB2;
            m[i] = mi;
            v[i] = vi;
            float mHat = mi / correction1;
            float vHat = vi / correction2;
            w[i] = (mHat / ((float) Math.sqrt(vHat) + eps)) * negLr + w[i];
        }
    }

    /**
     * Makes {@code accBeta1/2} equal to TF.js's running products for step {@code t}: {@code beta}
     * multiplied into a float32 {@code t - 1} times. After {@link #setState} the products are rebuilt
     * from the iteration count the same way, so a restored run continues bit for bit. (TF.js's own
     * {@code setWeights} uses {@code pow(beta, t)} instead, which can differ in the last bit.)
     */
    private void advanceRunningProducts(long t) {
        if (t == accStep) {
            return;
        }
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        if (t == accStep + 1 && accStep >= 1) {
            accBeta1 *= b1;
            accBeta2 *= b2;
        } else {
            accBeta1 = b1;
            accBeta2 = b2;
            for (long k = 1; k < t; k++) {
                accBeta1 *= b1;
                accBeta2 *= b2;
            }
        }
        accStep = t;
    }

    private void updateEpsilonHat(float[] w, float[] g, float[] m, float[] v, long t) {
        // Keras parity: local_step = iterations + 1; beta^t = pow(beta, local_step) in float32.
        float b1Power = (float) Math.pow((float) beta1, (float) t);
        float b2Power = (float) Math.pow((float) beta2, (float) t);
        float alpha = (float) learningRate() * (float) Math.sqrt(1f - b2Power) / (1f - b1Power);
        float oneMinusB1 = (float) (1 - beta1);
        float oneMinusB2 = (float) (1 - beta2);
        float eps = (float) epsilon;
        for (int i = 0; i < w.length; i++) {
            float mi = m[i] + (g[i] - m[i]) * oneMinusB1;
            float vi = v[i] + (g[i] * g[i] - v[i]) * oneMinusB2;
            m[i] = mi;
            v[i] = vi;
            w[i] = w[i] - (mi * alpha) / ((float) Math.sqrt(vi) + eps);
        }
    }

    @Override
    public String toString() {
        return "adam(learningRate=" + learningRate() + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon="
                + epsilon + ", epsilonForm=" + epsilonForm + ")";
    }
}
