package dev.engram.models;

import dev.engram.data.Dataset;
import dev.engram.data.Sample;
import dev.engram.initializers.DeferredInitialization;
import dev.engram.layers.IncompatibleShapeException;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 *
 * <p>A Sequential model is a one-input, one-output {@link Network}: it keeps its layers as a chain
 * of calls in the same graph a functional {@link Model} runs, so compiling, training, evaluation,
 * inference and weights work exactly as for functional models. This class adds only the stacking
 * ({@link #add}, building from the first input shape) and the single-tensor conveniences.
 */
public final class Sequential extends Network {
    private final RandomGenerator random;
    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, Integer> nameCounters = new HashMap<>();
    private Shape inputShape;
    /** Names in use, so adding the n-th layer is O(1) (models read from files can have many layers). */
    private final Set<String> layerNames = new HashSet<>();
    private Shape outputShape;
    /** The chain as a graph; made on first use, since rebuilding it on every add is quadratic. */
    private volatile Graph graph;

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

    /**
     * An empty model for weights that come from elsewhere (a file): its layers are built without
     * running their initializers, each of which runs only if its weight is read before being
     * assigned ({@link DeferredInitialization}).
     *
     * @param name the model name
     * @param seed the seed of any weight read before it is assigned
     * @return the model
     */
    public static Sequential withDeferredInitialization(String name, long seed) {
        return new Sequential(name, new DeferredInitialization(seed));
    }

    /**
     * As {@link #withDeferredInitialization(String, long)} with a given source, e.g. one that bounds
     * what the layers may allocate ({@link DeferredInitialization#DeferredInitialization(long,
     * dev.engram.io.LoadLimits, long)}).
     *
     * @param name the model name
     * @param initialization the source of any weight read before it is assigned
     * @return the model
     */
    public static Sequential withDeferredInitialization(String name, DeferredInitialization initialization) {
        return new Sequential(name, java.util.Objects.requireNonNull(initialization, "initialization"));
    }

    private Sequential(String name, RandomGenerator random) {
        super(name);
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
            throw new IllegalArgumentException("model '" + name() + "' already has a layer named '" + layerName + "'");
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

    @Override
    Graph graph() {
        Graph g = graph;
        if (g == null) {
            if (outputShape == null) {
                throw new IllegalStateException("model '" + name() + "' is not built yet: give its first layer an"
                        + " input shape, or call fit or predict once");
            }
            g = chain();
            graph = g;
        }
        return g;
    }

    @Override
    Graph graphFor(List<Tensor> xs) {
        if (xs.size() != 1) {
            throw new IllegalArgumentException("a Sequential model takes 1 input, got " + xs.size());
        }
        ensureBuilt(xs.get(0));
        return graph();
    }

    @Override
    int outputCount() {
        return 1;
    }

    /** The layers as a chain of calls, run by the same graph machinery as functional models. */
    private Graph chain() {
        Node input = Node.input(name() + "_input");
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
            throw new IllegalStateException("model '" + name() + "' has no layers");
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

    /** The layers, in order. */
    @Override
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
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

    @Override
    public List<Shape> inputShapes() {
        return inputShape == null ? List.of() : List.of(inputShape);
    }

    @Override
    public List<Shape> outputShapes() {
        return outputShape == null ? List.of() : List.of(outputShape);
    }

    @Override
    public List<String> outputNames() {
        return List.of(layers.get(layers.size() - 1).name());
    }

    /**
     * Inference over a dataset of batches; the outputs of all batches in one tensor.
     *
     * @param data batches of inputs; targets, if any, are ignored
     * @return the outputs, {@code [samples, ...]} with the batches in order
     */
    public Tensor predict(Dataset<Sample> data) {
        return predictDataset(data).get(0);
    }

    /** A Keras-style table of layers, output shapes and parameter counts. */
    @Override
    public String summary() {
        return ModelSummary.render(name(), layers);
    }

    @Override
    public String toString() {
        return "Sequential[" + name() + ", layers " + Arrays.toString(layers.toArray()) + "]";
    }
}
