package dev.engram.optimizers;

import java.util.List;

/**
 * Adadelta (Zeiler, 2012, "ADADELTA: An Adaptive Learning Rate Method"), following tfjs-core
 * {@code AdadeltaOptimizer} (adadelta_optimizer.ts) by default. Defaults (TF.js {@code 'adadelta'}):
 * learning rate 1.0, rho 0.95, epsilon 1e-7, {@link AdadeltaForm#TFJS}.
 *
 * <p>Per element, {@code ag} the accumulated squared gradients and {@code au} the accumulated squared
 * updates:
 * <pre>
 *   ag' = rho * ag + (1 - rho) * g^2
 *   TFJS:  update = sqrt(au + eps) / sqrt(ag  + eps) * g     (ag before this step)
 *   KERAS: update = sqrt(au + eps) / sqrt(ag' + eps) * g
 *   au' = rho * au + (1 - rho) * update^2
 *   w -= lr * update
 * </pre>
 * All arithmetic is float32 in the TF.js operation order.
 *
 * <p>Slots: {@code "accum_grad"} ({@code ag}) and {@code "accum_var"} ({@code au}), the TF.js
 * variable suffixes, both starting at 0.
 */
public final class Adadelta extends Optimizer {
    private static final List<String> SLOTS = List.of("accum_grad", "accum_var");

    private final double rho;
    private final double epsilon;
    private final AdadeltaForm form;

    Adadelta(double learningRate, double rho, double epsilon, AdadeltaForm form) {
        super(HyperParameters.learningRate("adadelta", learningRate));
        this.rho = HyperParameters.unitInterval("adadelta", "rho", rho);
        this.epsilon = HyperParameters.nonNegative("adadelta", "epsilon", epsilon);
        if (form == null) {
            throw new IllegalArgumentException("adadelta: form must not be null");
        }
        this.form = form;
    }

    /**
     * A new Adadelta with the same hyper-parameters and fixed learning rate but the given form; it
     * starts without state.
     *
     * @param newForm the update formula to use
     * @return the new optimizer
     */
    public Adadelta withForm(AdadeltaForm newForm) {
        return new Adadelta(learningRate(), rho, epsilon, newForm);
    }

    /** {@code "adadelta"}. */
    @Override
    public String name() {
        return "adadelta";
    }

    /** {@code ["accum_grad", "accum_var"]}. */
    @Override
    protected List<String> slotNames() {
        return SLOTS;
    }

    /**
     * Decay of both accumulators (default 0.95).
     *
     * @return rho, in [0, 1)
     */
    public double rho() {
        return rho;
    }

    /**
     * Added inside both square roots (default 1e-7).
     *
     * @return epsilon
     */
    public double epsilon() {
        return epsilon;
    }

    /**
     * Which accumulator value divides (default {@link AdadeltaForm#TFJS}).
     *
     * @return the form
     */
    public AdadeltaForm form() {
        return form;
    }

    @Override
    protected void update(float[] w, float[] g, float[][] slots, long t) {
        float[] ag = slots[0];
        float[] au = slots[1];
        float r = (float) rho;
        float oneMinusR = (float) (1 - rho);
        float eps = (float) epsilon;
        float negLr = (float) -learningRate();
        boolean tfjs = form == AdadeltaForm.TFJS;
        for (int i = 0; i < w.length; i++) {
            float newAg = ag[i] * r + (g[i] * g[i]) * oneMinusR;
            // TF.js parity: the denominator reads the accumulator before this step's assignment.
            float denominatorAg = tfjs ? ag[i] : newAg;
            float update = ((float) Math.sqrt(au[i] + eps) / (float) Math.sqrt(denominatorAg + eps)) * g[i];
            float newAu = au[i] * r + (update * update) * oneMinusR;
            ag[i] = newAg;
            au[i] = newAu;
            w[i] = update * negLr + w[i];
        }
    }

    @Override
    public String toString() {
        return "adadelta(learningRate=" + learningRate() + ", rho=" + rho + ", epsilon=" + epsilon + ", form=" + form
                + ")";
    }
}
