package dev.engram.models;

import dev.engram.layers.Layer;
import java.util.List;

/**
 * One application of a layer inside a functional {@link Model}: the layer, the symbolic tensors it
 * was applied to and the ones it produced. A shared layer appears in several calls. Model file
 * writers use {@link Model#calls()} to serialise the graph (Keras {@code inbound_nodes}).
 *
 * @param layer   the layer
 * @param inputs  the tensors it was applied to, in argument order (a model input or an earlier call's output)
 * @param outputs the tensors it produced, in output order
 */
public record LayerCall(Layer layer, List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
    /**
     * Copies the lists.
     *
     * @param layer   the layer
     * @param inputs  the tensors it was applied to, in argument order (a model input or an earlier call's output)
     * @param outputs the tensors it produced, in output order
     */
    public LayerCall {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
