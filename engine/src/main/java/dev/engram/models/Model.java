package dev.engram.models;

import dev.engram.data.Dataset;
import dev.engram.data.Sample;
import dev.engram.layers.ForwardPass;
import dev.engram.layers.Layer;
import dev.engram.layers.Parameter;
import dev.engram.layers.TrainingContext;
import dev.engram.losses.Loss;
import dev.engram.optimizers.Optimizer;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A functional model: a directed acyclic graph of layer calls from one or more inputs to one or
 * more outputs, built with {@link ModelBuilder} (Keras's and TF.js's {@code tf.model}). Layers may
 * be shared; gradients of a tensor used by several calls are summed. Training sums the per-output
 * losses (each also logged as {@code <output layer>_loss}).
 *
 * <p>{@link #predict} is safe to call from many threads at once while no thread trains the model
 * (unless it holds stateful recurrent layers).
 */
public final class Model implements TrainableNetwork, Network {
    private final String name;
    private final Graph graph;
    private List<Loss> losses;
    private Optimizer optimizer;
    private List<Metric> metrics = List.of();

    /** The execution graph (for {@link Predictor}). */
    Graph graph() {
        return graph;
    }

    Model(String name, Graph graph) {
        this.name = name;
        this.graph = graph;
    }

    @Override
    public String name() {
        return name;
    }

    /** The distinct layers in execution order. */
    @Override
    public List<Layer> layers() {
        return graph.layers;
    }

    /**
     * The layer with the given name.
     *
     * @param layerName the layer's unique name within the model
     * @return the layer
     * @throws IllegalArgumentException when the model has no such layer; the message lists the names there are
     */
    public Layer layer(String layerName) {
        for (Layer l : graph.layers) {
            if (l.name().equals(layerName)) {
                return l;
            }
        }
        throw new IllegalArgumentException("model '" + name + "' has no layer '" + layerName + "'; layers: "
                + graph.layers.stream().map(Layer::name).toList());
    }

    /**
     * Every layer call in execution (topological) order; a shared layer has one call per application.
     *
     * @return the calls, an immutable list
     */
    public List<LayerCall> calls() {
        List<LayerCall> out = new ArrayList<>();
        for (Node n : graph.order) {
            out.add(new LayerCall(n.layer, n.inputs, n.outputs));
        }
        return List.copyOf(out);
    }

    /**
     * The model's inputs.
     *
     * @return the input tensors in the order {@code predict} and {@code fit} take their arrays
     */
    public List<SymbolicTensor> inputs() {
        return graph.inputs;
    }

    /**
     * The model's outputs.
     *
     * @return the output tensors in the order {@code predict} returns them and {@code fit} takes targets
     */
    public List<SymbolicTensor> outputs() {
        return graph.outputs;
    }

    @Override
    public List<String> outputNames() {
        List<String> names = new ArrayList<>();
        for (SymbolicTensor t : graph.outputs) {
            names.add(t.name());
        }
        return names;
    }

    /** Every parameter once (shared layers included once), in layer order. */
    @Override
    public List<Parameter> parameters() {
        return graph.parameters();
    }

    /** Copies of every weight, in {@link #parameters()} order. */
    @Override
    public List<Tensor> getWeights() {
        return Weights.get(parameters());
    }

    /** Replaces every weight; count and shapes must match {@link #parameters()}. */
    @Override
    public void setWeights(List<Tensor> weights) {
        Weights.set(name, parameters(), weights);
    }

    /**
     * Total number of weights.
     *
     * @return the number of scalar weights, trainable and not
     */
    public long countParams() {
        return parameters().stream().mapToLong(p -> p.shape().size()).sum();
    }

    /**
     * One loss for every output.
     *
     * @param loss the loss applied to each output; the total loss is their sum
     * @param optimizer the optimizer that updates the trainable weights in {@code fit}
     * @param metrics metrics reported per output beside the loss
     * @throws NullPointerException when {@code loss} or {@code optimizer} is null
     */
    public void compile(Loss loss, Optimizer optimizer, Metric... metrics) {
        compile(Collections.nCopies(graph.outputs.size(), Objects.requireNonNull(loss, "loss")), optimizer, metrics);
    }

    /**
     * One loss per output, in output order.
     *
     * @param losses one loss per output, in {@link #outputs()} order; the total loss is their sum
     * @param optimizer the optimizer that updates the trainable weights in {@code fit}
     * @param metrics metrics reported per output beside the loss
     * @throws IllegalArgumentException when the number of losses differs from the number of outputs
     * @throws NullPointerException when {@code optimizer} is null
     */
    public void compile(List<Loss> losses, Optimizer optimizer, Metric... metrics) {
        if (losses.size() != graph.outputs.size()) {
            throw new IllegalArgumentException("model '" + name + "' has " + graph.outputs.size()
                    + " outputs but " + losses.size() + " losses were given");
        }
        this.losses = List.copyOf(losses);
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.metrics = List.of(metrics);
    }

    /**
     * The compiled losses, one per output, or null.
     *
     * @return the losses given to {@code compile}, or null before it is called
     */
    public List<Loss> losses() {
        return losses;
    }

    /**
     * The compiled optimizer, or null.
     *
     * @return the optimizer given to {@code compile}, or null before it is called
     */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * Trains a single-input, single-output model.
     *
     * @param x the training inputs, {@code [samples, ...]}
     * @param y the training targets, {@code [samples, ...]}, rows matching {@code x}
     * @param options epochs, batch size, validation and callbacks
     * @return the per-epoch losses and metrics
     * @throws IllegalStateException when the model is not compiled
     * @throws IllegalArgumentException when the model has several inputs or outputs, or shapes do not match
     */
    public History fit(Tensor x, Tensor y, FitOptions options) {
        return fit(List.of(x), List.of(y), options);
    }

    /** Trains on one tensor per input and one target per output (all with the same batch dimension). */
    @Override
    public History fit(List<Tensor> xs, List<Tensor> ys, FitOptions options) {
        requireCompiled("fit");
        graph.checkInputs(xs);
        checkTargets(ys);
        return FitLoop.fit(this, objective(), xs, ys, options);
    }

    /**
     * Trains on a dataset of batches, as {@link Sequential#fit(Dataset, FitOptions)}.
     *
     * @param data batches of inputs and targets; iterated once per epoch unless {@code stepsPerEpoch} is set
     * @param options epochs, validation and callbacks; the batch size and shuffling are the dataset's
     * @return the per-epoch losses and metrics
     * @throws IllegalStateException when the model is not compiled
     */
    public History fit(Dataset<Sample> data, FitOptions options) {
        requireCompiled("fit");
        return FitLoop.fit(this, objective(), data, options);
    }

    /**
     * The compiled losses and metrics over a dataset of batches.
     *
     * @param data batches of inputs and targets
     * @return the mean loss and each metric over all samples, keyed as in {@link History}
     * @throws IllegalStateException when the model is not compiled
     */
    public Map<String, Double> evaluate(Dataset<Sample> data) {
        requireCompiled("evaluate");
        return FitLoop.evaluate(this, objective(), data, 0);
    }

    /**
     * Inference over a dataset of batches; one tensor per output, all batches concatenated.
     *
     * @param data batches of inputs; targets, if any, are ignored
     * @return one tensor per output, {@code [samples, ...]} with the batches in order
     */
    public List<Tensor> predict(Dataset<Sample> data) {
        return FitLoop.predict(this, data);
    }

    /** The compiled losses and metrics, in batches of 32. */
    @Override
    public Map<String, Double> evaluate(List<Tensor> xs, List<Tensor> ys) {
        requireCompiled("evaluate");
        graph.checkInputs(xs);
        checkTargets(ys);
        return FitLoop.evaluate(this, objective(), xs, ys, 32);
    }

    FitLoop.Objective objective() {
        return new FitLoop.Objective(losses, optimizer, metrics);
    }

    /**
     * Inference for a single-input, single-output model.
     *
     * @param x the inputs, {@code [samples, ...]} matching the model's input shape
     * @return the outputs, {@code [samples, ...]}
     * @throws IllegalArgumentException when the model has several inputs or outputs, or {@code x} has the wrong shape
     */
    public Tensor predict(Tensor x) {
        if (graph.inputs.size() != 1 || graph.outputs.size() != 1) {
            throw new IllegalArgumentException("model '" + name + "' has " + graph.inputs.size() + " inputs and "
                    + graph.outputs.size() + " outputs; use predict(List<Tensor>)");
        }
        return graph.predict(List.of(x)).get(0);
    }

    /** Inference with one tensor per input; returns one tensor per output. */
    @Override
    public List<Tensor> predict(List<Tensor> xs) {
        return graph.predict(xs);
    }

    @Override
    public List<Shape> inputShapes() {
        return graph.inputs.stream().map(SymbolicTensor::shape).toList();
    }

    @Override
    public List<Shape> outputShapes() {
        return graph.outputs.stream().map(SymbolicTensor::shape).toList();
    }

    @Override
    public List<Tensor> predictAll(List<Tensor> xs) {
        return graph.predict(xs);
    }

    @Override
    public ForwardPass forward(List<Tensor> xs, TrainingContext context) {
        return graph.forward(xs, context);
    }

    private void requireCompiled(String what) {
        if (losses == null) {
            throw new IllegalStateException("model '" + name + "' must be compiled before " + what
                    + ": call compile(loss, optimizer)");
        }
    }

    private void checkTargets(List<Tensor> ys) {
        if (ys.size() != graph.outputs.size()) {
            throw new IllegalArgumentException("model '" + name + "' has " + graph.outputs.size()
                    + " outputs but " + ys.size() + " target tensors were given");
        }
        for (int i = 0; i < ys.size(); i++) {
            Shape expected = graph.outputs.get(i).shape().prepend(Shape.UNKNOWN);
            if (!expected.accepts(ys.get(i).shape()) && !Sequential.isClassIndexTarget(expected, ys.get(i).shape())) {
                throw new IllegalArgumentException("model '" + name + "': targets for output '"
                        + graph.outputs.get(i).name() + "' have shape " + ys.get(i).shape()
                        + " but the output has shape " + expected);
            }
        }
    }

    /** A Keras-style table of layers, output shapes, parameter counts and the calls feeding each layer. */
    @Override
    public String summary() {
        return ModelSummary.render(name, graph);
    }

    /** Prints {@link #summary()}. */
    public void printSummary() {
        System.out.println(summary());
    }

    @Override
    public String toString() {
        return "Model[" + name + ", inputs " + graph.inputs + ", outputs " + graph.outputs + "]";
    }
}
