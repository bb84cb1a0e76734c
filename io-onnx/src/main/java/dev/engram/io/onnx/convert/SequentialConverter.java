package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.runtime.GraphExecutor;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.io.onnx.proto.Onnx.TensorShapeProto.Dimension;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.LstmConfig;
import dev.engram.models.Sequential;
import dev.engram.tensor.Shape;
import java.util.List;

/**
 * Maps a chain of recognised ONNX layer patterns to an engine {@link Sequential}. It follows the
 * data path from the single graph input, tracking the layout of the current value, and accepts:
 * Transpose [1,0,2]; LSTM, GRU (either linear_before_reset) and RNN with a zero (or absent) initial
 * state (see {@link RecurrentPattern}); bidirectional ones as a Bidirectional layer when their Y or
 * Y_h is merged by concatenation (Transpose of the direction axis next to H, then Reshape, as
 * PyTorch and our exporter write it); PyTorch's h_n (Concat of every layer's Y_h, Gather of the
 * last; recurrent layers are {@link LstmConfig}, GRU or SimpleRNN configurations); Squeeze of Y or
 * Y_h; Gather of the last step of a forward recurrent layer's sequence, or Slice [-1:] of it followed
 * by Squeeze of the time axis (tf2onnx's form of Keras's {@code strided_slice}); a time flip of a
 * reverse LSTM's sequence; Gemm or MatMul(+Add) with constant weights; activations right after a
 * dense layer; Identity and Dropout. Shape-only side paths (Shape, ... , ConstantOfShape) are
 * ignored. Anything else is refused, naming the node and the reason. This class checks the graph's
 * input and output and assembles the model; the walk and the per-node steps live in the package's
 * ChainMatcher and the importers it finds in OnnxImporters.
 */
public final class SequentialConverter {
    private final GraphExecutor graph;
    private final ConversionGraph index;

    /** A converter for the given validated graph. */
    public SequentialConverter(GraphExecutor graph, String file) {
        this.graph = graph;
        this.index = new ConversionGraph(graph, file, "a Sequential model");
    }

    /** The converted model, or an exception saying why the graph does not map. */
    public Sequential convert() throws UnsupportedOnnxException {
        if (graph.inputNames().size() != 1 || graph.outputNames().size() != 1) {
            throw index.refuse("the graph has inputs " + graph.inputNames() + " and outputs " + graph.outputNames()
                    + "; a Sequential model has exactly one of each");
        }
        String input = graph.inputNames().get(0);
        LayerChain chain = startAt(graph, index, input);
        int[] perSample = chain.perSample;
        String output = graph.outputNames().get(0);
        new ChainMatcher(index, chain).walkTo(output);
        if (chain.notALayerOutput() != null) {
            throw index.refuse("the output '" + output + "' is " + chain.notALayerOutput());
        }
        if (chain.configs.isEmpty()) {
            throw index.refuse("no layers on the path from input to output");
        }
        return assemble(chain, perSample, index);
    }

    /** The Sequential model of the chain's layers, the first taking {@code perSample} inputs, with their weights. */
    private static Sequential assemble(LayerChain chain, int[] perSample, ConversionGraph index)
            throws UnsupportedOnnxException {
        Sequential s = Sequential.withDeferredInitialization("onnx", 0);
        for (int i = 0; i < chain.configs.size(); i++) {
            LayerConfig c = chain.configs.get(i);
            if (i == 0) {
                c = (LayerConfig) c.inputShape(perSample);
            }
            s.add(c);
            WeightKey.assign(s.layers().get(i), chain.weights.get(i), index);
        }
        return s;
    }

    /**
     * A walk starting at graph input {@code input}: batch-major {@code [batch, features]} or
     * {@code [batch, steps, features]}, an image (see {@link ConvImporter#startAt}), or time-major when the input feeds a layout-0 recurrent node
     * straight (PyTorch's batch_first=False; the engine model then takes the same data batch-major).
     */
    static LayerChain startAt(GraphExecutor graph, ConversionGraph index, String input)
            throws UnsupportedOnnxException {
        int[] perSample = perSampleShape(graph, index, input);
        List<NodeContext> first = index.dataConsumers(input);
        if (perSample.length == 3) {
            return ConvImporter.startAt(input, perSample, first);
        }
        if (perSample.length == 4) {
            return VolumeConv.startAt(input, perSample, first);
        }
        if (perSample.length == 2 && SequenceConvTranspose.readsChannelsFirst(index, input, first)) {
            return SequenceConvTranspose.startAt(input, perSample);
        }
        if (perSample.length == 1 && EmbeddingImport.readsIds(graph, index, input, first)) {
            LayerChain ids = new LayerChain(input, Form.IDS);
            ids.perSample = perSample;
            ids.steps = perSample[0];
            return ids;
        }
        Form form = perSample.length == 2 ? Form.BATCH_SEQ : perSample.length == 1 ? Form.VEC : null;
        if (form == null) {
            throw index.refuse("input '" + input + "' has rank " + (perSample.length + 1)
                    + "; expected [batch, features], [batch, timesteps, features], an image [batch, H, W, C] / "
                    + "[batch, C, H, W] or a volume [batch, D, H, W, C] / [batch, C, D, H, W]");
        }
        if (form == Form.BATCH_SEQ && first.size() == 1 && ConversionGraph.RECURRENT_OPS.contains(first.get(0).opType())
                && first.get(0).attrInt("layout", 0) == 0 && first.get(0).node().getInput(0).equals(input)) {
            perSample = new int[] {dim(dims(graph, input).get(0)), perSample[1]};
            form = Form.TIME_SEQ;
        }
        LayerChain chain = new LayerChain(input, form);
        chain.perSample = perSample;
        chain.steps = perSample.length == 2 ? perSample[0] : -1;
        chain.inputFeatures = perSample[perSample.length - 1];
        return chain;
    }

    private static int[] perSampleShape(GraphExecutor graph, ConversionGraph index, String input)
            throws UnsupportedOnnxException {
        var info = graph.inputInfo(input);
        if (!info.getType().hasTensorType() || !info.getType().getTensorType().hasShape()) {
            throw index.refuse("input '" + input + "' has no declared shape");
        }
        List<Dimension> dims = dims(graph, input);
        int[] r = new int[Math.max(0, dims.size() - 1)];
        for (int i = 1; i < dims.size(); i++) {
            r[i - 1] = dim(dims.get(i));
        }
        if (r.length > 0 && r[r.length - 1] == Shape.UNKNOWN) {
            throw index.refuse("input '" + input + "' has an unknown feature size");
        }
        return r;
    }

    private static List<Dimension> dims(GraphExecutor graph, String input) {
        return graph.inputInfo(input).getType().getTensorType().getShape().getDimList();
    }

    private static int dim(Dimension d) {
        return d.hasDimValue() ? (int) d.getDimValue() : Shape.UNKNOWN;
    }
}
