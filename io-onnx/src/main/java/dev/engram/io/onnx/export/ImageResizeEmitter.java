package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.CenterCrop;
import dev.engram.layers.CenterCropConfig;
import dev.engram.layers.DataFormat;
import dev.engram.layers.ImageResize;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.ResizePositions;
import dev.engram.layers.Resizing;
import dev.engram.layers.ResizingConfig;
import dev.engram.tensor.Shape;
import java.util.List;

/**
 * Resizing and CenterCrop as the engine plans them for the layer's input size: a {@code Gather} of
 * the sampled columns (and, for bilinear, {@code a + (b - a) * fx}), then the same over rows, in
 * TensorFlow's order (columns first). ONNX's {@code Resize} would need the peers' sampling modes
 * re-derived and rounds output sizes from float scales; the gathers state the engine's own
 * positions, so every reader computes the same pixels. The input height and width must be known.
 *
 * @param <C> Resizing's or CenterCrop's config
 */
final class ImageResizeEmitter<C extends LayerConfig<C>> extends KeyedEmitter<C> {
    static final ImageResizeEmitter<ResizingConfig> RESIZING = new ImageResizeEmitter<>(ResizingConfig.class, "Resizing");
    static final ImageResizeEmitter<CenterCropConfig> CENTER_CROP = new ImageResizeEmitter<>(CenterCropConfig.class,
            "CenterCrop");

    private ImageResizeEmitter(Class<C> type, String name) {
        super(type, name);
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, C config, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        DataFormat f = config instanceof ResizingConfig r ? r.dataFormat() : ((CenterCropConfig) config).dataFormat();
        Shape in = layer.inputShape();
        boolean last = f == DataFormat.CHANNELS_LAST;
        int h = in.dim(last ? 0 : 1);
        int w = in.dim(last ? 1 : 2);
        int c = in.dim(last ? 2 : 0);
        if (h == Shape.UNKNOWN || w == Shape.UNKNOWN) {
            throw new UnsupportedOnnxException("layer '" + layer.name() + "' (" + layer.typeName() + ") takes images of"
                    + " unknown height or width " + in + "; the ONNX export states its sampling for one input size:"
                    + " give the model a fixed image size");
        }
        ImageResize plan = layer instanceof Resizing r ? r.plan(1, h, w, c) : ((CenterCrop) layer).plan(1, h, w, c);
        String name = layer.name();
        long hAxis = last ? 1 : 2;
        long wAxis = last ? 2 : 3;
        String x = axis(g, name + "_cols", ins.get(0).name(), plan.cols(), plan.x0(), wAxis, last ? 1 : 0);
        String y = axis(g, name + "_rows", x, plan.rows(), plan.y0(), hAxis, last ? 2 : 1);
        return List.of(new ExportValue(y, 4, null));
    }

    /**
     * Samples one axis: {@code Gather(lower)} for nearest; {@code a + (b - a) * fraction} for bilinear,
     * with the fractions shaped {@code [n, 1...]} ({@code trailing} ones) to broadcast over the later axes.
     */
    private static String axis(GraphBuilder g, String base, String x, ResizePositions p, int offset, long axis,
            int trailing) {
        int n = p.lower().length;
        String a = g.node("Gather", base + "_lo", List.of(x, g.longs(base + "_lo_idx", new int[] {n},
                shifted(p.lower(), offset))), GraphBuilder.attr("axis", axis));
        if (java.util.Arrays.equals(p.lower(), p.upper())) {
            return a;
        }
        String b = g.node("Gather", base + "_hi", List.of(x, g.longs(base + "_hi_idx", new int[] {n},
                shifted(p.upper(), offset))), GraphBuilder.attr("axis", axis));
        int[] shape = new int[1 + trailing];
        java.util.Arrays.fill(shape, 1);
        shape[0] = n;
        float[] frac = new float[n];
        for (int i = 0; i < n; i++) {
            frac[i] = (float) p.fraction()[i];
        }
        String diff = g.node("Sub", base + "_diff", List.of(b, a));
        String scaled = g.node("Mul", base + "_scaled", List.of(diff, g.floats(base + "_frac", shape, frac)));
        return g.node("Add", base, List.of(a, scaled));
    }

    private static long[] shifted(int[] idx, int offset) {
        long[] out = new long[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = idx[i] + (long) offset;
        }
        return out;
    }
}
