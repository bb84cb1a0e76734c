package dev.engram.io.onnx.export;

import dev.engram.layers.DataFormat;
import dev.engram.layers.Layer;
import dev.engram.layers.Padding;
import dev.engram.layers.Pooling1DConfig;
import dev.engram.layers.PoolingMode;
import dev.engram.tensor.Shape;
import java.util.List;

/**
 * Max/AveragePooling1D: ONNX {@code MaxPool}/{@code AveragePool} on NCW, with a Transpose on each
 * side for channels-last (the NCW boundary). Same padding is TF's split (the odd step on the right)
 * as explicit pads when it does not depend on the length (stride 1 or a known length), else
 * {@code auto_pad SAME_UPPER}, the same split; {@code count_include_pad = 0} matches TF's average
 * over the real steps.
 */
final class Pooling1DEmitter implements OnnxLayerEmitter<Pooling1DConfig> {
    @Override
    public Class<Pooling1DConfig> configType() {
        return Pooling1DConfig.class;
    }

    @Override
    public String exportedAs() {
        return "Max/AveragePooling1D";
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, Pooling1DConfig c, List<ExportValue> ins) {
        String name = layer.name();
        boolean last = c.dataFormat() == DataFormat.CHANNELS_LAST;
        String x = last ? g.transpose(ins.get(0).name(), name + "_ncw", 0, 2, 1) : ins.get(0).name();
        int steps = layer.inputShape().dim(c.dataFormat().stepAxis());
        int k = c.poolSize();
        int s = c.strides();
        var padding = GraphBuilder.ints("pads", 0, 0);
        if (c.padding() == Padding.SAME) {
            if (s == 1 || steps != Shape.UNKNOWN) {
                int total = s == 1 ? k - 1 : Math.max((c.padding().outputLength(steps, k, s, 1) - 1) * s + k - steps, 0);
                padding = GraphBuilder.ints("pads", total / 2, total - total / 2);
            } else {
                padding = GraphBuilder.attr("auto_pad", "SAME_UPPER");
            }
        }
        String op = c.mode() == PoolingMode.MAX ? "MaxPool" : "AveragePool";
        String y = g.node(op, name + "_pool", List.of(x), GraphBuilder.ints("kernel_shape", k),
                GraphBuilder.ints("strides", s), padding);
        if (last) {
            y = g.transpose(y, name + "_nwc", 0, 2, 1);
        }
        return List.of(new ExportValue(y, 3, null));
    }
}
