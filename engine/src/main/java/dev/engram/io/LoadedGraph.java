package dev.engram.io;

import dev.engram.models.Network;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A file read as a {@link RunnableGraph} (ONNX): it runs exactly the file's operators, and converts
 * to engine layers only on request ({@link #toNetwork()}), because a graph may run without mapping
 * onto layers and the conversion can be refused.
 *
 * @param origin the file and what it says about itself
 * @param graph  the runnable graph
 */
public record LoadedGraph(ModelOrigin origin, RunnableGraph graph) implements LoadedModel {

    /** Requires both parts. */
    public LoadedGraph {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(graph, "graph");
    }

    @Override
    public List<String> inputNames() {
        return graph.inputNames();
    }

    @Override
    public List<String> outputNames() {
        return graph.outputNames();
    }

    @Override
    public List<Shape> inputSampleShapes() {
        return graph.inputSampleShapes();
    }

    @Override
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        LoadedModel.requireInputNames(graph.inputNames(), inputs);
        Map<String, Tensor> out = graph.predict(inputs);
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        for (String n : graph.outputNames()) {
            ordered.put(n, out.get(n));
        }
        return ordered;
    }

    @Override
    public Network toNetwork() throws ModelFileException {
        return graph.toNetwork();
    }
}
