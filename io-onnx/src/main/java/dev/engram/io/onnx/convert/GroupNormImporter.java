package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.layers.DataFormat;
import dev.engram.layers.GroupNormalizationConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX {@code GroupNormalization} (constant scale and bias; per group at opset 18, repeated over each group's channels,
 * per channel from 21) as a GroupNormalization layer whose channel axis is the node's axis 1: axis 1 of the engine's
 * layout on a channels-first image, volume or sequence (PyTorch's), a vector, or a batch-major sequence (its steps are
 * then the channels, as Keras's {@code axis=1}), the last axis on a channels-last
 * image, volume or sequence transposed to channels-first around the node (tf2onnx's form). Also Engram's own export
 * of the layer ({@code GroupNormalizationEmitter}: Reshape to {@code [batch, outer, groups, C/groups, inner]},
 * ReduceMean of the mean and of the squared deviation over axes 1, 3, 4, {@code (x - mean) / Sqrt(var + eps)},
 * Reshape back to {@code Shape(x)} (or that shape folded to a constant), then Mul by gamma and Add of beta, each optional), recognised whole from its
 * first Reshape (which ChainMatcher hands over before any other reading of a Reshape) on a value in the engine's own
 * layout.
 */
final class GroupNormImporter extends OnnxNodeImporter {
    GroupNormImporter(ConversionGraph graph, LayerChain chain) {
        super(graph, chain, "GroupNormalization (and Engram's Reshape/ReduceMean form of it)",
                List.of("GroupNormalization"));
    }

    @Override
    void apply(NodeContext n) throws UnsupportedOnnxException {
        Integer axis = switch (chain.form) {
            case IMAGE, VOLUME -> chain.imageFormat == DataFormat.CHANNELS_FIRST ? 1 : null;
            case CHANNEL_SEQ -> chain.channelsFirstSequence ? 1 : -1;
            case IMAGE_NCHW, VOLUME_NCDHW -> -1;
            case VEC -> -1;
            // [batch, steps, features] read as [N, C, L]: the steps are the channels (Keras's axis=1 on a sequence)
            case BATCH_SEQ -> 1;
            default -> null;
        };
        if (axis == null) {
            throw graph.refuse(n.describe() + ": GroupNormalization normalises axis 1 (channels first); it maps to a "
                    + "layer on a channels-first image, volume or sequence, one transposed to channels-first, or a vector,"
                    + " not on this " + chain.form + " value");
        }
        long groups = n.attrInt("num_groups", 0);
        int c = (int) (chain.form == Form.BATCH_SEQ ? chain.steps : chain.form == Form.VEC ? chain.vecWidth()
                : chain.inputFeatures);
        Value scale = graph.constValue(n.node().getInput(1));
        Value bias = graph.constValue(n.node().getInput(2));
        boolean perChannel = n.opset() >= 21;
        int params = perChannel ? c : (int) groups;
        if (groups < 1 || c < 1 || c % groups != 0 || scale == null || bias == null || scale.size() != params
                || bias.size() != params) {
            throw graph.refuse(n.describe() + ": GroupNormalization maps to a layer only with num_groups dividing the "
                    + c + " channels and constant scale and bias of " + params + " values each");
        }
        float[] gamma = perChannel ? scale.floats() : perChannelValues(scale.floats(), c);
        float[] beta = perChannel ? bias.floats() : perChannelValues(bias.floats(), c);
        add(Layers.groupNormalization((int) groups).withAxis(axis).withEpsilon(decimal(n.attrFloat("epsilon", 1e-5f))),
                gamma, beta, n, LayerChain.weightKey(n, graph));
    }

    /** One value per group spread over the group's channels (opset 18's per-group scale and bias). */
    private static float[] perChannelValues(float[] perGroup, int channels) {
        float[] r = new float[channels];
        int per = channels / perGroup.length;
        for (int ch = 0; ch < channels; ch++) {
            r[ch] = perGroup[ch / per];
        }
        return r;
    }

    /**
     * The decimal a float attribute was written from (ONNX stores epsilon as float32: 1e-3 comes back as 1e-3, not
     * 0.0010000000474974513), so an exported layer's configuration comes back equal.
     */
    private static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    private void add(GroupNormalizationConfig layer, float[] gamma, float[] beta, NodeContext last, String key) {
        Map<WeightKey, Tensor> w = new HashMap<>();
        if (gamma != null) {
            w.put(WeightKey.of(WeightRole.GAMMA), Tensor.wrap(Shape.of(gamma.length), gamma));
        }
        if (beta != null) {
            w.put(WeightKey.of(WeightRole.BETA), Tensor.wrap(Shape.of(beta.length), beta));
        }
        chain.add(layer.withScale(gamma != null).withCenter(beta != null), w, key);
        chain.lstmIndex = -1;
        chain.denseOpen = false;
        chain.moveTo(last, chain.form);
    }

    /** TF's moments form from Reshape {@code n} ({@link GroupNormMoments}) on the value followed, channels last. */
    void moments(NodeContext n) throws UnsupportedOnnxException {
        boolean channelsLast = chain.form == Form.BATCH_SEQ || chain.form == Form.VEC
                || (chain.form == Form.IMAGE || chain.form == Form.VOLUME) && chain.imageFormat == DataFormat.CHANNELS_LAST;
        GroupNormMoments.read(this, graph, n, channelsLast ? ownDims() : null);
    }

    /** Adds a GroupNormalization layer read by a pattern; the walk goes on from {@code last} in the same layout. */
    void addLayer(int groups, int axis, float epsilon, float[] gamma, float[] beta, NodeContext last) {
        add(Layers.groupNormalization(groups).withAxis(axis).withEpsilon(decimal(epsilon)), gamma, beta, last,
                "GroupNormalization|" + last.node().getOutput(0));
    }

    /** True when Reshape {@code n} starts Engram's export of a GroupNormalization (its shape has 5 values). */
    static boolean startsPattern(ConversionGraph graph, NodeContext n) {
        Value shape = graph.constValue(n.node().getInput(1));
        if (shape == null || shape.size() != 5 || graph.isOutput(n.node().getOutput(0))) {
            return false;
        }
        List<NodeContext> readers = graph.dataConsumers(n.node().getOutput(0));
        return readers.size() == 2 && readers.stream().anyMatch(r -> r.opType().equals("ReduceMean"))
                && readers.stream().anyMatch(r -> r.opType().equals("Sub"));
    }

    /** Engram's export form starting at Reshape {@code n} (see the class description). */
    void pattern(NodeContext n) throws UnsupportedOnnxException {
        String x = n.node().getInput(0);
        long[] shape = graph.constValue(n.node().getInput(1)).longs();
        String grouped = n.node().getOutput(0);
        NodeContext mean = reader(grouped, "ReduceMean", n);
        NodeContext dev = reader(grouped, "Sub", n);
        NodeContext sq = reader(dev.node().getOutput(0), "Mul", n);
        NodeContext var = reader(sq.node().getOutput(0), "ReduceMean", n);
        NodeContext plusEps = reader(var.node().getOutput(0), "Add", n);
        NodeContext std = reader(plusEps.node().getOutput(0), "Sqrt", n);
        NodeContext div = reader(std.node().getOutput(0), "Div", n);
        NodeContext back = reader(div.node().getOutput(0), "Reshape", n);
        Value eps = graph.constValue(other(plusEps, var.node().getOutput(0)));
        NodeContext shapeOf = graph.producer(back.node().getInput(1));
        boolean wired = dev.node().getInput(0).equals(grouped) && dev.node().getInput(1).equals(mean.node().getOutput(0))
                && sq.node().getInput(0).equals(dev.node().getOutput(0))
                && sq.node().getInput(1).equals(dev.node().getOutput(0))
                && div.node().getInput(0).equals(dev.node().getOutput(0)) && back.node().getInput(0).equals(
                        div.node().getOutput(0)) && eps != null && eps.size() == 1 && (shapeOf != null
                && shapeOf.opType().equals("Shape") && shapeOf.node().getInput(0).equals(x)
                || restoresOwnShape(graph.constValue(back.node().getInput(1))))
                && statsAxes(mean) && statsAxes(var) && shape[0] == 0;
        int[] dims = wired ? ownDims() : null;
        int a = dims == null ? -1 : channelAxis(dims, shape);
        if (a < 0) {
            throw graph.refuse(n.describe() + ": a Reshape to " + Arrays.toString(shape) + " read by ReduceMean and Sub "
                    + "maps only as Engram's GroupNormalization export (Reshape [0, outer, groups, C/groups, inner] of a "
                    + "value in the engine's layout, mean and variance over axes 1, 3, 4, Reshape back to its Shape)");
        }
        NodeContext last = back;
        float[] gamma = null;
        float[] beta = null;
        int c = (int) (shape[2] * shape[3]);
        int rank = dims.length - a;
        NodeContext mul = single(last, "Mul");
        if (mul != null && constantOf(mul, last, c, rank) != null) {
            gamma = constantOf(mul, last, c, rank);
            last = mul;
        }
        NodeContext add = single(last, "Add");
        if (add != null && constantOf(add, last, c, rank) != null) {
            beta = constantOf(add, last, c, rank);
            last = add;
        }
        GroupNormalizationConfig layer = Layers.groupNormalization((int) shape[2])
                .withAxis(a == dims.length - 1 ? -1 : a + 1).withEpsilon(decimal(eps.floats()[0]));
        // Each export of the layer is its own layer: the shape and epsilon constants are shared between exports.
        add(layer, gamma, beta, last, "GroupNormalization|" + last.node().getOutput(0));
    }

    /**
     * True when {@code target} is {@code Shape(x)} folded ({@link GraphFolding}): 0 (copy) for the batch, then the
     * known per-sample dims of the value followed.
     */
    private boolean restoresOwnShape(Value target) {
        int[] dims = ownDims();
        if (target == null || dims == null || target.size() != dims.length + 1 || target.longs()[0] != 0) {
            return false;
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0 || target.longs()[i + 1] != dims[i]) {
                return false;
            }
        }
        return true;
    }

    /** The per-sample dims of the value followed in the engine's own layout ({@link Shape#UNKNOWN} where unknown). */
    private int[] ownDims() {
        return switch (chain.form) {
            case IMAGE, VOLUME -> {
                int[] d = new int[chain.imageSize.length + 1];
                boolean first = chain.imageFormat == DataFormat.CHANNELS_FIRST;
                System.arraycopy(chain.imageSize, 0, d, first ? 1 : 0, chain.imageSize.length);
                d[first ? 0 : d.length - 1] = (int) chain.inputFeatures;
                yield d;
            }
            // the feature width of a sequence or vector is the last Dense/recurrent layer's (vecWidth)
            case BATCH_SEQ -> new int[] {(int) chain.steps, (int) chain.vecWidth()};
            case VEC -> new int[] {(int) chain.vecWidth()};
            case CHANNEL_SEQ -> chain.channelsFirstSequence ? new int[] {(int) chain.inputFeatures, (int) chain.steps}
                    : null;
            default -> null;
        };
    }

    /**
     * The per-sample axis of {@code dims} whose size is {@code groups · C/groups} with the product of the axes before
     * it {@code outer} and after it {@code inner} (-1 for unknown), preferring the last; -1 when none fits.
     */
    private static int channelAxis(int[] dims, long[] shape) {
        long c = shape[2] * shape[3];
        for (int a = dims.length - 1; a >= 0; a--) {
            if (dims[a] == c && matches(product(dims, 0, a), shape[1]) && matches(product(dims, a + 1, dims.length),
                    shape[4])) {
                return a;
            }
        }
        return -1;
    }

    private static long product(int[] dims, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            if (dims[i] < 0) {
                return -1;
            }
            p *= dims[i];
        }
        return p;
    }

    private static boolean matches(long known, long written) {
        return known == written || known < 0 && written == -1;
    }

    private boolean statsAxes(NodeContext reduce) throws UnsupportedOnnxException {
        long[] axes = reduce.opset() >= 18 ? reduce.node().getInputCount() > 1
                ? graph.longs(reduce.node().getInput(1), reduce) : null : reduce.attrInts("axes");
        return axes != null && Arrays.equals(Arrays.stream(axes).sorted().toArray(), new long[] {1, 3, 4})
                && reduce.attrInt("keepdims", 1) == 1;
    }

    /** The only data reader of {@code value} of type {@code op}, refusing otherwise (naming the pattern's start). */
    private NodeContext reader(String value, String op, NodeContext start) throws UnsupportedOnnxException {
        // distinct: Mul(dev, dev) reads the value twice
        List<NodeContext> rs = graph.dataConsumers(value).stream().filter(r -> r.opType().equals(op)).distinct()
                .toList();
        if (rs.size() != 1 || graph.isOutput(value) && !op.equals("Reshape")) {
            throw graph.refuse(start.describe() + ": the GroupNormalization export form needs exactly one " + op
                    + " reading '" + value + "', found " + rs.size());
        }
        return rs.get(0);
    }

    /** The single data reader of {@code node}'s output when it is of type {@code op} and the output no graph output. */
    private NodeContext single(NodeContext node, String op) {
        String out = node.node().getOutput(0);
        List<NodeContext> rs = graph.dataConsumers(out);
        return rs.size() == 1 && rs.get(0).opType().equals(op) && !graph.isOutput(out) ? rs.get(0) : null;
    }

    /**
     * The per-channel constant {@code [C, 1, ...]} of rank {@code rank} (so it broadcasts along the channel axis) that
     * {@code op} combines with {@code prev}'s output, or null.
     */
    private float[] constantOf(NodeContext op, NodeContext prev, int channels, int rank) {
        Value v = graph.constValue(other(op, prev.node().getOutput(0)));
        return v != null && v.rank() == rank && v.size() == channels && v.dim(0) == channels ? v.floats() : null;
    }

    private static String other(NodeContext binary, String known) {
        List<String> in = binary.node().getInputList();
        return in.size() != 2 ? "" : in.get(0).equals(known) ? in.get(1) : in.get(0);
    }
}
