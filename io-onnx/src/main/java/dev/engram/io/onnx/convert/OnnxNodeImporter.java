package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.runtime.NodeContext;
import java.util.List;

/**
 * Reads the ONNX nodes of one op family into engine layers during the converter's walk: it either
 * appends layers (with their weights) to the walk's {@link LayerChain} or only moves the walk on,
 * and refuses a node whose form has no engine layer, naming the node and why. One importer per
 * file, created per walk (it holds the walk's graph and chain) and registered once in
 * {@link OnnxImporters}, keyed by the op types it lists.
 */
abstract class OnnxNodeImporter {
    /** The graph being converted (constants, consumers, refusals). */
    final ConversionGraph graph;
    /** The walk's state, which the importer advances. */
    final LayerChain chain;
    private final String describes;
    private final List<String> ops;

    OnnxNodeImporter(ConversionGraph graph, LayerChain chain, String describes, List<String> ops) {
        this.graph = graph;
        this.chain = chain;
        this.describes = describes;
        this.ops = List.copyOf(ops);
    }

    /**
     * The op types this importer takes (the registry keys).
     *
     * @return default-domain op types
     */
    final List<String> ops() {
        return ops;
    }

    /**
     * What the importer maps, for the converter's refusal of an unknown op.
     *
     * @return e.g. {@code "Gemm, MatMul(+Add)"}
     */
    final String describes() {
        return describes;
    }

    /**
     * Steps over node {@code n}, which reads the value the walk stands on.
     *
     * @param n a node of one of {@link #ops()}
     * @throws UnsupportedOnnxException when the node's form has no engine layer
     */
    abstract void apply(NodeContext n) throws UnsupportedOnnxException;
}
