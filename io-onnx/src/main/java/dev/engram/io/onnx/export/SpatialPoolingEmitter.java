package dev.engram.io.onnx.export;

import dev.engram.layers.DataFormat;
import dev.engram.layers.Layer;
import dev.engram.layers.Padding;
import dev.engram.layers.PoolingMode;
import dev.engram.layers.SpatialPoolingConfig;
import dev.engram.tensor.Shape;
import java.util.List;

/**
 * Max/AveragePooling2D/3D: ONNX {@code MaxPool}/{@code AveragePool} on NCHW (NCDHW), with a
 * Transpose on each side for channels-last (the NCHW boundary). Same padding is TF's split (the odd
 * cell after) as explicit pads when every axis's total is known (stride 1 or a known size), else
 * {@code auto_pad SAME_UPPER}, the same split; {@code count_include_pad = 0} matches TF's average over
 * the real cells, and ONNX's max ignores padding as TF's does.
 */
final class SpatialPoolingEmitter extends KeyedEmitter<SpatialPoolingConfig> {
    SpatialPoolingEmitter() {
        super(SpatialPoolingConfig.class, "Max/AveragePooling2D/3D");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, SpatialPoolingConfig c, List<ExportValue> ins) {
        String name = layer.name();
        int rank = c.rank();
        boolean last = c.dataFormat() == DataFormat.CHANNELS_LAST;
        String x = last ? g.transpose(ins.get(0).name(), name + "_nchw", SpatialLayouts.toChannelsFirst(rank))
                : ins.get(0).name();
        long[] kernel = new long[rank];
        long[] strides = new long[rank];
        long[] pads = new long[2 * rank];
        boolean known = true;
        for (int a = 0; a < rank; a++) {
            int k = c.poolSize().get(a);
            int s = c.strides().get(a);
            kernel[a] = k;
            strides[a] = s;
            int size = layer.inputShape().dim(last ? a : a + 1);
            if (c.padding() == Padding.SAME) {
                if (s == 1 || size != Shape.UNKNOWN) {
                    int total = s == 1 ? k - 1 : Math.max((c.padding().outputLength(size, k, s, 1) - 1) * s + k - size, 0);
                    pads[a] = total / 2;
                    pads[rank + a] = total - total / 2;
                } else {
                    known = false;
                }
            }
        }
        var padding = known ? GraphBuilder.ints("pads", pads) : GraphBuilder.attr("auto_pad", "SAME_UPPER");
        String y = c.mode() == PoolingMode.MAX
                ? g.node("MaxPool", name + "_pool", List.of(x), GraphBuilder.ints("kernel_shape", kernel),
                        GraphBuilder.ints("strides", strides), padding)
                : g.node("AveragePool", name + "_pool", List.of(x), GraphBuilder.ints("kernel_shape", kernel),
                        GraphBuilder.ints("strides", strides), padding, GraphBuilder.attr("count_include_pad", 0L));
        if (last) {
            y = g.transpose(y, name + "_nhwc", SpatialLayouts.toChannelsLast(rank));
        }
        return List.of(new ExportValue(y, rank + 2, null));
    }
}
