package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.GroupNormalizationConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;

/**
 * GroupNormalization decomposed (ONNX's own GroupNormalization op changed its scale from per group to per
 * channel between opsets 18 and 21): the input reshaped to {@code [batch, outer, groups, channels/groups,
 * inner]}, {@code ReduceMean} over all but the batch and group axes for the mean and the population variance,
 * {@code (x - mean) / Sqrt(var + epsilon)}, reshaped back to the input's shape, then times gamma and plus beta
 * broadcast along the channel axis. At most one of the outer and inner sizes may be unknown at build.
 */
final class GroupNormalizationEmitter extends KeyedEmitter<GroupNormalizationConfig> {
    GroupNormalizationEmitter() {
        super(GroupNormalizationConfig.class, "GroupNormalization");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, GroupNormalizationConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        String n = layer.name();
        ExportValue x = ins.get(0);
        Shape s = layer.inputShape();
        int a = (c.axis() < 0 ? c.axis() + s.rank() + 1 : c.axis()) - 1;
        int channels = s.dim(a);
        int groups = c.groups() == -1 ? channels : c.groups();
        long outer = size(s, 0, a);
        long inner = size(s, a + 1, s.rank());
        if (outer < 0 && inner < 0) {
            throw new UnsupportedOnnxException("layer '" + n + "' (GroupNormalization) has unknown sizes on both sides"
                    + " of its channel axis in " + s.prepend(Shape.UNKNOWN) + "; export it with fixed lengths");
        }
        String grouped = g.node("Reshape", n + "_grouped", List.of(x.name(), g.longs(n + "_group_shape", 0, outer,
                groups, channels / groups, inner)));
        String mean = g.reduce("ReduceMean", grouped, n + "_mean", true, 1L, 3L, 4L);
        String dev = g.node("Sub", n + "_centered", List.of(grouped, mean));
        String var = g.reduce("ReduceMean", g.node("Mul", n + "_square", List.of(dev, dev)), n + "_variance", true,
                1L, 3L, 4L);
        String std = g.node("Sqrt", n + "_std", List.of(g.node("Add", n + "_var_eps",
                List.of(var, g.scalar(n + "_epsilon", (float) c.epsilon())))));
        String y = g.node("Reshape", n + "_normalized", List.of(g.node("Div", n + "_scaled", List.of(dev, std)),
                g.node("Shape", n + "_shape", List.of(x.name()))));
        int[] channelShape = new int[s.rank() - a];
        java.util.Arrays.fill(channelShape, 1);
        channelShape[0] = channels;
        Tensor gamma = ExportWeights.find(layer, WeightRole.GAMMA);
        if (gamma != null) {
            y = g.node("Mul", n + "_gamma", List.of(y, g.floats(n + "_gamma_c", channelShape, gamma.buffer())));
        }
        Tensor beta = ExportWeights.find(layer, WeightRole.BETA);
        if (beta != null) {
            y = g.node("Add", n + "_beta", List.of(y, g.floats(n + "_beta_c", channelShape, beta.buffer())));
        }
        return List.of(x.to(y, x.rank()));
    }

    /** The product of per-sample dims {@code [from, to)}, or -1 when one is unknown. */
    private static long size(Shape s, int from, int to) {
        long p = 1;
        for (int d = from; d < to; d++) {
            if (s.dim(d) == Shape.UNKNOWN) {
                return -1;
            }
            p *= s.dim(d);
        }
        return p;
    }
}
