package dev.engram.models;

import dev.engram.layers.Layer;
import java.util.ArrayList;
import java.util.List;

/** One call of a layer in a graph (or a model input when {@code layer} is null). */
final class Node {
    final Layer layer;
    final String inputName;
    final List<SymbolicTensor> inputs;
    final List<SymbolicTensor> outputs = new ArrayList<>();

    private Node(Layer layer, String inputName, List<SymbolicTensor> inputs) {
        this.layer = layer;
        this.inputName = inputName;
        this.inputs = inputs;
    }

    static Node input(String name) {
        return new Node(null, name, List.of());
    }

    static Node call(Layer layer, List<SymbolicTensor> inputs) {
        return new Node(layer, null, List.copyOf(inputs));
    }
}
