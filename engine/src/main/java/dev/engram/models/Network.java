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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A model, either a {@link Sequential} stack or a functional {@link Model}: its layers and weights,
 * the compiled training objective, inference, training and a summary. File readers and writers work
 * with this type.
 *
 * <p>Both kinds run on the same layer-call graph, so everything below is written once: a Sequential
 * is a one-input, one-output graph that grows as layers are added. What differs is only how the
 * graph is made (by {@code add} or by {@link ModelBuilder}) and the single-tensor conveniences each
 * kind adds.
 *
 * <p>{@link #predict(List)} is safe to call from many threads at once while no thread trains the
 * model (unless it holds stateful recurrent layers).
 */
public abstract sealed class Network permits Sequential, Model {
    private final String name;
    private List<Loss> losses;
    private Optimizer optimizer;
    private List<Metric> metrics = List.of();

    Network(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a model needs a non-empty name");
        }
        this.name = name;
    }

    /**
     * The execution graph; a Sequential model that is not built yet throws.
     *
     * @return the built graph
     */
    abstract Graph graph();

    /**
     * The graph that runs {@code xs}; a Sequential model checks it takes one tensor and builds itself
     * from its shape when no input shape was declared.
     */
    Graph graphFor(List<Tensor> xs) {
        return graph();
    }

    /** How many outputs (and so losses and targets) the model has. */
    abstract int outputCount();

    /**
     * The model's name.
     *
     * @return the name
     */
    public final String name() {
        return name;
    }

    /**
     * The distinct layers, in execution order.
     *
     * @return the layers, an unmodifiable list
     */
    public abstract List<Layer> layers();

    /**
     * The layer with the given name.
     *
     * @param layerName the layer's name, unique within the model
     * @return the layer
     * @throws IllegalArgumentException when the model has no such layer; the message lists the names there are
     */
    public final Layer layer(String layerName) {
        for (Layer l : layers()) {
            if (l.name().equals(layerName)) {
                return l;
            }
        }
        throw new IllegalArgumentException("model '" + name + "' has no layer '" + layerName + "'; layers: "
                + layers().stream().map(Layer::name).toList());
    }

    /**
     * Per-sample shapes of the inputs (batch excluded), or an empty list before the model is built.
     *
     * @return one shape per input
     */
    public abstract List<Shape> inputShapes();

    /**
     * Per-sample shapes of the outputs (batch excluded), or an empty list before the model is built.
     *
     * @return one shape per output
     */
    public abstract List<Shape> outputShapes();

    /**
     * Names of the outputs (the producing layer's name), used to label per-output losses and metrics.
     *
     * @return one name per output, in output order
     */
    public abstract List<String> outputNames();

    /**
     * Every parameter once (a shared layer's once), layer by layer in each layer's canonical order:
     * the model's weight order.
     *
     * @return the parameters
     */
    public final List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        Set<Parameter> seen = new HashSet<>();
        for (Layer l : layers()) {
            for (Parameter p : l.parameters()) {
                if (seen.add(p)) {
                    all.add(p);
                }
            }
        }
        return all;
    }

    /**
     * Copies of every weight, in {@link #parameters()} order.
     *
     * @return the weights
     */
    public final List<Tensor> getWeights() {
        return parameters().stream().map(Parameter::value).toList();
    }

    /**
     * Replaces every weight; count and shapes must match {@link #parameters()}.
     *
     * @param weights one tensor per parameter
     * @throws IllegalArgumentException if the count or a shape differs
     */
    public final void setWeights(List<Tensor> weights) {
        List<Parameter> ps = parameters();
        if (weights.size() != ps.size()) {
            throw new IllegalArgumentException("model '" + name + "' has " + ps.size() + " weights "
                    + ps.stream().map(p -> p.path() + " " + p.shape()).toList() + " but " + weights.size()
                    + " were given");
        }
        for (int i = 0; i < ps.size(); i++) {
            ps.get(i).assign(weights.get(i));
        }
    }

    /**
     * Total number of weights.
     *
     * @return the number of scalar weights, trainable and not
     */
    public final long countParams() {
        return parameters().stream().mapToLong(p -> p.shape().size()).sum();
    }

    /**
     * Sets the training objective: one loss for every output, the optimizer and the metrics to report.
     *
     * @param loss      the loss to minimise, applied to each output; the total loss is their sum
     * @param optimizer the optimizer that updates the trainable weights in {@code fit}
     * @param metrics   metrics reported (per output) next to the loss
     * @throws NullPointerException when {@code loss} or {@code optimizer} is null
     */
    public final void compile(Loss loss, Optimizer optimizer, Metric... metrics) {
        compile(Collections.nCopies(outputCount(), Objects.requireNonNull(loss, "loss")), optimizer, metrics);
    }

    /**
     * Sets the training objective with one loss per output, in output order.
     *
     * @param losses    one loss per output; the total loss is their sum
     * @param optimizer the optimizer that updates the trainable weights in {@code fit}
     * @param metrics   metrics reported (per output) next to the loss
     * @throws IllegalArgumentException when the number of losses differs from the number of outputs
     * @throws NullPointerException     when {@code optimizer} or a loss is null
     */
    public final void compile(List<Loss> losses, Optimizer optimizer, Metric... metrics) {
        if (losses.size() != outputCount()) {
            throw new IllegalArgumentException("model '" + name + "' has " + outputCount()
                    + " output(s) but " + losses.size() + " losses were given");
        }
        this.losses = List.copyOf(losses);
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.metrics = List.of(metrics);
    }

    /**
     * Whether {@code compile} has been called, so that {@code fit} and {@code evaluate} can run.
     *
     * @return true once compiled
     */
    public final boolean isCompiled() {
        return losses != null;
    }

    /**
     * The loss shared by every output (the single output's loss for a Sequential model), or null
     * before {@code compile} or when the outputs have different losses.
     *
     * @return the shared loss, or null
     */
    public final Loss loss() {
        if (losses == null || losses.isEmpty()) {
            return null;
        }
        Loss first = losses.get(0);
        return losses.stream().allMatch(l -> l == first) ? first : null;
    }

    /**
     * The compiled losses, one per output in output order, or null before {@code compile}.
     *
     * @return the losses given to {@code compile}, or null
     */
    public final List<Loss> losses() {
        return losses;
    }

    /**
     * The compiled optimizer, or null before {@code compile}.
     *
     * @return the optimizer, or null
     */
    public final Optimizer optimizer() {
        return optimizer;
    }

    /**
     * The metrics given to {@code compile}.
     *
     * @return the metrics, empty before {@code compile}
     */
    public final List<Metric> metrics() {
        return metrics;
    }

    /** The compiled objective, for the training loop. */
    final FitLoop.Objective objective(String what) {
        if (losses == null) {
            throw new IllegalStateException("model '" + name + "' must be compiled before " + what
                    + ": call compile(loss, optimizer)");
        }
        return new FitLoop.Objective(losses, optimizer, metrics);
    }

    /**
     * Trains on one tensor per input and one target per output, all with the same first (batch) dimension.
     *
     * @param xs      one tensor per model input
     * @param ys      one target tensor per model output
     * @param options epochs, batch size, validation, callbacks, seed
     * @return the per-epoch losses and metrics
     * @throws IllegalStateException    when the model is not compiled
     * @throws IllegalArgumentException when the counts or shapes do not match the model
     */
    public final History fit(List<Tensor> xs, List<Tensor> ys, FitOptions options) {
        FitLoop.Objective objective = objective("fit");
        checkData(xs, ys);
        return FitLoop.fit(this, objective, xs, ys, options);
    }

    /**
     * Trains a single-input, single-output model on {@code x} and {@code y} (same first dimension).
     *
     * @param x       inputs, {@code [samples, ...]}
     * @param y       targets, {@code [samples, ...]}
     * @param options epochs, batch size, validation, callbacks, seed
     * @return the per-epoch losses and metrics
     * @throws IllegalStateException    when the model is not compiled
     * @throws IllegalArgumentException when the model has several inputs or outputs, or shapes do not match
     */
    public final History fit(Tensor x, Tensor y, FitOptions options) {
        return fit(List.of(x), List.of(y), options);
    }

    /**
     * Trains on a dataset of batches ({@link Sample}s with a leading batch axis), as TF.js's
     * {@code fitDataset}: one full pass per epoch, or {@link FitOptions#withStepsPerEpoch} batches;
     * {@code batchSize}, {@code shuffle} and {@code validationSplit} of the options do not apply
     * (batch and shuffle the dataset itself). Memory is bounded by the dataset's buffers.
     *
     * @param data    batches of inputs and targets
     * @param options epochs, steps per epoch, validation and callbacks
     * @return the per-epoch losses and metrics
     * @throws IllegalStateException when the model is not compiled
     */
    public final History fit(Dataset<Sample> data, FitOptions options) {
        return FitLoop.fit(this, objective("fit"), data, options);
    }

    /**
     * The compiled losses and metrics on one tensor per input and one target per output, in batches of 32.
     *
     * @param xs one tensor per model input
     * @param ys one target tensor per model output
     * @return the loss and every metric, by name
     * @throws IllegalStateException when the model is not compiled
     */
    public final Map<String, Double> evaluate(List<Tensor> xs, List<Tensor> ys) {
        FitLoop.Objective objective = objective("evaluate");
        checkData(xs, ys);
        return Scoring.evaluate(this, objective, xs, ys, null, 32);
    }

    /**
     * The compiled loss and metrics of a single-input, single-output model on {@code x}, {@code y},
     * in batches of 32.
     *
     * @param x inputs, {@code [samples, ...]}
     * @param y targets, {@code [samples, ...]}
     * @return the loss and every metric, by name
     * @throws IllegalStateException when the model is not compiled
     */
    public final Map<String, Double> evaluate(Tensor x, Tensor y) {
        return evaluate(List.of(x), List.of(y));
    }

    /**
     * The compiled loss, each sample's loss weighted by {@code sampleWeight} ({@code [samples]}; Keras
     * {@code sample_weight}), and the (unweighted) metrics, in batches of 32.
     *
     * @param x            the inputs, {@code [samples, ...]}
     * @param y            the targets, {@code [samples, ...]}
     * @param sampleWeight the loss weight of each sample, {@code [samples]}
     * @return the weighted mean loss and each metric, keyed as in {@link History}
     * @throws IllegalStateException when the model is not compiled
     */
    public final Map<String, Double> evaluate(Tensor x, Tensor y, Tensor sampleWeight) {
        FitLoop.Objective objective = objective("evaluate");
        checkData(List.of(x), List.of(y));
        return Scoring.evaluate(this, objective, List.of(x), List.of(y), sampleWeight, 32);
    }

    /**
     * The compiled losses and metrics over a dataset of batches.
     *
     * @param data batches of inputs and targets
     * @return the mean loss and each metric over all samples, keyed as in {@link History}
     * @throws IllegalStateException when the model is not compiled
     */
    public final Map<String, Double> evaluate(Dataset<Sample> data) {
        return Scoring.evaluate(this, objective("evaluate"), data, 0);
    }

    /**
     * Inference with one tensor per input; one tensor per output. Thread-safe unless the model is stateful.
     *
     * @param xs one {@code [batch, ...]} tensor per model input
     * @return one tensor per model output
     * @throws IllegalArgumentException when the count or a shape does not match the model's inputs
     */
    public final List<Tensor> predict(List<Tensor> xs) {
        return graphFor(xs).predict(xs);
    }

    /**
     * Inference on a batch for a single-input, single-output model.
     *
     * @param x inputs, {@code [batch, ...]}
     * @return the outputs, {@code [batch, ...]}
     * @throws IllegalArgumentException when the model has several inputs or outputs, or {@code x} has the wrong shape
     */
    public final Tensor predict(Tensor x) {
        Graph g = graphFor(List.of(x));
        if (g.inputs.size() != 1 || g.outputs.size() != 1) {
            throw new IllegalArgumentException("model '" + name + "' has " + g.inputs.size() + " inputs and "
                    + g.outputs.size() + " outputs; use predict(List<Tensor>)");
        }
        return g.predict(List.of(x)).get(0);
    }

    /**
     * Inference for a single-input, single-output model in chunks of {@code batchSize} rows (bounds
     * memory on large inputs).
     *
     * @param x         inputs, {@code [samples, ...]}
     * @param batchSize rows per chunk, {@code > 0}
     * @return the outputs, {@code [samples, ...]}
     */
    public final Tensor predict(Tensor x, int batchSize) {
        graphFor(List.of(x)).checkInputs(List.of(x));
        int n = x.shape().dim(0);
        if (n <= batchSize) {
            return predict(x);
        }
        List<Tensor> parts = new ArrayList<>();
        for (int from = 0; from < n; from += batchSize) {
            parts.add(predict(x.slice(from, Math.min(n, from + batchSize))));
        }
        return Scoring.concat(parts);
    }

    /** Inference over a dataset of batches; one tensor per output, all batches concatenated. */
    final List<Tensor> predictDataset(Dataset<Sample> data) {
        return Scoring.predict(this, data);
    }

    /**
     * A training-mode pass (for custom training loops); back-propagates once.
     *
     * @param xs      one tensor per model input, {@code [batch, ...]}
     * @param context the training step (dropout masks, random state)
     * @return the pass: its outputs, and {@code backwardAll} to add the parameter gradients once
     */
    public final ForwardPass forward(List<Tensor> xs, TrainingContext context) {
        return graphFor(xs).forward(xs, context);
    }

    /**
     * A training-mode pass of a single-input model (for custom training loops); back-propagates once.
     *
     * @param x       inputs, {@code [batch, ...]}
     * @param context the training step (dropout masks, random state)
     * @return the pass: its outputs, and {@code backward} to add the parameter gradients once
     */
    public final ForwardPass forward(Tensor x, TrainingContext context) {
        return forward(List.of(x), context);
    }

    /** Input shapes (building a Sequential model on first data), then target counts and shapes. */
    private void checkData(List<Tensor> xs, List<Tensor> ys) {
        Graph g = graphFor(xs);
        g.checkInputs(xs);
        Scoring.checkTargets(name, g, ys);
    }

    /**
     * A Keras-style summary table: layers, output shapes, parameter counts (and, for functional
     * models, the calls feeding each layer).
     *
     * @return the table
     */
    public abstract String summary();

    /** Prints {@link #summary()} to standard output. */
    public final void printSummary() {
        System.out.println(summary());
    }
}
