package dev.engram.regularizers;

import dev.engram.tensor.Tensor;
import java.util.Objects;

/**
 * A penalty on a layer's outputs that training adds to the loss (Keras {@code activity_regularizer};
 * the sparse autoencoder of the Keras tutorial puts {@code l1(1e-5)} on its code layer). Every output
 * of every call of the layer in a training step adds {@link #penalty} to that step's loss, and its
 * gradient flows back through the layer into the weights before it. Masks are ignored (the peers
 * regularize the raw output tensors, padded steps included). Inference and {@code evaluate} leave it
 * out, as they leave out weight regularizers; ONNX export ignores it.
 *
 * <p>Attach one with {@code Layers.dense(8).withActivityRegularizer(ActivityRegularizer.of(Regularizers.l1(1e-5)))}.
 *
 * @param regularizer the penalty of one output tensor's values, e.g. {@link Regularizers#l1(double)}
 * @param scaling     whether the penalty is divided by the batch size: {@link ActivityScaling#SUM} is Keras 3's
 *                    form, {@link ActivityScaling#BATCH_MEAN} tf-keras 2's
 */
public record ActivityRegularizer(Regularizer regularizer, ActivityScaling scaling) {

    /**
     * Validates the fields.
     *
     * @param regularizer see the record
     * @param scaling     see the record
     */
    public ActivityRegularizer {
        Objects.requireNonNull(regularizer, "regularizer");
        Objects.requireNonNull(scaling, "scaling");
    }

    /**
     * Keras 3's activity regularizer: the penalty of each output, not divided by the batch size.
     *
     * @param regularizer the penalty of one output tensor
     * @return the activity regularizer
     */
    public static ActivityRegularizer of(Regularizer regularizer) {
        return new ActivityRegularizer(regularizer, ActivityScaling.SUM);
    }

    /**
     * tf-keras 2's activity regularizer: the penalty of each output divided by its batch size.
     *
     * @param regularizer the penalty of one output tensor
     * @return the activity regularizer
     */
    public static ActivityRegularizer batchMean(Regularizer regularizer) {
        return new ActivityRegularizer(regularizer, ActivityScaling.BATCH_MEAN);
    }

    /**
     * The penalty of one output, scaled by {@link #scaling}.
     *
     * @param output a layer output, {@code [batch, ...]}
     * @return the term added to the loss
     */
    public double penalty(Tensor output) {
        return regularizer.penalty(output.buffer()) * factor(output);
    }

    /**
     * The gradient of {@link #penalty} with respect to {@code output}, added to {@code gradient}
     * (the loss gradient of that output, or null when the output reaches no loss).
     *
     * @param output   the layer output the penalty was taken of
     * @param gradient the output's loss gradient, or null
     * @return a new tensor: {@code gradient + d penalty / d output}
     */
    public Tensor addGradient(Tensor output, Tensor gradient) {
        float[] own = new float[output.buffer().length];
        regularizer.addGradient(output.buffer(), own);
        double f = factor(output);
        float[] sum = gradient == null ? new float[own.length] : gradient.toArray();
        for (int i = 0; i < own.length; i++) {
            sum[i] += f == 1 ? own[i] : (float) (own[i] * f);
        }
        return Tensor.wrap(output.shape(), sum);
    }

    private double factor(Tensor output) {
        if (scaling == ActivityScaling.SUM) {
            return 1;
        }
        // tf-keras uses divide_no_nan: an empty batch has no penalty.
        int batch = output.rank() == 0 ? 1 : output.shape().dim(0);
        return batch == 0 ? 0 : 1.0 / batch;
    }
}
