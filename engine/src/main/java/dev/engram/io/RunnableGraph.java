package dev.engram.io;

import dev.engram.models.Network;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A model a format runs as its own graph, node by node (an ONNX graph on the engine's kernels), with
 * the option to convert it into engine layers when the graph maps onto them.
 *
 * <p>{@link #predict} reports an input the graph cannot take as an
 * {@link dev.engram.layers.InvalidInputException} (or {@link dev.engram.layers.IncompatibleShapeException}),
 * and a graph that fails on an input of the shape it declares as an {@link java.io.UncheckedIOException}
 * around a {@link ModelFileException}: the first is the caller's error, the second the file's.
 */
public interface RunnableGraph {

    /**
     * The graph's input names, in order.
     *
     * @return the names
     */
    List<String> inputNames();

    /**
     * The graph's output names, in order.
     *
     * @return the names
     */
    List<String> outputNames();

    /**
     * The per-sample shape of each input as declared (batch dimension dropped, {@link Shape#UNKNOWN}
     * where free), or a null entry where the file declares no shape.
     *
     * @return one entry per input
     */
    List<Shape> inputSampleShapes();

    /**
     * Free-form metadata the file carries, in file order.
     *
     * @return the entries, possibly empty
     */
    Map<String, String> metadata();

    /**
     * Runs the graph; safe to call from several threads.
     *
     * @param inputs a tensor for every input, by name
     * @return every output, by name, in {@link #outputNames()} order
     */
    Map<String, Tensor> predict(Map<String, Tensor> inputs);

    /**
     * The graph as engine layers: a {@link dev.engram.models.Sequential} when it is a chain, else a
     * functional {@link dev.engram.models.Model}.
     *
     * @return the network with the graph's weights
     * @throws UnsupportedModelException when the graph does not map onto engine layers (the reason)
     * @throws ModelFileException        when the graph's weights do not fit the layers they form
     */
    Network toNetwork() throws ModelFileException;
}
