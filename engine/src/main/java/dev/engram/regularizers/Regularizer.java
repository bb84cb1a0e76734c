package dev.engram.regularizers;

/**
 * A penalty on a parameter's value that training adds to the loss (Keras/TF.js weight regularizers).
 * Attach one to a parameter through a layer config, e.g.
 * {@code Layers.dense(8).withKernelRegularizer(Regularizers.l2(0.01))}; each training batch then adds
 * {@link #penalty} of the parameter's current value to the reported loss and {@link #addGradient} to
 * the parameter's gradient, before the optimizer step.
 */
public interface Regularizer {
    /**
     * The penalty of {@code value} (any shape, flat row-major).
     *
     * @param value the weights
     * @return the penalty added to the loss
     */
    double penalty(float[] value);

    /**
     * Adds {@code d penalty / d value} to {@code gradient} (same length as {@code value}).
     *
     * @param value    the weights
     * @param gradient the gradient, added to in place
     */
    void addGradient(float[] value, float[] gradient);
}
