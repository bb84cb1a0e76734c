package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.io.onnx.runtime.GraphExecutor;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.layers.Layers;
import dev.engram.layers.WeightRole;
import java.util.List;
import java.util.Map;

/**
 * An integer graph input {@code [batch, steps]} read by a {@code Gather} of a constant 2-D table on axis 0 (PyTorch's
 * {@code nn.Embedding}, both exporters) as an Embedding layer: the walk starts on the ids (form IDS) and goes on from
 * the Gather's output as a batch-major sequence of the table's width. Called by SequentialConverter (the start) and
 * LayoutImporter (which owns Gather).
 */
final class EmbeddingImport {
    private EmbeddingImport() {
    }

    /** True when integer input {@code input}'s only data reader is a Gather of a constant table by it on axis 0. */
    static boolean readsIds(GraphExecutor graph, ConversionGraph index, String input, List<NodeContext> readers) {
        int type = graph.inputInfo(input).getType().getTensorType().getElemType();
        boolean integer = type == TensorProto.DataType.INT64_VALUE || type == TensorProto.DataType.INT32_VALUE;
        if (!integer || readers.size() != 1) {
            return false;
        }
        NodeContext g = readers.get(0);
        Value table = g.opType().equals("Gather") ? index.constValue(g.node().getInput(0)) : null;
        return table != null && table.rank() == 2 && g.node().getInput(1).equals(input) && g.attrInt("axis", 0) == 0;
    }

    /** True when {@code n} is the Gather that reads the ids the walk stands on as its indices. */
    static boolean readsCur(LayerChain chain, NodeContext n) {
        return chain.form == Form.IDS && n.opType().equals("Gather") && n.node().getInputCount() == 2
                && n.node().getInput(1).equals(chain.cur);
    }

    /** The Embedding layer of Gather {@code n} (table, ids). */
    static void embedding(ConversionGraph graph, LayerChain chain, NodeContext n) throws UnsupportedOnnxException {
        Value table = graph.constValue(n.node().getInput(0));
        if (!readsCur(chain, n) || table == null || table.rank() != 2 || n.attrInt("axis", 0) != 0) {
            throw graph.refuse(n.describe() + ": a Gather of ids maps to an Embedding only as a lookup of a constant "
                    + "2-D table on axis 0");
        }
        chain.add(Layers.embedding(table.dim(0), table.dim(1)), Map.of(WeightKey.of(WeightRole.EMBEDDINGS),
                table.tensor()), LayerChain.weightKey(n, graph));
        chain.inputFeatures = table.dim(1);
        chain.lstmIndex = -1;
        chain.denseOpen = false;
        chain.moveTo(n, Form.BATCH_SEQ);
    }
}
