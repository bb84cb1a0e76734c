package dev.engram.io.onnx.export;

import dev.engram.layers.Cropping1DConfig;
import dev.engram.layers.Layer;
import java.util.List;

/** Cropping1D: a {@code Slice} of the step axis from {@code cropLeft} to {@code -cropRight} (or the end). */
final class Cropping1DEmitter implements OnnxLayerEmitter<Cropping1DConfig> {
    @Override
    public Class<Cropping1DConfig> configType() {
        return Cropping1DConfig.class;
    }

    @Override
    public String exportedAs() {
        return "Cropping1D";
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, Cropping1DConfig c, List<ExportValue> ins) {
        String name = layer.name();
        long end = c.cropRight() == 0 ? Long.MAX_VALUE : -c.cropRight();
        String y = g.node("Slice", name + "_cropped", List.of(ins.get(0).name(), g.longs(name + "_starts",
                c.cropLeft()), g.longs(name + "_ends", end), g.longs(name + "_axes", 1L)));
        return List.of(new ExportValue(y, 3, null));
    }
}
