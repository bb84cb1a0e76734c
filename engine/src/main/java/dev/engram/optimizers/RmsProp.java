package dev.engram.optimizers;

import java.util.List;

/**
 * RMSprop (Tieleman and Hinton, 2012, Coursera lecture 6.5), following tfjs-core
 * {@code RMSPropOptimizer} (rmsprop_optimizer.ts). Defaults: decay 0.9, momentum 0, epsilon 1e-7
 * (the float32 backend epsilon), centered false.
 *
 * <p>Per element, with epsilon inside the square root as in TF.js:
 * <pre>
 *   rms = decay * rms + (1 - decay) * g^2
 *   plain:    mom = momentum * mom + lr * g / sqrt(rms + eps)
 *   centered: mg  = decay * mg + (1 - decay) * g
 *             mom = momentum * mom + lr * g / sqrt(rms - (mg^2 + eps))
 *   w -= mom
 * </pre>
 * The centered form subtracts epsilon, exactly as TF.js does; this gives NaN when
 * {@code rms - mg^2 < eps}, e.g. when a parameter's gradients have been exactly 0 so far.
 * {@link #withForm withForm(RmsPropForm.KERAS)} adds it instead ({@code sqrt(rms - mg^2 + eps)}),
 * as Keras and TensorFlow do; without centering the two forms are the same update.
 *
 * <p>Slots (TF.js variable suffixes, all starting at 0): {@code "rms"}, {@code "momentum"} (kept
 * even when momentum is 0, as TF.js does), and {@code "mg"} when centered.
 */
public final class RmsProp extends Optimizer {
    private static final List<String> SLOTS = List.of("rms", "momentum");
    private static final List<String> CENTERED_SLOTS = List.of("rms", "momentum", "mg");

    private final double decay;
    private final double momentum;
    private final double epsilon;
    private final boolean centered;
    private final RmsPropForm form;

    RmsProp(double learningRate, double decay, double momentum, double epsilon, boolean centered) {
        this(learningRate, decay, momentum, epsilon, centered, RmsPropForm.TFJS);
    }

    private RmsProp(double learningRate, double decay, double momentum, double epsilon, boolean centered,
            RmsPropForm form) {
        super(HyperParameters.learningRate("rmsprop", learningRate));
        this.decay = HyperParameters.unitInterval("rmsprop", "decay", decay);
        this.momentum = HyperParameters.nonNegative("rmsprop", "momentum", momentum);
        this.epsilon = HyperParameters.nonNegative("rmsprop", "epsilon", epsilon);
        this.centered = centered;
        if (form == null) {
            throw new IllegalArgumentException("rmsprop: form must not be null");
        }
        this.form = form;
    }

    /**
     * This optimizer with the centered update of {@code form} (state, schedule and clipping are not
     * carried over: call it before compiling, as with the other hyper-parameters).
     *
     * @param form TF.js (the default) or Keras
     * @return a new optimizer
     * @throws IllegalArgumentException if {@code form} is null
     */
    public RmsProp withForm(RmsPropForm form) {
        return new RmsProp(learningRate(), decay, momentum, epsilon, centered, form);
    }

    /**
     * Whose centered update this optimizer follows (default {@link RmsPropForm#TFJS}).
     *
     * @return the form
     */
    public RmsPropForm form() {
        return form;
    }

    /** {@code "rmsprop"}. */
    @Override
    public String name() {
        return "rmsprop";
    }

    /** {@code ["rms", "momentum"]}, plus {@code "mg"} when centered. */
    @Override
    protected List<String> slotNames() {
        return centered ? CENTERED_SLOTS : SLOTS;
    }

    /**
     * Discount factor of the mean square (TF.js {@code decay}, Keras {@code rho}; default 0.9).
     *
     * @return the discount factor, in [0, 1)
     */
    public double decay() {
        return decay;
    }

    /**
     * Momentum coefficient (default 0).
     *
     * @return the momentum, &gt;= 0
     */
    public double momentum() {
        return momentum;
    }

    /**
     * Epsilon, added inside the square root (default 1e-7).
     *
     * @return epsilon
     */
    public double epsilon() {
        return epsilon;
    }

    /**
     * True to normalise by the estimated variance instead of the second moment (default false).
     *
     * @return true for the centered variant
     */
    public boolean centered() {
        return centered;
    }

    @Override
    protected void update(float[] w, float[] g, float[][] slots, long iteration) {
        float[] rms = slots[0];
        float[] mom = slots[1];
        float[] mg = centered ? slots[2] : null;
        float d = (float) decay;
        float oneMinusD = (float) (1 - decay);
        float mu = (float) momentum;
        float eps = (float) epsilon;
        float lr = (float) learningRate();
        for (int i = 0; i < w.length; i++) {
            float r = rms[i] * d + (g[i] * g[i]) * oneMinusD;
            float denominator;
            if (centered) {
                float mgi = mg[i] * d + g[i] * oneMinusD;
                mg[i] = mgi;
                denominator = form == RmsPropForm.TFJS
                        // TF.js parity: rms - (mg^2 + eps), epsilon subtracted, not added.
                        ? (float) Math.sqrt(r - (mgi * mgi + eps))
                        // Keras parity: velocity - average_grad^2 + epsilon.
                        : (float) Math.sqrt(r - mgi * mgi + eps);
            } else {
                denominator = (float) Math.sqrt(r + eps);
            }
            float mo = mom[i] * mu + (g[i] * lr) / denominator;
            rms[i] = r;
            mom[i] = mo;
            w[i] = w[i] - mo;
        }
    }

    @Override
    public String toString() {
        return "rmsprop(learningRate=" + learningRate() + ", decay=" + decay + ", momentum=" + momentum
                + ", epsilon=" + epsilon + ", centered=" + centered + ", form=" + form + ")";
    }
}
