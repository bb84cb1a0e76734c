package dev.engram.io.onnx.convert;

import static dev.engram.io.onnx.convert.NodeEdits.attrString;
import static dev.engram.io.onnx.convert.NodeEdits.has;
import static dev.engram.io.onnx.convert.NodeEdits.ints;
import static dev.engram.io.onnx.convert.NodeEdits.set;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.proto.Onnx.NodeProto;
import dev.engram.io.onnx.runtime.NodeContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites of a folded graph ({@link GraphFolding}) that give convolutions the form a layer has:
 * <ul>
 * <li>a ConvTranspose without bias followed by a Slice of its spatial axes and a Pad with zeros past its end becomes
 * one ConvTranspose with those pads and that output padding ({@link TransposeCrops});</li>
 * <li>a 2-D Conv, ConvTranspose, MaxPool or AveragePool whose input has a spatial axis of size 1 that the window
 * neither widens nor pads (TF's Conv1D, Conv1DTranspose and 1-D pooling: ExpandDims, the 2-D op, Squeeze), reached
 * from a rank-3 value by layout ops only (Unsqueeze, Transpose, Reshape, Squeeze) and read back to rank 3 the same
 * way, becomes the 1-D op between at most one Transpose on each side: the layout runs are composed by moving element
 * ids through them with the executor's own ops.</li>
 * </ul>
 */
final class ConvLowering {
    private static final Set<String> LAYOUT = Set.of("Unsqueeze", "Squeeze", "Transpose", "Reshape", "Identity",
            "Flatten");
    private static final Set<String> LOWERED = Set.of("Conv", "ConvTranspose", "MaxPool", "AveragePool");

    private final List<NodeProto> nodes;
    private final Map<String, Value> constants;
    private final ShapeProbe probe;
    private final Set<String> outputs;
    private final int opset;
    private final String file;

    ConvLowering(List<NodeProto> nodes, Map<String, Value> constants, ShapeProbe probe, Set<String> outputs,
            int opset, String file) {
        this.nodes = new ArrayList<>(nodes);
        this.constants = constants;
        this.probe = probe;
        this.outputs = outputs;
        this.opset = opset;
        this.file = file;
    }

    /** The nodes after both rewrites (new weights are added to the constants map). */
    List<NodeProto> lower() {
        TransposeCrops crops = new TransposeCrops(nodes, constants, probe, outputs, opset);
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).getOpType().equals("ConvTranspose")) {
                crops.absorb(i);
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (LOWERED.contains(nodes.get(i).getOpType())) {
                i = toOneD(i);
            }
        }
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (i < nodes.size() && nodes.get(i).getOpType().equals("Transpose")) {
                cancelTransposes(nodes.get(i));
            }
        }
        return nodes;
    }

    /**
     * Transpose {@code t} right after another whose output only it reads, the two together the identity (the
     * lowering leaves [0, 2, 1] pairs between neighbouring 1-D ops): both go, and {@code t}'s readers read the first's
     * input.
     */
    private void cancelTransposes(NodeProto t) {
        NodeProto p = producer(t.getInput(0));
        String out = t.getOutput(0);
        if (p == null || !p.getOpType().equals("Transpose") || onlyReader(p.getOutput(0)) != t || outputs.contains(out)) {
            return;
        }
        long[] a = ints(p, "perm", 3, -1);
        long[] b = ints(t, "perm", 3, -1);
        for (int i = 0; i < 3; i++) {
            if (a[0] < 0 || b[0] < 0 || a[(int) b[i]] != i) {
                return;
            }
        }
        String source = p.getInput(0);
        nodes.remove(p);
        nodes.remove(t);
        NodeEdits.rename(nodes, out, source);
    }

    // ---- 2-D ops on a unit axis ----

    /** Lowers node {@code at} when it is the 1-D idiom; returns the index to continue after. */
    private int toOneD(int at) {
        NodeProto n = nodes.get(at);
        int[] in = probe.shape(0, n.getInput(0));
        int[] out = probe.shape(0, n.getOutput(0));
        if (in == null || out == null || in.length != 4 || out.length != 4) {
            return at;
        }
        boolean weighted = !n.getOpType().endsWith("Pool");
        Value w = weighted ? constants.get(n.getInput(1)) : null;
        long[] kernel = weighted ? w == null || w.rank() != 4 ? null : new long[] {w.dim(2), w.dim(3)}
                : ints(n, "kernel_shape", 2, 0);
        if (kernel == null) {
            return at;
        }
        int unit = -1;
        for (int a = 2; a <= 3 && unit < 0; a++) {
            if (in[a] == 1 && out[a] == 1 && kernel[a - 2] == 1 && ints(n, "pads", 4, 0)[a - 2] == 0
                    && ints(n, "pads", 4, 0)[a] == 0 && ints(n, "output_padding", 2, 0)[a - 2] == 0) {
                unit = a;
            }
        }
        boolean indices = n.getOutputCount() > 1 && !n.getOutput(1).isEmpty();
        if (unit < 0 || indices || has(n, "output_shape") || !List.of("NOTSET", "", "VALID").contains(attrString(n, "auto_pad",
                "NOTSET")) && !attrString(n, "auto_pad", "").isEmpty()) {
            return at;
        }
        List<NodeProto> before = runBefore(n.getInput(0));
        List<NodeProto> after = runAfter(n.getOutput(0));
        if (before.isEmpty() || after.isEmpty()) {
            return at;
        }
        String u = before.get(0).getInput(0);
        String v = after.get(after.size() - 1).getOutput(0);
        int[] uShape = probe.shape(0, u);
        int[] vShape = probe.shape(0, v);
        if (uShape == null || vShape == null || uShape.length != 3 || vShape.length != 3) {
            return at;
        }
        int[] pIn = composed(uShape, before, unit, true, in);
        int[] pOut = composed(squeezed(out, unit), after, unit, false, vShape);
        if (pIn == null || pOut == null) {
            return at;
        }
        String base = n.getOutput(0);
        List<NodeProto> replacement = new ArrayList<>();
        String x = u;
        if (!identity(pIn)) {
            x = base + "__ncl_in";
            replacement.add(NodeEdits.transpose(n.getName() + "__to_ncl", u, x, pIn));
        }
        String y = identity(pOut) ? v : base + "__ncl";
        NodeProto.Builder one = n.toBuilder().clearInput().addInput(x).setOutput(0, y);
        for (int k = 1; k < n.getInputCount(); k++) {
            one.addInput(n.getInput(k));
        }
        if (weighted) {
            String w1 = n.getInput(1) + "__1d";
            int[] s = squeezed(w.shape(), unit);
            constants.put(w1, w.reshape(s));
            one.setInput(1, w1);
        }
        for (String attr : List.of("kernel_shape", "strides", "dilations", "output_padding")) {
            long[] vals = ints(n, attr, 2, -1);
            if (has(n, attr)) {
                set(one, attr, new long[] {vals[unit == 2 ? 1 : 0]});
            }
        }
        if (has(n, "pads")) {
            long[] p = ints(n, "pads", 4, 0);
            int keep = unit == 2 ? 1 : 0;
            set(one, "pads", new long[] {p[keep], p[keep + 2]});
        }
        replacement.add(one.build());
        if (!identity(pOut)) {
            replacement.add(NodeEdits.transpose(n.getName() + "__from_ncl", y, v, pOut));
        }
        nodes.removeAll(before);
        nodes.removeAll(after);
        int pos = nodes.indexOf(n);
        nodes.remove(pos);
        nodes.addAll(pos, replacement);
        return pos + replacement.size() - 1;
    }

    /** The layout nodes (one reader each) that lead to {@code value}, in order, from the nearest rank-3 value. */
    private List<NodeProto> runBefore(String value) {
        List<NodeProto> run = new ArrayList<>();
        String cur = value;
        for (NodeProto p = producer(cur); p != null && LAYOUT.contains(p.getOpType()) && onlyReader(cur) != null
                && !outputs.contains(cur); p = producer(cur)) {
            run.add(0, p);
            cur = p.getInput(0);
            int[] s = probe.shape(0, cur);
            if (s != null && s.length == 3) {
                return run;
            }
        }
        return List.of();
    }

    /** The layout nodes (one reader each) from {@code value} to the nearest rank-3 value, in order. */
    private List<NodeProto> runAfter(String value) {
        List<NodeProto> run = new ArrayList<>();
        String cur = value;
        for (NodeProto c = onlyReader(cur); c != null && LAYOUT.contains(c.getOpType()) && c.getInput(0).equals(cur)
                && !outputs.contains(cur); c = onlyReader(cur)) {
            run.add(c);
            cur = c.getOutput(0);
            int[] s = probe.shape(0, cur);
            if (s != null && s.length == 3) {
                return run;
            }
        }
        return List.of();
    }

    /**
     * The permutation of a rank-3 value that a layout run computes. Forward: element ids of {@code start} (the value
     * before the run) through the run must give {@code end} (the 2-D op's input), whose unit axis then drops.
     * Backward: ids of {@code start} (the 1-D op's output) with the unit axis inserted, through the run, must give
     * {@code end} (the rank-3 value after it). Null when the run moves elements in any other way.
     */
    private int[] composed(int[] start, List<NodeProto> run, int unit, boolean forward, int[] end) {
        int[] shape = forward ? start : unsqueezed(start, unit);
        long[] ids = new long[dev.engram.io.onnx.codec.Shapes.size(shape)];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        Value v = Value.ofLongs(shape, ids);
        for (NodeProto p : run) {
            List<Value> args = new ArrayList<>();
            args.add(v);
            for (int k = 1; k < p.getInputCount(); k++) {
                args.add(p.getInput(k).isEmpty() ? null : constants.get(p.getInput(k)));
            }
            List<Value> r = FoldingRules.apply(new NodeContext(p, opset, file, Map.of()), args);
            if (r == null) {
                return null;
            }
            v = r.get(0);
        }
        if (!Arrays.equals(v.shape(), end)) {
            return null;
        }
        for (int[] p : new int[][] {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}) {
            if (Arrays.equals(transposedIds(start, p), v.longs())) {
                return p;
            }
        }
        return null;
    }

    /** Element ids of {@code iota(shape)} transposed by {@code perm}, in the output's order. */
    private static long[] transposedIds(int[] shape, int[] perm) {
        int[] out = {shape[perm[0]], shape[perm[1]], shape[perm[2]]};
        int[] stride = {shape[1] * shape[2], shape[2], 1};
        long[] ids = new long[out[0] * out[1] * out[2]];
        int j = 0;
        for (int a = 0; a < out[0]; a++) {
            for (int b = 0; b < out[1]; b++) {
                for (int c = 0; c < out[2]; c++) {
                    ids[j++] = (long) a * stride[perm[0]] + (long) b * stride[perm[1]] + (long) c * stride[perm[2]];
                }
            }
        }
        return ids;
    }

    private static int[] squeezed(int[] s, int axis) {
        if (axis < 0) {
            return s;
        }
        int[] r = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i != axis) {
                r[j++] = s[i];
            }
        }
        return r;
    }

    private static int[] unsqueezed(int[] s, int axis) {
        int[] r = new int[s.length + 1];
        for (int i = 0, j = 0; i < r.length; i++) {
            r[i] = i == axis ? 1 : s[j++];
        }
        return r;
    }

    private static boolean identity(int[] p) {
        return p[0] == 0 && p[1] == 1 && p[2] == 2;
    }

    // ---- graph and attribute helpers ----

    private NodeProto producer(String value) {
        return NodeEdits.producer(nodes, value);
    }

    private NodeProto onlyReader(String value) {
        return NodeEdits.onlyReader(nodes, value, outputs);
    }
}
