package dev.engram.io.onnx.internal;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.OperatorSetIdProto;
import dev.engram.io.onnx.proto.Onnx.StringStringEntryProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.io.onnx.proto.Onnx.TensorShapeProto;
import dev.engram.io.onnx.proto.Onnx.TypeProto;
import dev.engram.io.onnx.proto.Onnx.ValueInfoProto;
import dev.engram.layers.DenseConfig;
import dev.engram.layers.DropoutConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.LstmConfig;
import dev.engram.models.Sequential;
import dev.engram.tensor.Shape;
import java.util.List;
import java.util.Map;

/** Builds the ONNX {@link ModelProto} of a {@link Sequential} model. */
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
     * Exports {@code model}; names and producer fields as given.
     *
     * @throws UnsupportedOnnxException for a layer or activation ONNX cannot express
     */
    public static ModelProto build(Sequential model, int opset, String inputName, String outputName,
            String producerName, String producerVersion, Map<String, String> metadata) throws UnsupportedOnnxException {
        Shape inShape = model.inputShape();
        if (inShape == null || model.outputShape() == null) {
            throw new UnsupportedOnnxException("model '" + model.name() + "' is not built: give the first layer an "
                    + "inputShape or call predict once before exporting");
        }
        GraphBuilder g = new GraphBuilder(model.name(), opset);
        g.graph().addInput(valueInfo(inputName, inShape, true));
        String x = inputName;
        int rank = inShape.rank() + 1;
        for (Layer layer : model.layers()) {
            LayerConfig c = layer.config();
            if (c instanceof DenseConfig d) {
                x = LayerExport.dense(g, layer, d, x, rank);
            } else if (c instanceof LstmConfig l) {
                x = LayerExport.lstm(g, layer, l, x);
                rank = l.returnSequences() ? 3 : 2;
            } else if (c instanceof DropoutConfig) {
                continue; // the identity at inference
            } else {
                throw new UnsupportedOnnxException("layer '" + layer.name() + "' (" + layer.typeName()
                        + ") has no ONNX export; exportable layers: Dense, Lstm, Dropout");
            }
        }
        g.nodeWithOutputs("Identity", List.of(x), List.of(outputName));
        g.graph().addOutput(valueInfo(outputName, model.outputShape(), false));
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(irVersionFor(opset))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setProducerName(producerName)
                .setProducerVersion(producerVersion)
                .setGraph(g.graph());
        metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
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
