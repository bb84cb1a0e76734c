package dev.engram.models;

import dev.engram.layers.Layer;
import dev.engram.layers.Parameter;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * What every model offers, whether a {@link Sequential} stack or a functional {@link Model}: its
 * layers and weights, inference, training after {@code compile}, and a summary. File readers and
 * writers work with this type.
 */
public interface Network {

    /**
     * The model's name.
     *
     * @return the name
     */
    String name();

    /**
     * The distinct layers, in execution order.
     *
     * @return the layers
     */
    List<Layer> layers();

    /**
     * Every parameter once, in the model's weight order.
     *
     * @return the parameters
     */
    List<Parameter> parameters();

    /**
     * Copies of every weight, in {@link #parameters()} order.
     *
     * @return the weights
     */
    List<Tensor> getWeights();

    /**
     * Replaces every weight; count and shapes must match {@link #parameters()}.
     *
     * @param weights one tensor per parameter
     * @throws IllegalArgumentException if the count or a shape differs
     */
    void setWeights(List<Tensor> weights);

    /**
     * Per-sample shapes of the inputs (batch excluded), or an empty list before the model is built.
     *
     * @return one shape per input
     */
    List<Shape> inputShapes();

    /**
     * Per-sample shapes of the outputs (batch excluded), or an empty list before the model is built.
     *
     * @return one shape per output
     */
    List<Shape> outputShapes();

    /**
     * Inference with one tensor per input; one tensor per output. Thread-safe unless the model is stateful.
     *
     * @param inputs one {@code [batch, ...]} tensor per model input
     * @return one tensor per model output
     */
    List<Tensor> predict(List<Tensor> inputs);

    /**
     * Trains on one tensor per input and one target per output.
     *
     * @param xs      one tensor per model input
     * @param ys      one target tensor per model output
     * @param options epochs, batch size, validation, callbacks, seed
     * @return the per-epoch losses and metrics
     */
    History fit(List<Tensor> xs, List<Tensor> ys, FitOptions options);

    /**
     * The compiled losses and metrics on the given data.
     *
     * @param xs one tensor per model input
     * @param ys one target tensor per model output
     * @return the loss and every metric, by name
     */
    Map<String, Double> evaluate(List<Tensor> xs, List<Tensor> ys);

    /**
     * A Keras-style summary table.
     *
     * @return the table
     */
    String summary();
}
