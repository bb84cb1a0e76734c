package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.layers.RecurrentLayerConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shape reasoning for runs of shape-only nodes after a recurrent layer's final state: the value is
 * a {@code [batch, H]} vector with size-1 axes around it (a single-direction {@code Y_h} is
 * {@code [1, B, H]} in layout 0 and {@code [B, 1, H]} in layout 1). Each Squeeze, Unsqueeze,
 * Reshape, Flatten, Transpose, or Gather/Slice of a size-1 axis is applied to a symbolic shape
 * (the batch is unknown, every other size known); the run is accepted exactly when it only adds or
 * removes size-1 axes and keeps the order of the others, which makes it the identity on the data.
 * When the shape is back at {@code [B, H]} the walk continues as a vector. This covers PyTorch's
 * {@code fc(h_n[-1])} on one layer, {@code Y_h -> Reshape([-1, H]) -> Gemm} and similar heads. A
 * sequence whose length the graph input fixes at 1 is reasoned about the same way: {@code [B, 1, W]}
 * and {@code [1, B, W]} are the batch- and time-major forms (tf2onnx swaps them with a Reshape), and
 * dropping the time axis of a forward recurrent layer's output is its final output.
 */
final class ShapeOnlyStep {
    /** The symbolic batch dimension. */
    static final long BATCH = -2;

    private final ConversionGraph graph;
    private final LayerChain chain;

    ShapeOnlyStep(ConversionGraph graph, LayerChain chain) {
        this.graph = graph;
        this.chain = chain;
    }

    /** True when the walk stands on a value this step reasons about. */
    boolean applies(NodeContext n) {
        boolean single = chain.form == Form.LSTM_YH && chain.lstmIndex >= 0;
        boolean vector = single || chain.form == Form.VEC || chain.form == Form.SHAPED_VEC && !chain.shapedSequence;
        // A sequence of known length 1 (tf2onnx writes its batch/time Transpose as a Reshape then).
        boolean oneStep = chain.steps == 1 && (chain.form == Form.BATCH_SEQ || chain.form == Form.TIME_SEQ
                || chain.form == Form.SHAPED_VEC && chain.shapedSequence);
        if (oneStep && !vector) {
            // Gather/Slice of the time axis (last step, time flip) and the plain batch/time Transpose keep
            // their own matchers.
            return List.of("Reshape", "Squeeze", "Unsqueeze", "Flatten").contains(n.opType())
                    || n.opType().equals("Transpose") && chain.form == Form.SHAPED_VEC;
        }
        return vector && List.of("Reshape", "Squeeze", "Unsqueeze", "Flatten", "Transpose", "Gather",
                "Slice").contains(n.opType());
    }

    /** Applies {@code n} to the symbolic shape; refuses when it is not the identity on the data. */
    void apply(NodeContext n) throws UnsupportedOnnxException {
        long[] in = current();
        long[] out = switch (n.opType()) {
            case "Squeeze" -> squeeze(n, in);
            case "Unsqueeze" -> unsqueeze(n, in);
            case "Reshape" -> reshape(n, in);
            case "Flatten" -> flatten(n, in);
            case "Transpose" -> transpose(n, in);
            case "Gather" -> gather(n, in);
            default -> slice(n, in);
        };
        if (!Arrays.equals(nonUnit(in), nonUnit(out))) {
            throw graph.refuse(n.describe() + " turns " + show(in) + " into " + show(out) + ", which moves data;"
                    + " only shape-only runs that add or remove size-1 axes map to layers");
        }
        boolean sequence = chain.form == Form.BATCH_SEQ || chain.form == Form.TIME_SEQ
                || chain.form == Form.SHAPED_VEC && chain.shapedSequence;
        chain.vecShape = out;
        chain.shapedSequence = sequence;
        boolean flat = out.length == 2 && out[0] == BATCH;
        if (!sequence) {
            chain.lstmIndex = -1;
            chain.moveTo(n, flat ? Form.VEC : Form.SHAPED_VEC);
        } else if (out.length == 3 && out[0] == BATCH && out[1] == 1) {
            chain.moveTo(n, Form.BATCH_SEQ);
        } else if (out.length == 3 && out[0] == 1 && out[1] == BATCH) {
            chain.moveTo(n, Form.TIME_SEQ);
        } else if (flat) {
            // The only step of a forward recurrent layer's sequence is its final output.
            if (chain.lstmIndex < 0 || chain.inputOrderReverse) {
                throw graph.refuse(n.describe() + ": drops the time axis of a sequence that is not a forward"
                        + " recurrent layer's output; no engine layer maps it");
            }
            chain.endSequenceAt(n);
        } else {
            chain.moveTo(n, Form.SHAPED_VEC);
        }
    }

