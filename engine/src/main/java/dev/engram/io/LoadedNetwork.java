package dev.engram.io;

import dev.engram.models.Model;
import dev.engram.models.Network;
import dev.engram.models.SymbolicTensor;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A file read into an engine {@link Network} (TF.js and Keras files).
 *
 * <p>Inputs and outputs are named as TF.js names them, so fixtures written against TF.js match: a
 * functional model's input and output layers' names; a Sequential's {@code <first layer>_input} and
 * its last layer's name.
 *
 * @param origin  the file and what it says about itself
 * @param network the model with the file's weights
 */
public record LoadedNetwork(ModelOrigin origin, Network network) implements LoadedModel {

    /** Requires both parts. */
    public LoadedNetwork {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(network, "network");
    }

    @Override
    public List<String> inputNames() {
        if (network instanceof Model m) {
            return m.inputs().stream().map(SymbolicTensor::name).toList();
        }
        return List.of(network.layers().get(0).name() + "_input");
    }

    @Override
    public List<String> outputNames() {
        return network.outputNames();
    }

    @Override
    public List<Shape> inputSampleShapes() {
        List<Shape> shapes = new ArrayList<>(network.inputShapes());
        if (shapes.isEmpty()) {
            shapes.add(null);
        }
        return shapes;
    }

    @Override
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        List<String> names = inputNames();
        LoadedModel.requireInputNames(names, inputs);
        List<Tensor> ordered = new ArrayList<>();
        for (String n : names) {
            ordered.add(inputs.get(n));
        }
        List<Tensor> got = network.predict(ordered);
        List<String> outNames = outputNames();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < got.size(); i++) {
            out.put(outNames.get(i), got.get(i));
        }
        return out;
    }

    @Override
    public Network toNetwork() {
        return network;
    }
}
