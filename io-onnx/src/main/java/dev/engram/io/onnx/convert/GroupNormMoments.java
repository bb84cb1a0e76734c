package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.runtime.NodeContext;
import java.util.Arrays;
import java.util.List;

/**
 * Keras GroupNormalization as TF computes it and tf2onnx writes it, once {@link GraphFolding} has made its shapes and
 * weights (TF's {@code weighted_moments} with ones_like weights) constants: on a value whose last axis holds the C
 * channels,
 * <pre>
 * r = Reshape(x, [0, d1 .. dk, G, C/G])
 * mean = ReduceSum(r, axes) / n          (or ReduceMean; axes: every axis but the batch and G)
 * var = ReduceSum((r - mean)^2, axes) / n
 * k = Reciprocal(Sqrt(var + eps)) [* gamma]
 * y = r * k + (beta - mean * k)          (or r * k - mean * k without beta)
 * [Reshape(y, [0, d1 .. dk, C])]
 * </pre>
 * a GroupNormalization layer over the last axis with that epsilon, gamma and beta. The value computed has x's memory
 * order whether or not the Reshape back is there, so the walk goes on in x's layout. Recognised whole from its first
 * Reshape, which ChainMatcher hands over before any other reading of a Reshape.
 */
final class GroupNormMoments {
    private final ConversionGraph graph;
    private final NodeContext start;

    private GroupNormMoments(ConversionGraph graph, NodeContext start) {
        this.graph = graph;
        this.start = start;
    }

    /** True when Reshape {@code n} splits the last axis into groups and ReduceSum/ReduceMean, Sub and Mul read it. */
    static boolean startsPattern(ConversionGraph graph, NodeContext n) {
        Value shape = graph.constValue(n.node().getInput(1));
        if (shape == null || shape.size() < 3 || shape.longs()[0] != 0 || graph.isOutput(n.node().getOutput(0))) {
            return false;
        }
        List<String> readers = graph.dataConsumers(n.node().getOutput(0)).stream().map(NodeContext::opType).distinct()
                .sorted().toList();
        return readers.equals(List.of("Mul", "ReduceSum", "Sub")) || readers.equals(List.of("Mul", "ReduceMean", "Sub"));
    }

    /**
     * Reads the pattern from Reshape {@code n} on a value of per-sample shape {@code dims} (the engine layout followed,
     * channels last) and adds the layer through {@code importer}.
     */
    static void read(GroupNormImporter importer, ConversionGraph graph, NodeContext n, int[] dims)
            throws UnsupportedOnnxException {
        new GroupNormMoments(graph, n).match(importer, dims);
    }

    private void match(GroupNormImporter importer, int[] dims) throws UnsupportedOnnxException {
        long[] t = graph.constValue(start.node().getInput(1)).longs();
        int k = dims == null ? -1 : dims.length - 1;
        boolean split = k >= 0 && t.length == k + 3 && t[k + 1] > 0 && t[k + 2] > 0
                && t[k + 1] * t[k + 2] == dims[k];
        for (int i = 0; split && i < k; i++) {
            split = t[i + 1] == dims[i];
        }
        if (!split) {
            throw refuse("a Reshape to " + Arrays.toString(t) + " of a value of per-sample shape " + Arrays.toString(dims)
                    + " is not a split of the last axis into groups");
        }
        int groups = (int) t[k + 1];
        int channels = dims[k];
        long count = t[k + 2];
        long[] axes = new long[k + 1];
        for (int i = 0; i < k; i++) {
            axes[i] = i + 1;
            count *= dims[i];
        }
        axes[k] = k + 2;
        String r = start.node().getOutput(0);
        NodeContext sum1 = only(r, "ReduceSum", "ReduceMean");
        String mean = mean(sum1, axes, count);
        NodeContext dev = only(r, "Sub");
        NodeContext sq = only(dev.node().getOutput(0), "Mul");
        NodeContext sum2 = only(sq.node().getOutput(0), "ReduceSum", "ReduceMean");
        String var = mean(sum2, axes, count);
        NodeContext plus = only(var, "Add");
        NodeContext sqrt = only(plus.node().getOutput(0), "Sqrt");
        NodeContext inv = only(sqrt.node().getOutput(0), "Reciprocal");
        Value eps = graph.constValue(other(plus, var));
        boolean wired = dev.node().getInput(0).equals(r) && dev.node().getInput(1).equals(mean)
                && sq.node().getInput(0).equals(sq.node().getInput(1)) && eps != null && eps.size() == 1;
        // k = inv [* gamma]
        String scaleOut = inv.node().getOutput(0);
        float[] gamma = null;
        List<NodeContext> invReaders = graph.dataConsumers(scaleOut);
        if (invReaders.size() == 1 && invReaders.get(0).opType().equals("Mul") && perChannel(other(invReaders.get(0),
                scaleOut), groups, channels) != null) {
            gamma = perChannel(other(invReaders.get(0), scaleOut), groups, channels);
            scaleOut = invReaders.get(0).node().getOutput(0);
        }
        NodeContext y1 = mulOf(r, scaleOut);
        NodeContext y2 = mulOf(mean, scaleOut);
        String y2out = y2 == null ? "" : y2.node().getOutput(0);
        NodeContext last;
        float[] beta = null;
        NodeContext sub = y2 == null ? null : only(y2out, "Sub");
        if (sub != null && sub.node().getInput(1).equals(y2out) && sub.node().getInput(0).equals(
                y1 == null ? "" : y1.node().getOutput(0))) {
            last = sub; // r * k - mean * k: no beta
        } else {
            if (sub == null || !sub.node().getInput(1).equals(y2out)) {
                throw refuse("mean * k must be subtracted from beta or from r * k");
            }
            beta = perChannel(sub.node().getInput(0), groups, channels);
            NodeContext add = y1 == null ? null : only(y1.node().getOutput(0), "Add");
            boolean joins = add != null && other(add, y1.node().getOutput(0)).equals(sub.node().getOutput(0));
            if (beta == null || !joins) {
                throw refuse("beta - mean * k must be a per-channel constant added to r * k");
            }
            last = add;
        }
        if (!wired || y1 == null) {
            throw refuse("the mean, the squared deviation, var + epsilon, Sqrt, Reciprocal and r * k are not wired as "
                    + "GroupNormalization computes them");
        }
        NodeContext back = onlyOrNull(last.node().getOutput(0), "Reshape");
        Value backTo = back == null ? null : graph.constValue(back.node().getInput(1));
        if (backTo != null && backTo.size() == dims.length + 1 && backTo.longs()[0] == 0
                && Arrays.equals(Arrays.copyOfRange(backTo.longs(), 1, backTo.size()),
                Arrays.stream(dims).asLongStream().toArray())) {
            last = back;
        }
        importer.addLayer(groups, -1, eps.floats()[0], gamma, beta, last);
    }

