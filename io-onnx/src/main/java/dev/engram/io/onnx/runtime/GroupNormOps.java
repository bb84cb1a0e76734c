package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Value;
import java.util.List;
import java.util.Map;

/**
 * ONNX {@code GroupNormalization} (opsets 18-22) on float data {@code X[N, C, ...]}: the channels split into
 * {@code num_groups} groups of {@code C / num_groups}; per sample and group, over those channels and every spatial
 * cell, {@code mean} and the population {@code variance}, then
 * {@code Y = (X - mean) / sqrt(variance + epsilon) · scale + bias} (epsilon default 1e-5). The scale and bias are
 * one value per group at opset 18 and one per channel from opset 21 (the operator changed them; a file is read by
 * its own opset). Statistics are computed in double and each output rounded once ({@code stash_type} asks for at
 * least float32, so that is within it).
 */
final class GroupNormOps {
    private GroupNormOps() {
    }

    static void register(Map<String, Op> ops) {
        ops.put("GroupNormalization", GroupNormOps::groupNorm);
    }

    private static List<Value> groupNorm(NodeContext n, List<Value> in) {
        Value x = n.input(in, 0);
        if (!x.isFloat() || x.rank() < 2) {
            throw n.fail("X must be float [N, C, ...], got " + x);
        }
        if (!n.has("num_groups")) {
            throw n.fail("the num_groups attribute is required");
        }
        long groups = n.attrInt("num_groups", 0);
        int c = x.dim(1);
        if (groups < 1 || c % groups != 0) {
            throw n.fail("num_groups " + groups + " must be positive and divide the " + c + " channels of " + x);
        }
        boolean perChannel = n.opset() >= 21;
        int params = perChannel ? c : (int) groups;
        Value scale = n.input(in, 1);
        Value bias = n.input(in, 2);
        if (scale.size() != params || bias.size() != params) {
            throw n.fail("scale and bias must have " + params + " values (one per " + (perChannel ? "channel" : "group")
                    + " at opset " + n.opset() + "), got " + scale + " and " + bias);
        }
        float[] s = scale.floats();
        float[] b = bias.floats();
        double eps = n.attrFloat("epsilon", 1e-5f);
        float[] xv = x.floats();
        float[] y = n.floats(xv.length);
        int samples = x.dim(0);
        int spatial = c == 0 || samples == 0 ? 0 : xv.length / (samples * c);
        int perGroup = c / (int) groups;
        int span = perGroup * spatial;
        for (int sample = 0; sample < samples; sample++) {
            for (int g = 0; g < groups; g++) {
                int from = (sample * c + g * perGroup) * spatial;
                double sum = 0;
                for (int i = from; i < from + span; i++) {
                    sum += xv[i];
                }
                double mean = span == 0 ? 0 : sum / span;
                double sq = 0;
                for (int i = from; i < from + span; i++) {
                    double d = xv[i] - mean;
                    sq += d * d;
                }
                double inv = 1 / Math.sqrt((span == 0 ? 0 : sq / span) + eps);
                for (int i = from; i < from + span; i++) {
                    int p = perChannel ? g * perGroup + (i - from) / spatial : g;
                    y[i] = (float) ((xv[i] - mean) * inv * s[p] + b[p]);
                }
            }
        }
        return List.of(Value.ofFloats(x.shape(), y));
    }
}
