package dev.engram.models;

import dev.engram.initializers.DeferredInitialization;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.tensor.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Builds a functional {@link Model}: declare inputs, apply layers to symbolic tensors, then name
 * the outputs. The Java form of Keras's functional API:
 *
 * <pre>{@code
 * var b = new ModelBuilder("forecaster", 42);
 * var series = b.input("series", 24, 3);
 * var features = b.input("features", 5);
 * var h = b.apply(Layers.lstm(32), series);
 * var merged = b.apply(Layers.concatenate(), h, features);
 * var price = b.apply(Layers.dense(1), merged);
 * var trend = b.apply(Layers.dense(3).withActivation(Activations.softmax()), merged);
 * Model model = b.build(List.of(series, features), List.of(price, trend));
 * }</pre>
 *
 * A layer applied more than once is shared: create it with {@link #layer} and pass it to
 * {@link #apply(Layer, SymbolicTensor...)} each time. Layers are built (their weights created from
 * this builder's seed) when first applied. Unnamed layers get Keras-style names unique within the
 * builder ({@code lstm}, {@code lstm_1}, ...).
 */
public final class ModelBuilder {
    private final String name;
    private final RandomGenerator random;
    private final Map<String, Integer> counters = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    private final List<SymbolicTensor> declaredInputs = new ArrayList<>();

    /**
     * A builder whose layers' initial weights are reproducible from {@code seed}.
     *
     * @param name the model name
     * @param seed the seed of the initial weights
     */
    public ModelBuilder(String name, long seed) {
        this(name, new SplittableRandom(seed));
    }

    /**
     * A builder with randomly seeded initial weights.
     *
     * @param name the model name
     */
    public ModelBuilder(String name) {
        this(name, new SplittableRandom());
    }

    /**
     * A builder for weights that come from elsewhere (a file): layers are built without running
     * their initializers, each of which runs only if its weight is read before being assigned
     * ({@link DeferredInitialization}).
     *
     * @param name the model name
     * @param seed the seed of any weight read before it is assigned
     * @return the builder
     */
    public static ModelBuilder withDeferredInitialization(String name, long seed) {
        return new ModelBuilder(name, new DeferredInitialization(seed));
    }

    /**
     * As {@link #withDeferredInitialization(String, long)} with a given source, e.g. one that bounds
     * what the layers may allocate ({@link DeferredInitialization#DeferredInitialization(long,
     * dev.engram.io.LoadLimits, long)}).
     *
     * @param name the model name
     * @param initialization the source of any weight read before it is assigned
     * @return the builder
     */
    public static ModelBuilder withDeferredInitialization(String name, DeferredInitialization initialization) {
        return new ModelBuilder(name, java.util.Objects.requireNonNull(initialization, "initialization"));
    }

    private ModelBuilder(String name, RandomGenerator random) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a model needs a non-empty name");
        }
        this.name = name;
        this.random = random;
    }

    /**
     * A model input with the given per-sample shape (batch dimension excluded; -1 for a free size).
     *
     * @param inputName the input's name, unique in the model
     * @param shape     the per-sample shape
     * @return the symbolic input
     */
    public SymbolicTensor input(String inputName, int... shape) {
        reserve(inputName);
        Node node = Node.input(inputName);
        SymbolicTensor t = new SymbolicTensor(node, 0, Shape.of(shape));
        node.outputs.add(t);
        declaredInputs.add(t);
        return t;
    }

    /**
     * Creates a layer (named, not yet built) so that it can be applied several times with shared weights.
     *
     * @param config the layer configuration
     * @return the layer, to pass to {@link #apply(Layer, SymbolicTensor...)}
     */
    public Layer layer(LayerConfig config) {
        String layerName = config.name() != null ? config.name() : autoName(config.defaultNamePrefix());
        reserve(layerName);
        return config.create(layerName);
    }

    /**
     * Applies a new layer made from {@code config}; returns its first output.
     *
     * @param config the layer configuration
     * @param inputs the layer's inputs
     * @return the layer's first output
     */
    public SymbolicTensor apply(LayerConfig config, SymbolicTensor... inputs) {
        return applyAll(layer(config), inputs).get(0);
    }

    /**
     * Applies an existing (possibly shared) layer; returns its first output.
     *
     * @param layer  a layer made by {@link #layer(LayerConfig)}
     * @param inputs the layer's inputs
     * @return the layer's first output
     */
    public SymbolicTensor apply(Layer layer, SymbolicTensor... inputs) {
        return applyAll(layer, inputs).get(0);
    }

    /**
     * Applies a new layer and returns all its outputs (e.g. LSTM with returnState: output, h, c).
     *
     * @param config the layer configuration
     * @param inputs the layer's inputs
     * @return every output of the layer
     */
    public List<SymbolicTensor> applyAll(LayerConfig config, SymbolicTensor... inputs) {
        return applyAll(layer(config), inputs);
    }

    /**
     * Applies an existing layer and returns all its outputs.
     *
     * @param layer  a layer made by {@link #layer(LayerConfig)}
     * @param inputs the layer's inputs
     * @return every output of the layer
     */
    public List<SymbolicTensor> applyAll(Layer layer, SymbolicTensor... inputs) {
        if (inputs.length == 0) {
            throw new IllegalArgumentException("layer '" + layer.name() + "' must be applied to at least one tensor");
        }
        List<Shape> shapes = new ArrayList<>();
        for (SymbolicTensor t : inputs) {
            shapes.add(t.shape());
        }
        if (!layer.isBuilt()) {
            layer.buildAll(shapes, random);
        } else if (!layer.inputShapes().equals(shapes)) {
            throw new IllegalArgumentException("layer '" + layer.name() + "' was built for inputs "
                    + layer.inputShapes() + " and cannot be applied to " + shapes);
        }
        Node node = Node.call(layer, List.of(inputs));
        List<Shape> outShapes = layer.outputShapes();
        for (int i = 0; i < outShapes.size(); i++) {
            node.outputs.add(new SymbolicTensor(node, i, outShapes.get(i)));
        }
        return List.copyOf(node.outputs);
    }

    /**
     * The model from the given inputs to the given outputs.
     *
     * @param inputs  the model inputs, in order
     * @param outputs the model outputs, in order
     * @return the model
     */
    public Model build(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
        return new Model(name, new Graph(inputs, outputs));
    }

    /**
     * A single-input, single-output model.
     *
     * @param input  the model input
     * @param output the model output
     * @return the model
     */
    public Model build(SymbolicTensor input, SymbolicTensor output) {
        return build(List.of(input), List.of(output));
    }

    private String autoName(String prefix) {
        while (true) {
            int n = counters.merge(prefix, 1, Integer::sum);
            String candidate = n == 1 ? prefix : prefix + "_" + (n - 1);
            if (!names.contains(candidate)) {
                return candidate;
            }
        }
    }

    private void reserve(String n) {
        if (!names.add(n)) {
            throw new IllegalArgumentException("model '" + name + "' already has a layer or input named '" + n + "'");
        }
    }
}
