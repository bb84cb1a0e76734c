package dev.engram.models;

import dev.engram.layers.Layer;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Inference for serving: the same numbers as {@link Sequential#predict}, written into arrays the
 * caller owns, with no allocation per call once a thread has seen its batch size.
 *
 * <p>Layers with the engine's internal allocation-free path (Dense, LSTM, GRU, SimpleRNN without state
 * carried or returned, Activation, Dropout, Flatten, Reshape and TimeDistributed over any of
 * these) write straight into per-thread buffers. Other layers, and models that pass a time-step mask
 * (Embedding with maskZero, Masking), still work but take the allocating path;
 * {@link #isAllocationFree()} tells which case a predictor is in.
 *
 * <p>Functional models ({@link Model}) with any number of inputs and outputs are planned the same
 * way: each layer call with one input, one output and an allocation-free path writes into a
 * per-thread buffer of its own; other calls (merges, layers returning states) go through
 * {@code callAll} and allocate. Use {@link #predict(float[][], int, float[][])} (inputs and
 * outputs in the model's order); the single-array methods serve models with one input and one
 * output.
 *
 * <p>Numbers: a call gives exactly what {@code predict} gives for the same batch size. Between
 * batch sizes the last bits may differ: a batch of one runs its products as one-row GEMVs, larger
 * batches as GEMMs, and the two sum in different orders (both are correctly rounded float sums;
 * the difference is of the order of 1e-7 relative).
 *
 * <p>Thread-safe: each thread gets its own buffers (kept for the life of the predictor and the
 * thread, sized by the largest batch that thread asked for). A model with stateful layers is
 * served one call at a time, as by {@code predict}.
 *
 * <pre>{@code
 * Predictor predictor = Predictor.of(model);
 * float[] out = new float[predictor.outputSize()];
 * predictor.predict(window, 1, out);   // window: timesteps * features floats
 * }</pre>
 */
public final class Predictor {
    private final Network model;
    /** The plan of a functional model, or null for a Sequential one. */
    private final GraphPlan graph;
    /** The plan of a Sequential model, or null for a functional one. */
    private final ChainPlan chain;
    private final Shape inputShape;
    private final List<Layer> layers;
    private final Shape outputShape;
    private final boolean allocationFree;
    /** Per-thread one-element wrappers, so the single-array calls on a functional model allocate nothing. */
    private final ThreadLocal<float[][][]> singles = ThreadLocal.withInitial(() -> new float[][][] {
        new float[1][], new float[1][]});

    private Predictor(Model model, List<Shape> inputShapes) {
        this.model = model;
        this.graph = new GraphPlan(model, inputShapes);
        this.chain = null;
        this.inputShape = inputShapes.get(0);
        this.layers = graph.layers();
        this.outputShape = graph.outputShapes().get(0);
        this.allocationFree = graph.allocationFree();
    }

    private Predictor(Sequential model, Shape inputShape) {
        this.model = model;
        this.graph = null;
        this.chain = new ChainPlan(model, inputShape);
        this.inputShape = inputShape;
        this.layers = chain.layers();
        this.outputShape = chain.outputShape();
        this.allocationFree = chain.allocationFree();
    }

    /**
     * A predictor for a built single-input model whose per-sample input shape is fully known (for
     * a model built with an unknown number of timesteps, use {@link #of(Network, Shape)}).
     *
     * Functional models: every input's declared shape must be fully known (else use
     * {@link #of(Network, List)}).
     *
     * @throws IllegalArgumentException for an input shape with unknown dimensions
     * @param network a built Sequential or functional model
     * @return a predictor for the model's declared input shapes
     * @throws IllegalStateException when the model is not built yet
     */
    public static Predictor of(Network network) {
        List<Shape> shapes = network.inputShapes();
        if (shapes.isEmpty()) {
            throw new IllegalStateException("model '" + network.name() + "' is not built yet: give its first layer "
                    + "an input shape, or call fit or predict once");
        }
        return network instanceof Sequential ? of(network, shapes.get(0)) : of(network, shapes);
    }

    /**
     * A predictor for a functional model (or a Sequential one, with one shape) with the given
     * per-sample shape of each input, in the model's input order.
     *
     * @param network a Sequential or functional model
     * @param sampleShapes per-sample shape of each input (batch excluded), fully known, in the model's input order
     * @return a predictor for inputs of these shapes
     * @throws IllegalArgumentException when the number of shapes differs from the number of inputs, or a shape has
     *                                  unknown dimensions or is not accepted by the input it is given for
     */
    public static Predictor of(Network network, List<Shape> sampleShapes) {
        if (!(network instanceof Model m)) {
            if (sampleShapes.size() != 1) {
                throw new IllegalArgumentException("model '" + network.name() + "' takes 1 input, got "
                        + sampleShapes.size() + " shapes");
            }
            return of(network, sampleShapes.get(0));
        }
        List<Shape> declared = m.inputShapes();
        if (sampleShapes.size() != declared.size()) {
            throw new IllegalArgumentException("model '" + m.name() + "' takes " + declared.size() + " inputs, got "
                    + sampleShapes.size() + " shapes");
        }
        for (int i = 0; i < declared.size(); i++) {
            Shape s = sampleShapes.get(i);
            if (!s.isFullyKnown()) {
                throw new IllegalArgumentException("Predictor needs fully known per-sample input shapes, got " + s
                        + " for input " + i + " of model '" + m.name() + "'; pass them with Predictor.of(model, shapes)");
            }
            if (!declared.get(i).accepts(s)) {
                throw new IllegalArgumentException("model '" + m.name() + "' input " + i + " takes samples of shape "
                        + declared.get(i) + ", got " + s);
            }
        }
        return new Predictor(m, sampleShapes);
    }

    /**
     * A predictor for inputs of the given per-sample shape (batch excluded), e.g. {@code [50, 8]}.
     *
     * @param network a Sequential model, or a functional model with one input
     * @param sampleShape the per-sample input shape, fully known
     * @return a predictor for inputs of this shape
     * @throws IllegalArgumentException when the shape has unknown
     *                                  dimensions or is not accepted by the model's input
     * @throws IllegalStateException when a Sequential model is not built yet
     */
    public static Predictor of(Network network, Shape sampleShape) {
        if (!(network instanceof Sequential sequential)) {
            return of(network, List.of(sampleShape));
        }
        if (sequential.inputShapes().isEmpty()) {
            throw new IllegalStateException("model '" + network.name() + "' is not built yet");
        }
        if (!sampleShape.isFullyKnown()) {
            throw new IllegalArgumentException("Predictor needs a fully known per-sample input shape, got "
                    + sampleShape + " for model '" + network.name() + "'; pass one with Predictor.of(model, shape)");
        }
        Shape declared = sequential.inputShapes().get(0);
        if (!declared.accepts(sampleShape)) {
            throw new IllegalArgumentException("model '" + network.name() + "' takes samples of shape " + declared
                    + ", got " + sampleShape);
        }
        return new Predictor(sequential, sampleShape);
    }

    /**
     * Number of model inputs (1 for Sequential models).
     *
     * @return how many float arrays {@link #predict(float[][], int, float[][])} takes as inputs
     */
    public int inputCount() {
        return graph == null ? 1 : graph.inputShapes().size();
    }

    /**
     * Number of model outputs (1 for Sequential models).
     *
     * @return how many float arrays {@link #predict(float[][], int, float[][])} fills as outputs
     */
    public int outputCount() {
        return graph == null ? 1 : graph.outputShapes().size();
    }

    /**
     * Per-sample shape of input {@code i}.
     *
     * @param i the input index, 0 to {@link #inputCount()} - 1
     * @return the per-sample shape (batch excluded)
     * @throws IndexOutOfBoundsException when {@code i} is out of range
     */
    public Shape inputShape(int i) {
        return graph == null ? List.of(inputShape).get(i) : graph.inputShapes().get(i);
    }

    /**
     * Per-sample shape of output {@code i}.
     *
     * @param i the output index, 0 to {@link #outputCount()} - 1
     * @return the per-sample shape (batch excluded)
     * @throws IndexOutOfBoundsException when {@code i} is out of range
     */
    public Shape outputShape(int i) {
        return graph == null ? List.of(outputShape).get(i) : graph.outputShapes().get(i);
    }

    /**
     * Predicts {@code batch} samples: {@code inputs[i]} holds input i row-major (at least
     * {@code batch * inputShape(i).size()} floats), {@code outputs[j]} receives output j.
     *
     * @throws IllegalArgumentException when the array counts or lengths do not fit the batch
     * @param inputs one row-major array per model input, in input order; never written
     * @param batch the number of samples, &gt;= 0 (0 does nothing)
     * @param outputs one row-major array per model output, in output order; the first {@code batch *
     *                outputShape(j).size()} floats of each are overwritten
     */
    public void predict(float[][] inputs, int batch, float[][] outputs) {
        if (inputs.length != inputCount() || outputs.length != outputCount()) {
            throw new IllegalArgumentException("model '" + model.name() + "' has " + inputCount() + " input(s) and "
                    + outputCount() + " output(s); got " + inputs.length + " input and " + outputs.length
                    + " output arrays");
        }
        for (int i = 0; i < inputs.length; i++) {
            checkLength("input " + i, inputShape(i), inputs[i], batch);
        }
        for (int i = 0; i < outputs.length; i++) {
            checkLength("output " + i, outputShape(i), outputs[i], batch);
        }
        if (batch == 0) {
            return;
        }
        if (graph == null) {
            predict(inputs[0], batch, outputs[0]);
        } else {
            graph.predict(inputs, batch, outputs);
        }
    }

    private static void checkLength(String what, Shape shape, float[] a, int batch) {
        if (batch < 0 || (long) batch * shape.size() > a.length) {
            throw new IllegalArgumentException("a batch of " + batch + " samples of " + what + " shape " + shape
                    + " needs " + (long) batch * shape.size() + " floats; got an array of " + a.length);
        }
    }

    /**
     * Per-sample input shape (batch excluded).
     *
     * @return the first input's per-sample shape
     */
    public Shape inputShape() {
        return inputShape;
    }

    /**
     * Per-sample output shape (batch excluded).
     *
     * @return the first output's per-sample shape
     */
    public Shape outputShape() {
        return outputShape;
    }

    /**
     * Floats per input sample.
     *
     * @return the number of floats one sample of the first input takes in a row-major array
     */
    public int inputSize() {
        return inputShape.size();
    }

    /**
     * Floats per output sample.
     *
     * @return the number of floats one sample of the first output takes in a row-major array
     */
    public int outputSize() {
        return outputShape.size();
    }

    /**
     * True when calls allocate nothing after a thread's first call at a batch size (see the class notes).
     *
     * @return true when repeated calls on the same thread at the same batch size allocate nothing; false when the
     *         model has layers (e.g. masking) that need the tensor path
     */
    public boolean isAllocationFree() {
        return allocationFree;
    }

    /**
     * Predicts {@code batch} samples stored row-major in {@code input} (at least
     * {@code batch * inputSize()} floats) into {@code output} (at least {@code batch * outputSize()}).
     *
     * @throws IllegalArgumentException when an array is too short for the batch
     * @param input the samples, row-major; never written
     * @param batch the number of samples, &gt;= 0 (0 does nothing)
     * @param output receives the results, row-major; its first {@code batch * outputSize()} floats are overwritten
     */
    public void predict(float[] input, int batch, float[] output) {
        if (batch < 0 || (long) batch * inputSize() > input.length || (long) batch * outputSize() > output.length) {
            throw new IllegalArgumentException("a batch of " + batch + " samples of shape " + inputShape + " -> "
                    + outputShape + " needs " + (long) batch * inputSize() + " input and " + (long) batch * outputSize()
                    + " output floats; got arrays of " + input.length + " and " + output.length);
        }
        if (batch == 0) {
            return;
        }
        if (graph != null) {
            if (inputCount() != 1 || outputCount() != 1) {
                throw new IllegalArgumentException("model '" + model.name() + "' has " + inputCount() + " inputs and "
                        + outputCount() + " outputs; use predict(float[][], int, float[][])");
            }
            float[][][] io = singles.get();
            io[0][0] = input;
            io[1][0] = output;
            try {
                graph.predict(io[0], batch, io[1]);
            } finally {
                io[0][0] = null;
                io[1][0] = null;
            }
            return;
        }
        chain.predict(input, batch, output);
    }

    /**
     * Predicts one batch given as a tensor {@code [batch, ...inputShape]}; allocates the result.
     *
     * @param x the samples, {@code [batch, ...inputShape()]}
     * @return the results, {@code [batch, ...outputShape()]}
     * @throws IllegalArgumentException when {@code x} does not have the predictor's per-sample shape
     */
    public Tensor predict(Tensor x) {
        Shape expected = inputShape.prepend(Shape.UNKNOWN);
        if (!expected.accepts(x.shape())) {
            throw new IllegalArgumentException("model '" + model.name() + "' predictor expects input " + expected
                    + ", got " + x.shape());
        }
        int batch = x.shape().dim(0);
        float[] out = new float[Math.multiplyExact(batch, outputSize())];
        predict(x.buffer(), batch, out);
        return Tensor.wrap(outputShape.prepend(batch), out);
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (Layer l : layers) {
            names.add(l.name());
        }
        return "Predictor[" + model.name() + " " + inputShape + " -> " + outputShape + ", layers " + names
                + (allocationFree ? ", allocation-free" : ", allocating") + "]";
    }
}
