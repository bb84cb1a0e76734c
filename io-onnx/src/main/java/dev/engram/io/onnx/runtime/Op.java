package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Value;
import java.util.List;

/** One ONNX operator implementation. Stateless and thread-safe. */
@FunctionalInterface
public interface Op {
    /**
     * Computes the node's outputs. {@code inputs} has one entry per declared input, {@code null}
     * for an omitted optional input (empty name); the result has one entry per output the node
     * declares (trailing outputs the op does not produce may be missing).
     */
    List<Value> apply(NodeContext node, List<Value> inputs);
}
