package dev.engram.models;

import dev.engram.layers.Layer;
import dev.engram.tensor.Shape;
import java.util.List;

/**
 * A placeholder for a tensor in a functional model under construction: a model input made by
 * {@link ModelBuilder#input}, or an output of a layer applied with {@link ModelBuilder#apply}. It
 * knows its per-sample shape (batch dimension excluded) and where it comes from.
 */
public final class SymbolicTensor {
    final Node node;
    final int index;
    private final Shape shape;

    SymbolicTensor(Node node, int index, Shape shape) {
        this.node = node;
        this.index = index;
        this.shape = shape;
    }

    /**
     * The per-sample shape, without the batch dimension.
     *
     * @return the shape; dimensions may be unknown
     */
    public Shape shape() {
        return shape;
    }

    /**
     * The layer whose call produced this tensor, or null for a model input (for graph walkers such as exporters).
     *
     * @return the layer, or null
     */
    public Layer producer() {
        return node.layer;
    }

    /**
     * The position of this tensor among its call's outputs (0 for a model input).
     *
     * @return the index, 0-based
     */
    public int outputIndex() {
        return index;
    }

    /**
     * The tensors the producing call took, in order; empty for a model input.
     *
     * @return the inputs, immutable
     */
    public List<SymbolicTensor> producerInputs() {
        return node.inputs;
    }

    /**
     * Every output of the producing call, in order (this one included); the same list for all of them.
     *
     * @return the outputs, immutable
     */
    public List<SymbolicTensor> callOutputs() {
        return java.util.Collections.unmodifiableList(node.outputs);
    }

    /**
     * {@code <input name>} for model inputs, {@code <layer name>[index]} for layer outputs.
     *
     * @return the name, unique within a model
     */
    public String name() {
        return node.layer == null ? node.inputName : node.layer.name() + (node.outputs.size() > 1 ? "[" + index + "]" : "");
    }

    @Override
    public String toString() {
        return "SymbolicTensor[" + name() + " " + shape.prepend(Shape.UNKNOWN) + "]";
    }
}
