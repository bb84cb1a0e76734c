package dev.engram.optimizers;

/**
 * Factory for the built-in optimizers with TF.js defaults. The no-argument forms use the learning
 * rates TF.js layers picks for the string names ({@code 'sgd'} 0.01, {@code 'adam'} 0.001,
 * {@code 'rmsprop'} 0.001, {@code 'adagrad'} 0.01; tfjs-layers optimizers.ts), so
 * {@code model.compile(loss, Optimizers.adam())} behaves like {@code optimizer: 'adam'}.
 *
 * <p>Every hyper-parameter is validated: a learning rate must be finite and {@code > 0}, betas and
 * decay in {@code [0, 1)}, epsilon, momentum and the initial accumulator value finite and
 * {@code >= 0}; violations throw {@link IllegalArgumentException} naming the optimizer, the field and
 * the value.
 */
public final class Optimizers {
    private Optimizers() {
    }

    /**
     * Plain SGD with learning rate 0.01 (TF.js {@code 'sgd'}).
     *
     * @return the optimizer
     */
    public static Sgd sgd() {
        return new Sgd(0.01);
    }

    /**
     * Plain SGD: {@code w -= lr * g}.
     *
     * @param learningRate the step size, finite and {@code > 0}
     * @return the optimizer
     * @throws IllegalArgumentException if a hyper-parameter is out of range
     */
    public static Sgd sgd(double learningRate) {
        return new Sgd(learningRate);
    }

    /**
     * SGD with momentum, TF.js {@code tf.train.momentum(lr, momentum, useNesterov)}:
     * {@code acc = momentum * acc + g}; {@code w -= lr * acc}, or with Nesterov
     * {@code w -= lr * (g + momentum * acc)}.
     *
     * @param learningRate the step size, finite and {@code > 0}
     * @param momentum     the momentum, {@code >= 0} (0 for plain SGD)
     * @param nesterov     Nesterov momentum
     * @return the optimizer
     * @throws IllegalArgumentException if a hyper-parameter is out of range
     */
    public static Sgd sgd(double learningRate, double momentum, boolean nesterov) {
        return new Sgd(learningRate, momentum, nesterov);
    }

    /**
     * Adam with lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7, TF.js epsilon form.
     *
     * @return the optimizer
     */
    public static Adam adam() {
        return adam(0.001);
    }

    /**
     * Adam with the given learning rate and beta1 0.9, beta2 0.999, epsilon 1e-7, TF.js epsilon form.
     *
     * @param learningRate the step size, finite and {@code > 0}
     * @return the optimizer
     * @throws IllegalArgumentException if a hyper-parameter is out of range
     */
    public static Adam adam(double learningRate) {
        return adam(learningRate, 0.9, 0.999, 1e-7);
    }

    /**
     * Adam in the TF.js epsilon form ({@link AdamEpsilon#BIAS_CORRECTED}); use
     * {@link Adam#withEpsilonForm} for the Keras form.
     *
     * @param learningRate the step size, finite and {@code > 0}
     * @param beta1        decay of the first-moment estimate, in {@code [0, 1)}
     * @param beta2        decay of the second-moment estimate, in {@code [0, 1)}
     * @param epsilon      added to the denominator for numerical stability, {@code >= 0}
     * @return the optimizer
     * @throws IllegalArgumentException if a hyper-parameter is out of range
     */
    public static Adam adam(double learningRate, double beta1, double beta2, double epsilon) {
        return new Adam(learningRate, beta1, beta2, epsilon, AdamEpsilon.BIAS_CORRECTED);
    }

    /**
     * RMSprop with lr 0.001 (TF.js {@code 'rmsprop'}), decay 0.9, momentum 0, epsilon 1e-7.
     *
     * @return the optimizer
     */
    public static RmsProp rmsprop() {
        return rmsprop(0.001);
    }

