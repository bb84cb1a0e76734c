package dev.engram.io.onnx.internal;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.layers.ActivationLayerConfig;
import dev.engram.layers.EmbeddingConfig;
import dev.engram.layers.FlattenConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.MaskingConfig;
import dev.engram.layers.MergeConfig;
import dev.engram.layers.RepeatVectorConfig;
import dev.engram.layers.ReshapeConfig;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Layers that move, pick or combine values: Embedding ({@code Cast} of the float ids to int64, then
 * {@code Gather} of the table rows; the engine truncates ids the same way), Masking (the masked
 * steps zeroed: {@code x · max(x != v)} over features; the mask itself is only tracked), RepeatVector
 * ({@code Unsqueeze + Expand}), Flatten, Reshape ({@code 0} keeps the batch), Activation, and the
 * merge layers ({@code Concat}; {@code Add}/{@code Mul} in input order; average as the sum times
 * {@code 1/n}, as the engine computes it). Conv1D, pooling and normalisation are in
 * {@link ConvNormExport}.
 */
final class StructureExport {
    private StructureExport() {
    }

    static List<ExportValue> emit(GraphBuilder g, Layer layer, List<ExportValue> ins) throws UnsupportedOnnxException {
        LayerConfig c = layer.config();
        ExportValue x = ins.get(0);
        String name = layer.name();
        if (c instanceof ActivationLayerConfig a) {
            return List.of(x.to(ActivationExport.apply(g, a.activation(), x.name(), name), x.rank()));
        }
        if (c instanceof EmbeddingConfig e) {
            Tensor table = LayerExport.weight(layer, "embeddings");
            String ids = g.node("Cast", name + "_ids", List.of(x.name()),
                    GraphBuilder.attr("to", (long) TensorProto.DataType.INT64_VALUE));
            String t = g.floats(name + "_embeddings", table.shape().toArray(), table.toArray());
            String y = g.node("Gather", name + "_gather", List.of(t, ids), GraphBuilder.attr("axis", 0L));
            return List.of(new ExportValue(y, x.rank() + 1, e.maskZero() ? name : null));
        }
        if (c instanceof MaskingConfig m) {
            String eq = g.node("Equal", name + "_is_pad", List.of(x.name(), g.scalar("mask_value", (float) m.maskValue())));
            String keepEach = g.node("Cast", name + "_keep_each", List.of(g.node("Not", name + "_not_pad", List.of(eq))),
                    GraphBuilder.attr("to", (long) TensorProto.DataType.FLOAT_VALUE));
            String keep = g.reduce("ReduceMax", keepEach, name + "_keep", true, -1L);
            return List.of(new ExportValue(g.node("Mul", name + "_masked", List.of(x.name(), keep)), x.rank(), name));
        }
        if (c instanceof RepeatVectorConfig r) {
            String u = g.unsqueeze(x.name(), 1);
            String y = g.node("Expand", name + "_repeat", List.of(u, g.longs("repeat_shape", 1L, r.n(), 1L)));
            return List.of(new ExportValue(y, 3, null));
        }
        if (c instanceof FlattenConfig) {
            return List.of(new ExportValue(g.node("Flatten", name + "_flat", List.of(x.name()),
                    GraphBuilder.attr("axis", 1L)), 2, null));
        }
        if (c instanceof ReshapeConfig r) {
            Shape t = r.targetShape();
            long[] dims = new long[t.rank() + 1];
            for (int i = 0; i < t.rank(); i++) {
                dims[i + 1] = t.dim(i) == Shape.UNKNOWN ? -1 : t.dim(i);
            }
            String y = g.node("Reshape", name + "_reshaped", List.of(x.name(), g.longs("shape", dims)));
            return List.of(new ExportValue(y, t.rank() + 1, null));
        }
        if (c instanceof MergeConfig m) {
            return List.of(x.to(merge(g, m, ins, name), x.rank()));
        }
        return ConvNormExport.emit(g, layer, ins);
    }

    private static String merge(GraphBuilder g, MergeConfig m, List<ExportValue> ins, String name) {
        List<String> names = new ArrayList<>();
        for (ExportValue v : ins) {
            names.add(v.name());
        }
        switch (m.mode()) {
            case CONCATENATE -> {
                return g.node("Concat", name + "_concat", names, GraphBuilder.attr("axis", (long) m.axis()));
            }
            case MULTIPLY -> {
                String y = names.get(0);
                for (int i = 1; i < names.size(); i++) {
                    y = g.node("Mul", name + "_mul", List.of(y, names.get(i)));
                }
                return y;
            }
            default -> {
                String y = names.get(0);
                for (int i = 1; i < names.size(); i++) {
                    y = g.node("Add", name + "_add", List.of(y, names.get(i)));
                }
                if (m.mode() == dev.engram.layers.MergeMode.AVERAGE) {
                    y = g.node("Mul", name + "_average", List.of(y, g.scalar("inv_count", 1f / names.size())));
                }
                return y;
            }
        }
    }
}
