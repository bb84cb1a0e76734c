package dev.engram.io.onnx.export;

import dev.engram.layers.DataFormat;
import dev.engram.layers.Layer;
import dev.engram.layers.ZeroPadding1DConfig;
import java.util.List;

/** ZeroPadding1D: a constant {@code Pad} of the step axis (axis 1 channels-last, 2 channels-first). */
final class ZeroPadding1DEmitter implements OnnxLayerEmitter<ZeroPadding1DConfig> {
    @Override
    public Class<ZeroPadding1DConfig> configType() {
        return ZeroPadding1DConfig.class;
    }

    @Override
    public String exportedAs() {
        return "ZeroPadding1D";
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, ZeroPadding1DConfig c, List<ExportValue> ins) {
        long[] pads = new long[6];
        int axis = c.dataFormat() == DataFormat.CHANNELS_LAST ? 1 : 2;
        pads[axis] = c.padLeft();
        pads[3 + axis] = c.padRight();
        String y = g.node("Pad", layer.name() + "_padded", List.of(ins.get(0).name(), g.longs(layer.name() + "_pads",
                pads)));
        return List.of(new ExportValue(y, 3, null));
    }
}
