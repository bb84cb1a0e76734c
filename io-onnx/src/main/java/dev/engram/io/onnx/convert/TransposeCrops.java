package dev.engram.io.onnx.convert;

import static dev.engram.io.onnx.convert.NodeEdits.attrFloat;
import static dev.engram.io.onnx.convert.NodeEdits.attrString;
import static dev.engram.io.onnx.convert.NodeEdits.has;
import static dev.engram.io.onnx.convert.NodeEdits.ints;
import static dev.engram.io.onnx.convert.NodeEdits.set;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A ConvTranspose without bias followed by a Slice of its spatial axes and a Pad with zeros past its end (tf2onnx's
 * "same" crop and output padding, once {@link GraphFolding} has made their bounds constants) as one ConvTranspose with
 * those pads and that output padding: the window the Slice and Pad leave of the full output, whose cells past the
 * full extent are zeros either way. Part of {@link ConvLowering}.
 */
final class TransposeCrops {
    private final List<NodeProto> nodes;
    private final Map<String, Value> constants;
    private final ShapeProbe probe;
    private final Set<String> outputs;
    private final int opset;

    TransposeCrops(List<NodeProto> nodes, Map<String, Value> constants, ShapeProbe probe, Set<String> outputs,
            int opset) {
        this.nodes = nodes;
        this.constants = constants;
        this.probe = probe;
        this.outputs = outputs;
        this.opset = opset;
    }

    /** Folds the constant Slice / Pad after ConvTranspose node {@code at} into its pads and output padding. */
    void absorb(int at) {
        NodeProto n = nodes.get(at);
        Value w = constants.get(n.getInput(1));
        String out = n.getOutput(0);
        int[] full = probe.shape(0, out);
        if (n.getInputCount() > 2 && !n.getInput(2).isEmpty() || w == null || full == null || has(n, "output_shape")
                || !attrString(n, "auto_pad", "NOTSET").equals("NOTSET") && !attrString(n, "auto_pad", "").isEmpty()) {
            return;
        }
        int r = w.rank() - 2;
        long[] pads = ints(n, "pads", 2 * r, 0);
        long[] op = ints(n, "output_padding", r, 0);
        // The window [start, end) of each spatial axis on the canvas of the unpadded output (extent canvas[i]).
        long[] start = new long[r];
        long[] end = new long[r];
        long[] canvas = new long[r];
        for (int i = 0; i < r; i++) {
            canvas[i] = full[i + 2] + pads[i] + pads[i + r] - op[i];
            start[i] = pads[i];
            end[i] = pads[i] + full[i + 2];
        }
        String cur = out;
        List<NodeProto> absorbed = new ArrayList<>();
        for (NodeProto c = onlyReader(cur); c != null; c = onlyReader(cur)) {
            boolean ok = c.getOpType().equals("Slice") ? slice(c, r, start, end) : c.getOpType().equals("Pad")
                    && pad(c, r, start, end, canvas);
            if (!ok) {
                break;
            }
            absorbed.add(c);
            cur = c.getOutput(0);
        }
        if (absorbed.isEmpty()) {
            return;
        }
        long[] newPads = new long[2 * r];
        long[] newOp = new long[r];
        for (int i = 0; i < r; i++) {
            newPads[i] = start[i];
            newPads[i + r] = Math.max(0, canvas[i] - end[i]);
            newOp[i] = Math.max(0, end[i] - canvas[i]);
        }
        NodeProto.Builder b = n.toBuilder().setOutput(0, cur);
        set(b, "pads", newPads);
        set(b, "output_padding", newOp);
        nodes.set(at, b.build());
        nodes.removeAll(absorbed);
    }

    /** A Slice of spatial axes with unit steps narrows the window; false when it is not that. */
    private boolean slice(NodeProto c, int r, long[] start, long[] end) {
        long[] starts = constant(c, 1);
        long[] ends = constant(c, 2);
        long[] axes = c.getInputCount() > 3 && !c.getInput(3).isEmpty() ? constant(c, 3) : null;
        long[] steps = c.getInputCount() > 4 && !c.getInput(4).isEmpty() ? constant(c, 4) : null;
        if (starts == null || ends == null || starts.length != ends.length || opset < 10
                || c.getInputCount() > 3 && !c.getInput(3).isEmpty() && axes == null
                || steps != null && Arrays.stream(steps).anyMatch(s -> s != 1)) {
            return false;
        }
        long[] s2 = start.clone();
        long[] e2 = end.clone();
        for (int j = 0; j < starts.length; j++) {
            long axis = axes == null ? j : axes[j] < 0 ? axes[j] + r + 2 : axes[j];
            int i = (int) axis - 2;
            if (i < 0 || i >= r) {
                return false;
            }
            long len = end[i] - start[i];
            long a = clampIndex(starts[j], len);
            long e = clampIndex(ends[j], len);
            if (a > e) {
                return false;
            }
            s2[i] = start[i] + a;
            e2[i] = start[i] + e;
        }
        System.arraycopy(s2, 0, start, 0, r);
        System.arraycopy(e2, 0, end, 0, r);
        return true;
    }

    private static long clampIndex(long v, long len) {
        long x = v < 0 ? v + len : v;
        return Math.max(0, Math.min(len, x));
    }

    /** A Pad with zeros after the end of the full output widens the window there; false otherwise. */
    private boolean pad(NodeProto c, int r, long[] start, long[] end, long[] canvas) {
        long[] p = opset < 11 ? ints(c, "pads", 2 * (r + 2), 0) : constant(c, 1);
        Value fill = opset >= 11 && c.getInputCount() > 2 && !c.getInput(2).isEmpty() ? constants.get(c.getInput(2))
                : null;
        boolean zero = opset < 11 ? attrFloat(c, "value") == 0f : c.getInputCount() <= 2 || c.getInput(2).isEmpty()
                || fill != null && fill.size() == 1 && fill.floats()[0] == 0f;
        if (p == null || p.length != 2 * (r + 2) || !zero || !attrString(c, "mode", "constant").equals("constant")
                || opset >= 18 && c.getInputCount() > 3 && !c.getInput(3).isEmpty()) {
            return false;
        }
        int rank = r + 2;
        if (p[0] != 0 || p[1] != 0 || p[rank] != 0 || p[rank + 1] != 0) {
            return false;
        }
        long[] e2 = end.clone();
        for (int i = 0; i < r; i++) {
            long before = p[i + 2];
            long after = p[rank + i + 2];
            // Zeros before the window would replace computed cells; after it, only past the full extent.
            if (before != 0 || after < 0 || after > 0 && end[i] < canvas[i]) {
                return false;
            }
            e2[i] = end[i] + after;
        }
        System.arraycopy(e2, 0, end, 0, r);
        return true;
    }

    private NodeProto onlyReader(String value) {
        return NodeEdits.onlyReader(nodes, value, outputs);
    }

    private long[] constant(NodeProto n, int k) {
        Value v = k < n.getInputCount() ? constants.get(n.getInput(k)) : null;
        return v == null ? null : v.longs();
    }
}
