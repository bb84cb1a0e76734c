package dev.engram.optimizers;

import java.util.List;

/**
 * Stochastic gradient descent, plain or with momentum, following tfjs-core {@code SGDOptimizer} and
 * {@code MomentumOptimizer} (sgd_optimizer.ts, momentum_optimizer.ts).
 *
 * <ul>
 *   <li>plain ({@link Optimizers#sgd(double)}): {@code w -= lr * g}; no slots.</li>
 *   <li>momentum ({@link Optimizers#sgd(double, double, boolean)}): {@code acc = momentum * acc + g},
 *       then {@code w -= lr * acc}, or with Nesterov {@code w -= lr * (g + momentum * acc)} using the
 *       updated {@code acc}. One slot, {@code "momentum"} (the TF.js variable suffix), starting at 0.</li>
 * </ul>
 *
 * <p>Arithmetic is float32, operation by operation in the TF.js order.
 */
public final class Sgd extends Optimizer {
    private static final List<String> MOMENTUM_SLOTS = List.of("momentum");

    private final double momentum;
    private final boolean nesterov;
    private final boolean momentumForm;

    Sgd(double learningRate) {
        super(HyperParameters.learningRate("sgd", learningRate));
        this.momentum = 0;
        this.nesterov = false;
        this.momentumForm = false;
    }

    Sgd(double learningRate, double momentum, boolean nesterov) {
        super(HyperParameters.learningRate("momentum", learningRate));
        this.momentum = HyperParameters.nonNegative("momentum", "momentum", momentum);
        this.nesterov = nesterov;
        this.momentumForm = true;
    }

    /** {@code "sgd"} for plain SGD, {@code "momentum"} for the momentum form (TF.js class names). */
    @Override
    public String name() {
        return momentumForm ? "momentum" : "sgd";
    }

    /** Empty for plain SGD; {@code ["momentum"]} for the momentum form. */
    @Override
    protected List<String> slotNames() {
        return momentumForm ? MOMENTUM_SLOTS : List.of();
    }

    /**
     * The momentum coefficient; 0 for plain SGD.
     *
     * @return the momentum, &gt;= 0
     */
    public double momentum() {
        return momentum;
    }

    /**
     * True for Nesterov momentum.
     *
     * @return true for Nesterov momentum, false for classical momentum or none
     */
    public boolean nesterov() {
        return nesterov;
    }

    /**
     * True when this optimizer keeps a momentum slot (it was made with a momentum), even a momentum of
     * 0: TF.js {@code tf.train.momentum(lr, 0)} is still a MomentumOptimizer with its variables.
     *
     * @return true when a momentum slot is kept
     */
    public boolean usesMomentum() {
        return momentumForm;
    }

    @Override
    protected void update(float[] value, float[] grad, float[][] slots, long iteration) {
        // TF.js parity: the step is c * g + w with c = float32(-lr).
        float c = (float) -learningRate();
        if (!momentumForm) {
            for (int i = 0; i < value.length; i++) {
                value[i] = c * grad[i] + value[i];
            }
            return;
        }
        float m = (float) momentum;
        float[] acc = slots[0];
        for (int i = 0; i < value.length; i++) {
            float a = m * acc[i] + grad[i];
            acc[i] = a;
            value[i] = nesterov ? c * (grad[i] + a * m) + value[i] : c * a + value[i];
        }
    }

    @Override
    public String toString() {
        return momentumForm
                ? "momentum(learningRate=" + learningRate() + ", momentum=" + momentum + ", nesterov=" + nesterov + ")"
                : "sgd(learningRate=" + learningRate() + ")";
    }
}
