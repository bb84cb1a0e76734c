package dev.engram.optimizers;

import java.util.List;

/**
 * Nadam, Adam with Nesterov momentum (Dozat, 2016, "Incorporating Nesterov Momentum into Adam"),
 * following Keras 3 {@code Nadam} (nadam.py; TF.js has none). Defaults (Keras): learning rate 0.001,
 * beta1 0.9, beta2 0.999, epsilon 1e-7.
 *
 * <p>With the momentum schedule {@code mu_k = beta1 * (1 - 0.5 * 0.96^k)} and
 * {@code P_t = mu_1 * ... * mu_t}, per step {@code t} (from 1) and element:
 * <pre>
 *   m += (g - m) * (1 - beta1)
 *   v += (g^2 - v) * (1 - beta2)
 *   mHat = mu_{t+1} * m / (1 - P_t * mu_{t+1}) + (1 - mu_t) * g / (1 - P_t)
 *   vHat = v / (1 - beta2^t)
 *   w -= mHat * lr / (sqrt(vHat) + eps)
 * </pre>
 * {@code P_t} is a float32 running product like Keras's {@code _u_product} variable; after a state
 * restore it is rebuilt from the iteration count. Powers are float32 {@code pow} as in Keras.
 *
 * <p>Slots: {@code "momentum"} ({@code m}) and {@code "velocity"} ({@code v}), the Keras variable
 * names, both starting at 0.
 */
public final class Nadam extends Optimizer {
    private static final List<String> SLOTS = List.of("momentum", "velocity");
    private static final float SCHEDULE_DECAY = 0.96f;

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private long productStep;
    private float uProduct = 1f;

    Nadam(double learningRate, double beta1, double beta2, double epsilon) {
        super(HyperParameters.learningRate("nadam", learningRate));
        this.beta1 = HyperParameters.unitInterval("nadam", "beta1", beta1);
        this.beta2 = HyperParameters.unitInterval("nadam", "beta2", beta2);
        this.epsilon = HyperParameters.nonNegative("nadam", "epsilon", epsilon);
    }

    /** {@code "nadam"}. */
    @Override
    public String name() {
        return "nadam";
    }

    /** {@code ["momentum", "velocity"]}. */
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
     * Added to the square root of the corrected second moment (default 1e-7).
     *
     * @return epsilon
     */
    public double epsilon() {
        return epsilon;
    }

    /** {@code mu_k} in float32, as Keras computes it. */
    private float mu(long k) {
        return (float) beta1 * (1f - 0.5f * (float) Math.pow(SCHEDULE_DECAY, (float) k));
    }

    /** {@code P_t}: Keras multiplies {@code _u_product} once per step, before the variables update. */
    private float uProduct(long t) {
        if (t != productStep) {
            if (t != productStep + 1) {
                uProduct = 1f;
                productStep = 0;
            }
            while (productStep < t) {
                productStep++;
                // Keras parity: u_product * beta_1 * (1 - 0.5 * 0.96^(iterations + 1)), left to right.
                uProduct = uProduct * (float) beta1
                        * (1f - 0.5f * (float) Math.pow(SCHEDULE_DECAY, (float) productStep));
            }
        }
        return uProduct;
    }

    @Override
    protected void update(float[] w, float[] g, float[][] slots, long t) {
        float[] m = slots[0];
        float[] v = slots[1];
        float lr = (float) learningRate();
        float uT = mu(t);
        float uT1 = mu(t + 1);
        float productT = uProduct(t);
        float productT1 = productT * uT1;
        float beta2Power = (float) Math.pow((float) beta2, (float) t);
        float oneMinusB1 = (float) (1 - beta1);
        float oneMinusB2 = (float) (1 - beta2);
        float eps = (float) epsilon;
        for (int i = 0; i < w.length; i++) {
            float mi = m[i] + (g[i] - m[i]) * oneMinusB1;
            float vi = v[i] + (g[i] * g[i] - v[i]) * oneMinusB2;
            m[i] = mi;
            v[i] = vi;
            float mHat = uT1 * mi / (1f - productT1) + (1f - uT) * g[i] / (1f - productT);
            float vHat = vi / (1f - beta2Power);
            w[i] = w[i] - mHat * lr / ((float) Math.sqrt(vHat) + eps);
        }
    }

    @Override
    public String toString() {
        return "nadam(learningRate=" + learningRate() + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon
                + ")";
    }
}