    /**
     * RMSprop with decay 0.9, momentum 0, epsilon 1e-7, not centered (TF.js defaults).
     *
     * @param learningRate the step size, finite and {@code > 0}
     * @return the optimizer
     * @throws IllegalArgumentException if a hyper-parameter is out of range
     */
    public static RmsProp rmsprop(double learningRate) {
        return rmsprop(learningRate, 0.9, 0, 1e-7, false);
    }

    /**
     * RMSprop with every hyper-parameter given; see {@link RmsProp} for the update.
     *
     * @param learningRate the step size, finite and {@code > 0}
     * @param decay        decay of the mean square, in {@code [0, 1)}
     * @param momentum     the momentum, {@code >= 0}
     * @param epsilon      added to the denominator for numerical stability, {@code >= 0}
     * @param centered     divide by the centred second moment (the variance estimate)
     * @return the optimizer
     * @throws IllegalArgumentException if a hyper-parameter is out of range
     */
    public static RmsProp rmsprop(double learningRate, double decay, double momentum, double epsilon,
            boolean centered) {
        return new RmsProp(learningRate, decay, momentum, epsilon, centered);
    }

    /**
     * Adagrad with lr 0.01 (TF.js {@code 'adagrad'}) and initial accumulator value 0.1.
     *
     * @return the optimizer
     */
    public static Adagrad adagrad() {
        return adagrad(0.01);
    }

    /**
     * Adagrad with initial accumulator value 0.1 (TF.js default).
     *
     * @param learningRate the step size, finite and {@code > 0}
     * @return the optimizer
     * @throws IllegalArgumentException if a hyper-parameter is out of range
     */
    public static Adagrad adagrad(double learningRate) {
        return adagrad(learningRate, 0.1);
    }

    /**
     * Adagrad: {@code acc += g^2; w -= lr * g / sqrt(acc + 1e-7)}.
     *
     * @param learningRate the step size, finite and {@code > 0}
     * @param initialAccumulatorValue the starting sum of squares, {@code >= 0}
     * @return the optimizer
     * @throws IllegalArgumentException if a hyper-parameter is out of range
     */
    public static Adagrad adagrad(double learningRate, double initialAccumulatorValue) {
        return new Adagrad(learningRate, initialAccumulatorValue);
    }

    /**
     * Adamax with lr 0.002 (TF.js {@code 'adamax'}), beta1 0.9, beta2 0.999, epsilon 1e-7, decay 0.
     *
     * @return the optimizer
     */
    public static Adamax adamax() {
        return adamax(0.002);
    }

    /**
     * Adamax with the given learning rate and TF.js defaults otherwise.
     *
     * @param learningRate the step size, finite and {@code > 0}
     * @return the optimizer
     * @throws IllegalArgumentException if a hyper-parameter is out of range
     */
    public static Adamax adamax(double learningRate) {
        return adamax(learningRate, 0.9, 0.999, 1e-7, 0);
    }

    /**
     * Adamax with every hyper-parameter given; see {@link Adamax} for the update.
     *
     * @param learningRate the step size, finite and {@code > 0}
     * @param beta1        decay of the first-moment estimate, in {@code [0, 1)}
     * @param beta2        decay of the infinity norm, in {@code [0, 1)}
     * @param epsilon      added to the denominator for numerical stability, {@code >= 0}
     * @param decay        learning-rate decay per step, {@code >= 0} (TF.js {@code decay})
     * @return the optimizer
     * @throws IllegalArgumentException if a hyper-parameter is out of range
     */
    public static Adamax adamax(double learningRate, double beta1, double beta2, double epsilon, double decay) {
        return new Adamax(learningRate, beta1, beta2, epsilon, decay);
    }

    /**
     * Adadelta with lr 1.0 (TF.js {@code 'adadelta'}), rho 0.95, epsilon 1e-7, TF.js form.
     *
     * @return the optimizer
     */
    public static Adadelta adadelta() {
        return adadelta(1.0);
    }

