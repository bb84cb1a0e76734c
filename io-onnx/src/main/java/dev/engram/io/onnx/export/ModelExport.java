package dev.engram.io.onnx.export;

import dev.engram.io.onnx.OnnxExportOptions;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.OperatorSetIdProto;
import dev.engram.io.onnx.proto.Onnx.StringStringEntryProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.io.onnx.proto.Onnx.TensorShapeProto;
import dev.engram.io.onnx.proto.Onnx.TypeProto;
import dev.engram.io.onnx.proto.Onnx.ValueInfoProto;
import dev.engram.layers.Layer;
import dev.engram.models.Model;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.models.SymbolicTensor;
import dev.engram.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/** Builds the ONNX {@link ModelProto} of a {@link Sequential} or functional {@link Model}. */
public final class ModelExport {
    private ModelExport() {
    }

    /** The IR version ONNX pairs with each opset (ONNX 1.9 .. 1.16 releases). */
    public static long irVersionFor(int opset) {
        if (opset <= 14) {
            return 7;
        }
        if (opset <= 18) {
            return 8;
        }
        return opset <= 20 ? 9 : 10;
    }

    /**
     * Exports {@code model}: a {@link Sequential} stack or a functional {@link Model} (several inputs
     * and outputs; a shared layer emits nodes at each call, its weights are one set of initializers). With one input / output the
     * given names are used, otherwise the model's own input names and {@code <output name>_<i>}.
     *
     * @param model   a built network
     * @param options opset, graph input/output names, producer and metadata
     * @return the model proto, initializers inline
     * @throws UnsupportedOnnxException for a layer or activation ONNX cannot express
     */
    public static ModelProto build(Network model, OnnxExportOptions options) throws UnsupportedOnnxException {
        int opset = options.opset();
        String inputName = options.inputName();
        String outputName = options.outputName();
        List<Shape> inShapes = model.inputShapes();
        List<Shape> outShapes = model.outputShapes();
        if (inShapes.isEmpty() || outShapes.isEmpty()) {
            throw new UnsupportedOnnxException("model '" + model.name() + "' is not built: give the first layer an "
                    + "inputShape or call predict once before exporting");
        }
        GraphBuilder g = new GraphBuilder(model.name(), opset);
        List<String> inNames = new ArrayList<>();
        List<String> outNames = new ArrayList<>();
        if (model instanceof Model m) {
            for (SymbolicTensor t : m.inputs()) {
                inNames.add(m.inputs().size() == 1 ? inputName : t.name());
            }
            for (int i = 0; i < m.outputs().size(); i++) {
                outNames.add(m.outputs().size() == 1 ? outputName : outputName + "_" + i);
            }
        } else {
            inNames.add(inputName);
            outNames.add(outputName);
        }
        for (String n : inNames) {
            g.fresh(n); // reserve the graph's names before any node takes them
        }
        for (String n : outNames) {
            g.fresh(n);
        }
        for (int i = 0; i < inNames.size(); i++) {
            g.graph().addInput(valueInfo(inNames.get(i), inShapes.get(i), true));
        }
        List<ExportValue> outs;
        if (model instanceof Sequential s) {
            ExportValue x = new ExportValue(inputName, inShapes.get(0).rank() + 1, null);
            for (Layer layer : s.layers()) {
                x = OnnxEmitters.emit(g, layer, List.of(x)).get(0);
            }
            outs = List.of(x);
        } else if (model instanceof Model m) {
            outs = new FunctionalWalk(g, m, inNames).outputs();
        } else {
            throw new UnsupportedOnnxException("model '" + model.name() + "' is a " + model.getClass().getSimpleName()
                    + "; the exporter takes Sequential and functional Model networks");
        }
        for (int i = 0; i < outs.size(); i++) {
            g.nodeWithOutputs("Identity", List.of(outs.get(i).name()), List.of(outNames.get(i)));
            g.graph().addOutput(valueInfo(outNames.get(i), outShapes.get(i), false));
        }
        ModelProto.Builder mb = ModelProto.newBuilder()
                .setIrVersion(irVersionFor(opset))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setProducerName(options.producerName())
                .setProducerVersion(options.producerVersion())
                .setGraph(g.graph());
        options.metadata().forEach((k, v) -> mb.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return mb.build();
    }

    private static ValueInfoProto valueInfo(String name, Shape perSample, boolean input) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        s.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (int i = 0; i < perSample.rank(); i++) {
            int d = perSample.dim(i);
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d != Shape.UNKNOWN) {
                dim.setDimValue(d);
            } else if (input) {
                dim.setDimParam(i == 0 ? "timesteps" : "dim_" + (i + 1));
            }
            s.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }
}