    private long[] current() {
        if (chain.form == Form.BATCH_SEQ || chain.form == Form.TIME_SEQ) {
            long w = chain.vecWidth();
            return chain.form == Form.BATCH_SEQ ? new long[] {BATCH, 1, w} : new long[] {1, BATCH, w};
        }
        if (chain.form == Form.LSTM_YH) {
            long h = ((RecurrentLayerConfig) chain.configs.get(chain.lstmIndex)).units();
            return chain.lstmLayout == 0 ? new long[] {1, BATCH, h} : new long[] {BATCH, 1, h};
        }
        if (chain.form == Form.VEC) {
            return new long[] {BATCH, chain.vecWidth()};
        }
        return chain.vecShape;
    }

    private long[] squeeze(NodeContext n, long[] in) throws UnsupportedOnnxException {
        long[] axes = n.opset() < 13 ? n.attrInts("axes")
                : n.node().getInputCount() > 1 ? graph.longs(n.node().getInput(1), n) : null;
        if (axes == null) {
            throw graph.refuse(n.describe() + ": a Squeeze without axes depends on the batch size");
        }
        boolean[] drop = new boolean[in.length];
        for (long a : axes) {
            int ax = axis(a, in.length, n);
            if (in[ax] != 1) {
                throw graph.refuse(n.describe() + ": squeezes axis " + a + " of " + show(in) + ", which is not size 1");
            }
            drop[ax] = true;
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            if (!drop[i]) {
                out.add(in[i]);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private long[] unsqueeze(NodeContext n, long[] in) throws UnsupportedOnnxException {
        long[] axes = n.opset() < 13 ? n.attrInts("axes") : graph.longs(n.node().getInput(1), n);
        int rank = in.length + axes.length;
        boolean[] ones = new boolean[rank];
        for (long a : axes) {
            ones[axis(a, rank, n)] = true;
        }
        long[] out = new long[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            out[i] = ones[i] ? 1 : in[j++];
        }
        return out;
    }

    private long[] reshape(NodeContext n, long[] in) throws UnsupportedOnnxException {
        Value target = graph.constValue(n.node().getInput(1));
        if (target == null || n.attrInt("allowzero", 0) != 0) {
            throw graph.refuse(n.describe() + ": Reshape maps only with a constant target shape");
        }
        long[] t = target.longs().clone();
        long known = 1;
        int infer = -1;
        boolean batch = false;
        for (int i = 0; i < t.length; i++) {
            if (t[i] == 0) {
                if (i >= in.length) {
                    throw graph.refuse(n.describe() + ": copies axis " + i + " that " + show(in) + " lacks");
                }
                t[i] = in[i];
            }
            if (t[i] == BATCH) {
                batch = true;
            } else if (t[i] == -1) {
                infer = i;
            } else {
                known *= t[i];
            }
        }
        long have = 1;
        for (long d : in) {
            have *= d == BATCH ? 1 : d;
        }
        if (infer >= 0 && !batch && known > 0 && have == known) {
            t[infer] = BATCH; // the inferred axis is the batch times 1
        } else if (infer >= 0 || !batch || have != known) {
            throw graph.refuse(n.describe() + ": Reshape of " + show(in) + " to " + Arrays.toString(target.longs())
                    + " does not keep the batch axis whole");
        }
        return t;
    }

    private long[] flatten(NodeContext n, long[] in) throws UnsupportedOnnxException {
        int ax = (int) n.attrInt("axis", 1);
        ax = ax < 0 ? ax + in.length : ax;
        return new long[] {product(in, 0, ax, n), product(in, ax, in.length, n)};
    }

    private long product(long[] d, int from, int to, NodeContext n) throws UnsupportedOnnxException {
        long p = 1;
        boolean batch = false;
        for (int i = from; i < to; i++) {
            if (d[i] == BATCH) {
                batch = true;
            } else {
                p *= d[i];
            }
        }
        if (batch && p != 1) {
            throw graph.refuse(n.describe() + ": Flatten merges the batch axis of " + show(d) + " with other axes");
        }
        return batch ? BATCH : p;
    }

    private long[] transpose(NodeContext n, long[] in) throws UnsupportedOnnxException {
        long[] perm = n.attrInts("perm");
        long[] out = new long[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[perm == null ? in.length - 1 - i : axis(perm[i], in.length, n)];
        }
        return out;
    }

    private long[] gather(NodeContext n, long[] in) throws UnsupportedOnnxException {
        Value idx = graph.constValue(n.node().getInput(1));
        int ax = axis(n.attrInt("axis", 0), in.length, n);
        long i = idx != null && idx.size() == 1 ? idx.longs()[0] : Long.MIN_VALUE;
        if (idx == null || in[ax] != 1 || (i != 0 && i != -1)) {
            throw graph.refuse(n.describe() + ": Gather maps here only as index 0 or -1 of a size-1 axis of "
                    + show(in));
        }
        if (idx.rank() != 0) {
            return in;
        }
        return squeezeAxis(in, ax);
    }

    private long[] slice(NodeContext n, long[] in) throws UnsupportedOnnxException {
        var ins = n.node().getInputList();
        long[] axes = ins.size() > 3 && !ins.get(3).isEmpty() ? graph.longs(ins.get(3), n) : null;
        long[] starts = graph.longs(ins.get(1), n);
        if (axes == null) {
            axes = new long[starts.length];
            for (int i = 0; i < axes.length; i++) {
                axes[i] = i;
            }
        }
        for (long a : axes) {
            if (in[axis(a, in.length, n)] != 1) {
                throw graph.refuse(n.describe() + ": Slice maps here only on size-1 axes of " + show(in));
            }
        }
        long[] ends = graph.longs(ins.get(2), n);
        long[] steps = ins.size() > 4 && !ins.get(4).isEmpty() ? graph.longs(ins.get(4), n) : new long[0];
        for (int i = 0; i < starts.length; i++) {
            // On a size-1 axis, start 0 or -1 with any end >= 1 and step 1 keeps the one element.
            if (starts[i] != 0 && starts[i] != -1 || i >= ends.length || ends[i] < 1
                    || i < steps.length && steps[i] != 1) {
                throw graph.refuse(n.describe() + ": a Slice of a size-1 axis maps only as [0:] or [-1:]");
            }
        }
        return in;
    }

    private static long[] squeezeAxis(long[] in, int ax) {
        long[] out = new long[in.length - 1];
        for (int i = 0, j = 0; i < in.length; i++) {
            if (i != ax) {
                out[j++] = in[i];
            }
        }
        return out;
    }

    private int axis(long a, int rank, NodeContext n) throws UnsupportedOnnxException {
        long ax = a < 0 ? a + rank : a;
        if (ax < 0 || ax >= rank) {
            throw graph.refuse(n.describe() + ": axis " + a + " is out of range for rank " + rank);
        }
        return (int) ax;
    }

    /** The dims other than size 1, in order: equal before and after means the data did not move. */
    private static long[] nonUnit(long[] d) {
        return Arrays.stream(d).filter(v -> v != 1).toArray();
    }

    private static String show(long[] d) {
        return Arrays.toString(Arrays.stream(d).mapToObj(v -> v == BATCH ? "batch" : Long.toString(v)).toArray());
    }
}