    /** The output of the mean over {@code axes}: ReduceMean, or ReduceSum then Div by (or Mul by 1 /) the count. */
    private String mean(NodeContext reduce, long[] axes, long count) throws UnsupportedOnnxException {
        long[] got = reduce.opset() >= 18 || reduce.opType().equals("ReduceSum") && reduce.opset() >= 13
                ? reduce.node().getInputCount() > 1 ? graph.longs(reduce.node().getInput(1), reduce) : null
                : reduce.attrInts("axes");
        if (got == null || !Arrays.equals(Arrays.stream(got).sorted().toArray(), axes)
                || reduce.attrInt("keepdims", 1) != 1) {
            throw refuse(reduce.describe() + " must reduce axes " + Arrays.toString(axes) + " keeping them");
        }
        String out = reduce.node().getOutput(0);
        if (reduce.opType().equals("ReduceMean")) {
            return out;
        }
        List<NodeContext> rs = graph.dataConsumers(out);
        NodeContext div = rs.size() == 1 ? rs.get(0) : null;
        Value c = div == null ? null : graph.constValue(other(div, out));
        boolean byCount = div != null && c != null && (div.opType().equals("Div") && div.node().getInput(0).equals(out)
                && uniform(c, count) || div.opType().equals("Mul") && uniform(c, 1.0 / count));
        if (!byCount) {
            throw refuse(reduce.describe() + "'s sum must be divided by the " + count + " values it adds");
        }
        return div.node().getOutput(0);
    }

    private static boolean uniform(Value c, double x) {
        for (float f : c.floats()) {
            if (Math.abs(f - x) > 1e-6 * Math.abs(x)) {
                return false;
            }
        }
        return c.size() > 0;
    }

    /** Constant {@code name} as one value per channel (groups x channels/groups, trailing axes), or null. */
    private float[] perChannel(String name, int groups, int channels) {
        Value v = graph.constValue(name);
        if (v == null || v.size() != channels) {
            return null;
        }
        int[] s = v.shape();
        int lead = 1;
        for (int i = 0; i < s.length - 2; i++) {
            lead *= s[i];
        }
        boolean trailing = s.length == 1 || lead == 1 && s[s.length - 2] * s[s.length - 1] == channels
                && (s[s.length - 2] == groups || s[s.length - 2] == 1 && s[s.length - 1] == channels);
        return trailing ? v.floats() : null;
    }

    /** The Mul that reads {@code a} and {@code b}, or null. */
    private NodeContext mulOf(String a, String b) {
        for (NodeContext m : graph.dataConsumers(a)) {
            if (m.opType().equals("Mul") && other(m, a).equals(b)) {
                return m;
            }
        }
        return null;
    }

    private NodeContext only(String value, String... ops) throws UnsupportedOnnxException {
        NodeContext r = onlyOrNull(value, ops);
        if (r == null) {
            throw refuse("'" + value + "' must be read by one " + String.join(" or ", ops));
        }
        return r;
    }

    private NodeContext onlyOrNull(String value, String... ops) {
        List<NodeContext> rs = graph.dataConsumers(value).stream().filter(r -> List.of(ops).contains(r.opType()))
                .distinct().toList();
        return rs.size() == 1 && !graph.isOutput(value) ? rs.get(0) : null;
    }

    private static String other(NodeContext binary, String known) {
        List<String> in = binary.node().getInputList();
        return in.size() != 2 ? "" : in.get(0).equals(known) ? in.get(1) : in.get(0);
    }

    private UnsupportedOnnxException refuse(String why) {
        return graph.refuse(start.describe() + ": read as TF's GroupNormalization (moments over groups of the last "
                + "axis): " + why);
    }
}
