package dev.engram.io.onnx.export;

import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.layers.Layer;
import dev.engram.layers.MaskingConfig;
import java.util.List;

/**
 * Masking: the masked steps zeroed, {@code x · max(x != v)} over features. The mask itself is only
 * tracked (the value carries this layer's name), so a layer that would consume it is refused.
 */
final class MaskingEmitter extends KeyedEmitter<MaskingConfig> {
    MaskingEmitter() {
        super(MaskingConfig.class, "Masking (mask not consumed)");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, MaskingConfig c, List<ExportValue> ins) {
        ExportValue x = ins.get(0);
        String name = layer.name();
        String eq = g.node("Equal", name + "_is_pad", List.of(x.name(), g.scalar("mask_value", (float) c.maskValue())));
        String keepEach = g.node("Cast", name + "_keep_each", List.of(g.node("Not", name + "_not_pad", List.of(eq))),
                GraphBuilder.attr("to", (long) TensorProto.DataType.FLOAT_VALUE));
        String keep = g.reduce("ReduceMax", keepEach, name + "_keep", true, -1L);
        return List.of(new ExportValue(g.node("Mul", name + "_masked", List.of(x.name(), keep)), x.rank(), name));
    }
}
