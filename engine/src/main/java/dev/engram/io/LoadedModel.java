package dev.engram.io;

import dev.engram.models.Network;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A model read by {@link ModelFile#load}: either an engine {@link Network} ({@link LoadedNetwork}) or
 * a graph the format runs itself ({@link LoadedGraph}), both with named inputs and outputs and what
 * the file says about itself ({@link #origin()}).
 */
public sealed interface LoadedModel permits LoadedNetwork, LoadedGraph {

    /**
     * The file, its format, producer, dialect and training state.
     *
     * @return the origin
     */
    ModelOrigin origin();

    /**
     * Input names, in order.
     *
     * @return the names
     */
    List<String> inputNames();

    /**
     * Output names, in order.
     *
     * @return the names
     */
    List<String> outputNames();

    /**
     * The per-sample shape of each input (batch dimension dropped; {@link Shape#UNKNOWN} where the
     * file leaves a dimension free), or a null entry where unknown.
     *
     * @return one entry per input (at least one)
     */
    List<Shape> inputSampleShapes();

    /**
     * Runs the model.
     *
     * @param inputs a tensor for every input, by {@link #inputNames() name}
     * @return every output by name, in {@link #outputNames()} order
     * @throws IllegalArgumentException when the inputs' names are not the model's
     */
    Map<String, Tensor> predict(Map<String, Tensor> inputs);

    /**
     * The model as engine layers: the network itself, or the conversion of a runnable graph.
     *
     * @return the network
     * @throws UnsupportedModelException when a graph does not map onto engine layers
     * @throws ModelFileException        when a graph's weights do not fit the layers they form
     */
    Network toNetwork() throws ModelFileException;

    /**
     * Checks that {@code inputs} has exactly the names {@code names}.
     *
     * @param names  the model's input names
     * @param inputs the given inputs
     * @throws IllegalArgumentException naming both sets when they differ
     */
    static void requireInputNames(List<String> names, Map<String, Tensor> inputs) {
        if (!(names.containsAll(inputs.keySet()) && inputs.keySet().containsAll(names))) {
            throw new IllegalArgumentException("the model has inputs " + names + " but the data gives "
                    + inputs.keySet());
        }
    }
}