    /**
     * Adadelta with the given learning rate, rho 0.95, epsilon 1e-7, TF.js form.
     *
     * @param learningRate the step size, finite and {@code > 0}
     * @return the optimizer
     * @throws IllegalArgumentException if a hyper-parameter is out of range
     */
    public static Adadelta adadelta(double learningRate) {
        return adadelta(learningRate, 0.95, 1e-7);
    }

    /**
     * Adadelta in the TF.js form ({@link AdadeltaForm#TFJS}); use {@link Adadelta#withForm} for the
     * Keras form.
     *
     * @param learningRate the step size, finite and {@code > 0}
     * @param rho          decay of the accumulated squares, in {@code [0, 1)}
     * @param epsilon      added to the denominator for numerical stability, {@code >= 0}
     * @return the optimizer
     * @throws IllegalArgumentException if a hyper-parameter is out of range
     */
    public static Adadelta adadelta(double learningRate, double rho, double epsilon) {
        return new Adadelta(learningRate, rho, epsilon, AdadeltaForm.TFJS);
    }

    /**
     * Nadam with the Keras defaults: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7.
     *
     * @return the optimizer
     */
    public static Nadam nadam() {
        return nadam(0.001);
    }

    /**
     * Nadam with the given learning rate and Keras defaults otherwise.
     *
     * @param learningRate the step size, finite and {@code > 0}
     * @return the optimizer
     * @throws IllegalArgumentException if a hyper-parameter is out of range
     */
    public static Nadam nadam(double learningRate) {
        return nadam(learningRate, 0.9, 0.999, 1e-7);
    }

    /**
     * Nadam with every hyper-parameter given; see {@link Nadam} for the update.
     *
     * @param learningRate the step size, finite and {@code > 0}
     * @param beta1        decay of the first-moment estimate, in {@code [0, 1)}
     * @param beta2        decay of the second-moment estimate, in {@code [0, 1)}
     * @param epsilon      added to the denominator for numerical stability, {@code >= 0}
     * @return the optimizer
     * @throws IllegalArgumentException if a hyper-parameter is out of range
     */
    public static Nadam nadam(double learningRate, double beta1, double beta2, double epsilon) {
        return new Nadam(learningRate, beta1, beta2, epsilon);
    }

    /**
     * AdamW with the Keras defaults: lr 0.001, weight decay 0.004, beta1 0.9, beta2 0.999, epsilon
     * 1e-7, Keras epsilon form ({@link AdamEpsilon#EPSILON_HAT}).
     *
     * @return the optimizer
     */
    public static AdamW adamw() {
        return adamw(0.001, 0.004);
    }

    /**
     * AdamW with the given learning rate and weight decay, Keras defaults otherwise.
     *
     * @param learningRate the step size, finite and {@code > 0}
     * @param weightDecay  decoupled weight decay per step, {@code >= 0}
     * @return the optimizer
     * @throws IllegalArgumentException if a hyper-parameter is out of range
     */
    public static AdamW adamw(double learningRate, double weightDecay) {
        return adamw(learningRate, weightDecay, 0.9, 0.999, 1e-7);
    }

    /**
     * AdamW in the Keras epsilon form; use {@link AdamW#withEpsilonForm} for the TF.js Adam form.
     *
     * @param learningRate the step size, finite and {@code > 0}
     * @param weightDecay  decoupled weight decay per step, {@code >= 0}
     * @param beta1        decay of the first-moment estimate, in {@code [0, 1)}
     * @param beta2        decay of the second-moment estimate, in {@code [0, 1)}
     * @param epsilon      added to the denominator for numerical stability, {@code >= 0}
     * @return the optimizer
     * @throws IllegalArgumentException if a hyper-parameter is out of range
     */
    public static AdamW adamw(double learningRate, double weightDecay, double beta1, double beta2, double epsilon) {
        return new AdamW(learningRate, weightDecay, beta1, beta2, epsilon, AdamEpsilon.EPSILON_HAT);
    }
}
