package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.DataFormat;
import dev.engram.layers.Layer;
import dev.engram.layers.UpSampling2DConfig;
import dev.engram.tensor.Shape;
import java.util.List;

/**
 * UpSampling2D (nearest): each spatial axis gets a size-1 axis after it ({@code [B, H, 1, W, 1, C]}
 * channels-last, {@code [B, C, H, 1, W, 1]} channels-first), a {@code Tile} repeats it and a
 * {@code Reshape} merges the pairs, so every row and column is repeated in place. The reshape needs
 * the column count (and, channels-last, the channels); a layer built without them is refused.
 */
final class UpSampling2DEmitter extends KeyedEmitter<UpSampling2DConfig> {
    UpSampling2DEmitter() {
        super(UpSampling2DConfig.class, "UpSampling2D");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, UpSampling2DConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        String name = layer.name();
        boolean last = c.dataFormat() == DataFormat.CHANNELS_LAST;
        Shape in = layer.inputShape();
        int cols = in.dim(last ? 1 : 2);
        int channels = in.dim(last ? 2 : 0);
        if (cols == Shape.UNKNOWN || channels == Shape.UNKNOWN) {
            throw new UnsupportedOnnxException("layer '" + name + "' (UpSampling2D) has input shape " + in
                    + "; its export needs known columns and channels");
        }
        int h = last ? 1 : 2;
        String x = g.node("Unsqueeze", name + "_split", List.of(ins.get(0).name(), g.longs(name + "_axes", h + 1, h + 3)));
        long[] repeats = {1, 1, 1, 1, 1, 1};
        repeats[h + 1] = c.rows();
        repeats[h + 3] = c.cols();
        String tiled = g.node("Tile", name + "_tiled", List.of(x, g.longs(name + "_repeats", repeats)));
        long[] shape = last ? new long[] {0, -1, (long) cols * c.cols(), channels}
                : new long[] {0, channels, -1, (long) cols * c.cols()};
        String y = g.node("Reshape", name + "_upsampled", List.of(tiled, g.longs(name + "_shape", shape)));
        return List.of(new ExportValue(y, 4, null));
    }
}
