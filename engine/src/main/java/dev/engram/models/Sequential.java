package dev.engram.models;

import dev.engram.data.Dataset;
import dev.engram.data.Sample;
import dev.engram.layers.ForwardPass;
import dev.engram.layers.IncompatibleShapeException;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Parameter;
import dev.engram.layers.TrainingContext;
import dev.engram.losses.Loss;
import dev.engram.optimizers.Optimizer;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A linear stack of layers, as TF.js's {@code tf.sequential}: each layer's single output is the next
 * layer's input.
 *
 * <pre>{@code
 * var model = Sequential.of(Layers.lstm(16).inputShape(1, 1), Layers.dense(1));
 * model.compile(Losses.meanSquaredError(), Optimizers.adam());
 * model.fit(xs, ys, FitOptions.epochs(10));
 * model.predict(Tensor.of(new float[][][] {{{3}}})).print();
 * }</pre>
 *
 * <p>The model is built (weights created) as soon as the first layer's input shape is known: from
 * its configuration, or from the first batch given to {@code fit}/{@code predict}. {@link #predict}
 * is safe to call from many threads at once while no thread trains the model.
 */
public final class Sequential implements TrainableNetwork, Network {
    private final String name;
    private final RandomGenerator random;
    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, Integer> nameCounters = new HashMap<>();
    private Shape inputShape;
    /** Names in use, so adding the n-th layer is O(1) (models read from files can have many layers). */
    private final java.util.Set<String> layerNames = new java.util.HashSet<>();
    private Shape outputShape;
    /** The chain as a graph; made on first use, since rebuilding it on every add is quadratic. */
    private volatile Graph graph;
    private Loss loss;
    private Optimizer optimizer;
    private List<Metric> metrics = List.of();

    /**
     * An empty model with the given name whose weights are initialised from {@code seed}.
     *
     * @param name the model name
     * @param seed the seed of the initial weights
     */
    public Sequential(String name, long seed) {
        this(name, new SplittableRandom(seed));
    }

    /** An empty model named {@code sequential} with randomly seeded initial weights. */
    public Sequential() {
        this("sequential", new SplittableRandom());
    }

    private Sequential(String name, RandomGenerator random) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a model needs a non-empty name");
        }
        this.name = name;
        this.random = random;
    }

    /**
     * A model of the given layers, randomly seeded.
     *
     * @param configs the layers, first to last; the first declares the input shape
     * @return the model, built when the input shape is known
     */
    public static Sequential of(LayerConfig... configs) {
        Sequential m = new Sequential();
        for (LayerConfig c : configs) {
            m.add(c);
        }
        return m;
    }

    /**
     * A model of the given layers whose initial weights are reproducible from {@code seed}.
     *
     * @param seed    the seed of the initial weights
     * @param configs the layers, first to last; the first declares the input shape
     * @return the model, built when the input shape is known
     */
    public static Sequential seeded(long seed, LayerConfig... configs) {
        Sequential m = new Sequential("sequential", seed);
        for (LayerConfig c : configs) {
            m.add(c);
        }
        return m;
    }

    /**
     * Appends a layer; builds it at once when the model's input shape is known. Returns this model.
     *
     * @param config the layer to append
     * @return this model
     */
    public Sequential add(LayerConfig config) {
        Objects.requireNonNull(config, "config");
        if (!layers.isEmpty() && config.inputShape() != null) {
            throw new IllegalArgumentException("only the first layer of a Sequential model takes an inputShape; layer "
                    + (layers.size() + 1) + " (" + config.defaultNamePrefix() + ") has " + config.inputShape());
        }
        String layerName = config.name() != null ? config.name() : uniqueName(config.defaultNamePrefix());
        if (layerNames.contains(layerName)) {
            throw new IllegalArgumentException("model '" + name + "' already has a layer named '" + layerName + "'");
        }
        Layer layer = config.create(layerName);
        layerNames.add(layerName);
        layers.add(layer);
        if (layers.size() == 1 && config.inputShape() != null) {
            inputShape = config.inputShape();
            buildFrom(0, inputShape);
        } else if (outputShape != null) {
            buildFrom(layers.size() - 1, outputShape);
        }
        return this;
    }

    private String uniqueName(String prefix) {
        int n = nameCounters.merge(prefix, 1, Integer::sum);
        return n == 1 ? prefix : prefix + "_" + (n - 1);
    }

    private void buildFrom(int index, Shape shape) {
        Shape s = shape;
        for (int i = index; i < layers.size(); i++) {
            Layer l = layers.get(i);
            s = l.build(s, random);
            if (l.outputCount() != 1) {
                throw new IllegalArgumentException("layer '" + l.name() + "' has " + l.outputCount()
                        + " outputs (returnState); every layer of a Sequential model must have exactly one");
            }
        }
        outputShape = s;
        graph = null;
    }

    private Graph graph() {
        Graph g = graph;
        if (g == null) {
            g = chain();
            graph = g;
        }
        return g;
    }

    /** The same graph machinery as functional models, as a chain. */
    private Graph chain() {
        Node input = Node.input(name + "_input");
        SymbolicTensor t = new SymbolicTensor(input, 0, inputShape);
        input.outputs.add(t);
        for (Layer l : layers) {
            Node call = Node.call(l, List.of(t));
            t = new SymbolicTensor(call, 0, l.outputShape());
            call.outputs.add(t);
        }
        return new Graph(List.of(input.outputs.get(0)), List.of(t));
    }

    private void ensureBuilt(Tensor x) {
        if (layers.isEmpty()) {
            throw new IllegalStateException("model '" + name + "' has no layers");
        }
        if (outputShape == null) {
            if (x.rank() < 2) {
                throw new IncompatibleShapeException(layers.get(0).name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN),
                        x.shape(), "(the first axis is the batch)");
            }
            inputShape = x.shape().dropFirst();
            buildFrom(0, inputShape);
        }
    }

    private void checkInput(Tensor x) {
        ensureBuilt(x);
        graph().checkInputs(List.of(x));
    }

    /** The model's name. */
    @Override
    public String name() {
        return name;
    }

    /** The layers, in order. */
    @Override
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /**
     * The layer with the given name.
     *
     * @param layerName the layer's name
     * @return the layer
     * @throws IllegalArgumentException if no layer has that name
     */
    public Layer layer(String layerName) {
        for (Layer l : layers) {
            if (l.name().equals(layerName)) {
                return l;
            }
        }
        throw new IllegalArgumentException("model '" + name + "' has no layer '" + layerName + "'; layers: "
                + layers.stream().map(Layer::name).toList());
    }

    /**
     * The per-sample input shape, or null before the model is built.
     *
     * @return the input shape, or null
     */
    public Shape inputShape() {
        return inputShape;
    }

    /**
     * The per-sample output shape, or null before the model is built.
     *
     * @return the output shape, or null
     */
    public Shape outputShape() {
        return outputShape;
    }

    /** Every parameter, layer by layer in each layer's canonical order. */
    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Layer l : layers) {
            all.addAll(l.parameters());
        }
        return all;
    }

    /** Copies of every weight, in {@link #parameters()} order. */
    @Override
    public List<Tensor> getWeights() {
        return Weights.get(parameters());
    }

    /** Replaces every weight; the count and each shape must match {@link #parameters()}. */
    @Override
    public void setWeights(List<Tensor> weights) {
        Weights.set(name, parameters(), weights);
    }

    /**
     * Sets the training objective, the optimizer and the metrics to report.
     *
     * @param loss      the loss to minimise
     * @param optimizer the optimizer that updates the weights
     * @param metrics   metrics reported next to the loss
     */
    public void compile(Loss loss, Optimizer optimizer, Metric... metrics) {
        this.loss = Objects.requireNonNull(loss, "loss");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.metrics = List.of(metrics);
    }

    /**
     * The loss given to {@link #compile}, or null.
     *
     * @return the loss, or null before {@code compile}
     */
    public Loss loss() {
        return loss;
    }

    /**
     * The optimizer given to {@link #compile}, or null.
     *
     * @return the optimizer, or null before {@code compile}
     */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * The metrics given to {@link #compile}.
     *
     * @return the metrics, empty before {@code compile}
     */
    public List<Metric> metrics() {
        return metrics;
    }

    /**
     * Trains on {@code x} and {@code y} (same first dimension) and returns the per-epoch history.
     *
     * @param x       inputs, {@code [samples, ...]}
     * @param y       targets, {@code [samples, ...]}
     * @param options epochs, batch size, validation, callbacks, seed
     * @return the per-epoch losses and metrics
     */
    public History fit(Tensor x, Tensor y, FitOptions options) {
        requireCompiled("fit");
        checkInput(x);
        checkTargets(y);
        return FitLoop.fit(this, objective(), List.of(x), List.of(y), options);
    }

    /**
     * Trains on a dataset of batches ({@link Sample}s with a leading batch axis), as TF.js's
     * {@code fitDataset}: one full pass per epoch, or {@link FitOptions#withStepsPerEpoch} batches;
     * {@code batchSize}, {@code shuffle} and {@code validationSplit} of the options do not apply
     * (batch and shuffle the dataset itself). Memory is bounded by the dataset's buffers.
     *
     * @param data batches of inputs and targets
     * @param options epochs, steps per epoch, validation and callbacks
     * @return the per-epoch losses and metrics
     */
    public History fit(Dataset<Sample> data, FitOptions options) {
        requireCompiled("fit");
        return FitLoop.fit(this, objective(), data, options);
    }

    /**
     * The compiled loss and metrics over a dataset of batches.
     *
     * @param data batches of inputs and targets
     * @return the mean loss and each metric over all samples, keyed as in {@link History}
     */
    public Map<String, Double> evaluate(Dataset<Sample> data) {
        requireCompiled("evaluate");
        return FitLoop.evaluate(this, objective(), data, 0);
    }

    /**
     * Inference over a dataset of batches; the outputs of all batches in one tensor.
     *
     * @param data batches of inputs; targets, if any, are ignored
     * @return the outputs, {@code [samples, ...]} with the batches in order
     */
    public Tensor predict(Dataset<Sample> data) {
        return FitLoop.predict(this, data).get(0);
    }

    /**
     * The compiled loss, each sample's loss weighted by {@code sampleWeight} ({@code [samples]}; Keras
     * {@code sample_weight}), and the (unweighted) metrics, in batches of 32.
     *
     * @param x the inputs, {@code [samples, ...]}
     * @param y the targets, {@code [samples, ...]}
     * @param sampleWeight the loss weight of each sample, {@code [samples]}
     * @return the weighted mean loss and each metric, keyed as in {@link History}
     */
    public Map<String, Double> evaluate(Tensor x, Tensor y, Tensor sampleWeight) {
        requireCompiled("evaluate");
        checkInput(x);
        checkTargets(y);
        return FitLoop.evaluate(this, objective(), List.of(x), List.of(y), sampleWeight, 32);
    }

    /**
     * The compiled loss and metrics on {@code x}, {@code y}, in batches of 32.
     *
     * @param x inputs, {@code [samples, ...]}
     * @param y targets, {@code [samples, ...]}
     * @return the loss and every metric, by name
     */
    public Map<String, Double> evaluate(Tensor x, Tensor y) {
        requireCompiled("evaluate");
        checkInput(x);
        checkTargets(y);
        return FitLoop.evaluate(this, objective(), List.of(x), List.of(y), 32);
    }

    FitLoop.Objective objective() {
        return new FitLoop.Objective(List.of(loss), optimizer, metrics);
    }

    /**
     * Inference on a batch. Thread-safe unless the model holds stateful recurrent layers.
     *
     * @param x inputs, {@code [batch, ...]}
     * @return the outputs, {@code [batch, ...]}
     */
    public Tensor predict(Tensor x) {
        checkInput(x);
        return graph().predict(List.of(x)).get(0);
    }

    @Override
    public List<Tensor> predictAll(List<Tensor> xs) {
        if (xs.size() != 1) {
            throw new IllegalArgumentException("a Sequential model takes 1 input, got " + xs.size());
        }
        return List.of(predict(xs.get(0)));
    }

    @Override
    public List<Tensor> predict(List<Tensor> inputs) {
        return predictAll(inputs);
    }

    @Override
    public List<Shape> inputShapes() {
        return inputShape == null ? List.of() : List.of(inputShape);
    }

    @Override
    public List<Shape> outputShapes() {
        return outputShape == null ? List.of() : List.of(outputShape);
    }

    @Override
    public History fit(List<Tensor> xs, List<Tensor> ys, FitOptions options) {
        if (xs.size() != 1 || ys.size() != 1) {
            throw new IllegalArgumentException("a Sequential model takes 1 input and 1 target, got " + xs.size()
                    + " and " + ys.size());
        }
        return fit(xs.get(0), ys.get(0), options);
    }

    @Override
    public Map<String, Double> evaluate(List<Tensor> xs, List<Tensor> ys) {
        if (xs.size() != 1 || ys.size() != 1) {
            throw new IllegalArgumentException("a Sequential model takes 1 input and 1 target, got " + xs.size()
                    + " and " + ys.size());
        }
        return evaluate(xs.get(0), ys.get(0));
    }

    @Override
    public List<String> outputNames() {
        return List.of(layers.get(layers.size() - 1).name());
    }

    /**
     * Inference in chunks of {@code batchSize} rows (bounds memory on large inputs).
     *
     * @param x         inputs, {@code [samples, ...]}
     * @param batchSize rows per chunk, {@code > 0}
     * @return the outputs, {@code [samples, ...]}
     */
    public Tensor predict(Tensor x, int batchSize) {
        checkInput(x);
        int n = x.shape().dim(0);
        if (n <= batchSize) {
            return predict(x);
        }
        List<Tensor> parts = new ArrayList<>();
        for (int from = 0; from < n; from += batchSize) {
            parts.add(predict(x.slice(from, Math.min(n, from + batchSize))));
        }
        int[] dims = parts.get(0).shape().toArray();
        dims[0] = n;
        float[] all = new float[parts.stream().mapToInt(Tensor::size).sum()];
        int p = 0;
        for (Tensor t : parts) {
            System.arraycopy(t.buffer(), 0, all, p, t.size());
            p += t.size();
        }
        return Tensor.wrap(Shape.of(dims), all);
    }

    /**
     * A training-mode pass (for custom training loops); back-propagates once.
     *
     * @param x       inputs, {@code [batch, ...]}
     * @param context the training step (dropout masks, random state)
     * @return the pass: its outputs, and {@code backward} to add the parameter gradients once
     */
    public ForwardPass forward(Tensor x, TrainingContext context) {
        return forward(List.of(x), context);
    }

    @Override
    public ForwardPass forward(List<Tensor> xs, TrainingContext context) {
        if (xs.size() != 1) {
            throw new IllegalArgumentException("a Sequential model takes 1 input, got " + xs.size());
        }
        checkInput(xs.get(0));
        return graph().forward(xs, context);
    }

    private void requireCompiled(String what) {
        if (loss == null) {
            throw new IllegalStateException("model '" + name + "' must be compiled before " + what
                    + ": call compile(loss, optimizer)");
        }
    }

    private void checkTargets(Tensor y) {
        Shape expected = outputShape.prepend(Shape.UNKNOWN);
        if (!expected.accepts(y.shape()) && !isClassIndexTarget(expected, y.shape())) {
            throw new IllegalArgumentException("model '" + name + "': targets y have shape " + y.shape()
                    + " but the model's output has shape " + expected);
        }
    }

    /** Class-index targets for a multi-class output: shape {@code [batch, ...]} or {@code [batch, ..., 1]}. */
    static boolean isClassIndexTarget(Shape expected, Shape y) {
        if (expected.dim(-1) <= 1) {
            return false;
        }
        if (expected.withLast(1).accepts(y)) {
            return true;
        }
        if (y.rank() != expected.rank() - 1) {
            return false;
        }
        int[] withUnit = java.util.Arrays.copyOf(y.toArray(), y.rank() + 1);
        withUnit[y.rank()] = 1;
        return expected.withLast(1).accepts(Shape.of(withUnit));
    }

    /**
     * Total number of weights.
     *
     * @return the number of scalar weights
     */
    public long countParams() {
        return layers.stream().mapToLong(l -> l.isBuilt() ? l.parameterCount() : 0).sum();
    }

    /** A Keras-style table of layers, output shapes and parameter counts. */
    @Override
    public String summary() {
        return ModelSummary.render(name, layers);
    }

    /** Prints {@link #summary()} to standard output. */
    public void printSummary() {
        System.out.println(summary());
    }

    @Override
    public String toString() {
        return "Sequential[" + name + ", layers " + Arrays.toString(layers.toArray()) + "]";
    }
}
