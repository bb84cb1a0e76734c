package dev.engram.models;

import dev.engram.data.Dataset;
import dev.engram.data.Sample;
import dev.engram.layers.Layer;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A functional model: a directed acyclic graph of layer calls from one or more inputs to one or
 * more outputs, built with {@link ModelBuilder} (Keras's and TF.js's {@code tf.model}). Layers may
 * be shared; gradients of a tensor used by several calls are summed. Training sums the per-output
 * losses (each also logged as {@code <output layer>_loss}). Compiling, training, evaluation and
 * inference are those of every {@link Network}.
 *
 * <p>{@link #predict} is safe to call from many threads at once while no thread trains the model
 * (unless it holds stateful recurrent layers).
 */
public final class Model extends Network {
    private final Graph graph;

    Model(String name, Graph graph) {
        super(name);
        this.graph = graph;
    }

    @Override
    Graph graph() {
        return graph;
    }

    @Override
    int outputCount() {
        return graph.outputs.size();
    }

    /** The distinct layers in execution order. */
    @Override
    public List<Layer> layers() {
        return graph.layers;
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
        return graph.outputs.stream().map(SymbolicTensor::name).toList();
    }

    @Override
    public List<Shape> inputShapes() {
        return graph.inputs.stream().map(SymbolicTensor::shape).toList();
    }

    @Override
    public List<Shape> outputShapes() {
        return graph.outputs.stream().map(SymbolicTensor::shape).toList();
    }

    /**
     * Inference over a dataset of batches; one tensor per output, all batches concatenated.
     *
     * @param data batches of inputs; targets, if any, are ignored
     * @return one tensor per output, {@code [samples, ...]} with the batches in order
     */
    public List<Tensor> predict(Dataset<Sample> data) {
        return predictDataset(data);
    }

    /** A Keras-style table of layers, output shapes, parameter counts and the calls feeding each layer. */
    @Override
    public String summary() {
        return ModelSummary.render(name(), graph);
    }

    @Override
    public String toString() {
        return "Model[" + name() + ", inputs " + graph.inputs + ", outputs " + graph.outputs + "]";
    }
}
