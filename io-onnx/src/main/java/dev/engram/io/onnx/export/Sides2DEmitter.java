package dev.engram.io.onnx.export;

import dev.engram.layers.Cropping2DConfig;
import dev.engram.layers.DataFormat;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.ZeroPadding2DConfig;
import java.util.List;

/**
 * ZeroPadding2D as a constant {@code Pad} and Cropping2D as a {@code Slice} of the two spatial axes
 * (axes 1, 2 channels-last; 2, 3 channels-first), in the layer's own layout. One instance per config type.
 *
 * @param <C> the config type
 */
final class Sides2DEmitter<C extends LayerConfig> extends KeyedEmitter<C> {
    static final Sides2DEmitter<ZeroPadding2DConfig> ZERO_PADDING = new Sides2DEmitter<>(ZeroPadding2DConfig.class,
            "ZeroPadding2D");
    static final Sides2DEmitter<Cropping2DConfig> CROPPING = new Sides2DEmitter<>(Cropping2DConfig.class,
            "Cropping2D");

    private Sides2DEmitter(Class<C> type, String name) {
        super(type, name);
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, C config, List<ExportValue> ins) {
        String name = layer.name();
        String x = ins.get(0).name();
        String y;
        if (config instanceof ZeroPadding2DConfig z) {
            int first = z.dataFormat() == DataFormat.CHANNELS_LAST ? 1 : 2;
            long[] pads = new long[8];
            pads[first] = z.top();
            pads[first + 1] = z.left();
            pads[4 + first] = z.bottom();
            pads[4 + first + 1] = z.right();
            y = g.node("Pad", name + "_padded", List.of(x, g.longs(name + "_pads", pads)));
        } else {
            Cropping2DConfig c = (Cropping2DConfig) config;
            int first = c.dataFormat() == DataFormat.CHANNELS_LAST ? 1 : 2;
            long endRows = c.bottom() == 0 ? Long.MAX_VALUE : -c.bottom();
            long endCols = c.right() == 0 ? Long.MAX_VALUE : -c.right();
            y = g.node("Slice", name + "_cropped", List.of(x, g.longs(name + "_starts", c.top(), c.left()),
                    g.longs(name + "_ends", endRows, endCols), g.longs(name + "_axes", first, first + 1)));
        }
        return List.of(new ExportValue(y, 4, null));
    }
}
