package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.proto.Onnx.AttributeProto;
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
 * <li>a ConvTranspose without bias followed by a Slice of its spatial axes and a Pad with zeros past its end (tf2onnx's
 * "same" crop and output padding, once their bounds are constants) becomes one ConvTranspose with those pads and that
 * output padding: the window the Slice and Pad leave of the full output, whose cells past the full extent are zeros
 * either way;</li>
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
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).getOpType().equals("ConvTranspose")) {
                absorbCrops(i);
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
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto n = nodes.get(i);
            if (n.getInputList().contains(out)) {
                NodeProto.Builder b2 = n.toBuilder();
                for (int k = 0; k < n.getInputCount(); k++) {
                    if (n.getInput(k).equals(out)) {
                        b2.setInput(k, source);
                    }
                }
                nodes.set(i, b2.build());
            }
        }
    }

    // ---- ConvTranspose + Slice + Pad ----

    private void absorbCrops(int at) {
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
            replacement.add(transpose(n.getName() + "__to_ncl", u, x, pIn));
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
            replacement.add(transpose(n.getName() + "__from_ncl", y, v, pOut));
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

    private static NodeProto transpose(String name, String in, String out, int[] perm) {
        return NodeProto.newBuilder().setOpType("Transpose").setName(name).addInput(in).addOutput(out)
                .addAttribute(AttributeProto.newBuilder().setName("perm").setType(AttributeProto.AttributeType.INTS)
                        .addAllInts(Arrays.stream(perm).asLongStream().boxed().toList())).build();
    }

    // ---- graph and attribute helpers ----

    private NodeProto producer(String value) {
        for (NodeProto n : nodes) {
            if (n.getOutputList().contains(value)) {
                return n;
            }
        }
        return null;
    }

    /** The single node reading {@code value} (as any input), or null when none or several do. */
    private NodeProto onlyReader(String value) {
        NodeProto found = null;
        for (NodeProto n : nodes) {
            if (n.getInputList().contains(value)) {
                if (found != null) {
                    return null;
                }
                found = n;
            }
        }
        return outputs.contains(value) ? null : found;
    }

    private long[] constant(NodeProto n, int k) {
        Value v = k < n.getInputCount() ? constants.get(n.getInput(k)) : null;
        return v == null ? null : v.longs();
    }

    private static boolean has(NodeProto n, String name) {
        return n.getAttributeList().stream().anyMatch(a -> a.getName().equals(name));
    }

    private static long[] ints(NodeProto n, String name, int count, long def) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name) && a.getIntsCount() == count) {
                return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
            }
        }
        long[] r = new long[count];
        Arrays.fill(r, def);
        return r;
    }

    private static String attrString(NodeProto n, String name, String def) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getS().toStringUtf8();
            }
        }
        return def;
    }

    private static float attrFloat(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getF();
            }
        }
        return 0f;
    }

    private static void set(NodeProto.Builder b, String name, long[] values) {
        for (int i = 0; i < b.getAttributeCount(); i++) {
            if (b.getAttribute(i).getName().equals(name)) {
                b.removeAttribute(i);
                break;
            }
        }
        b.addAttribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
                .addAllInts(Arrays.stream(values).boxed().toList()));
    }
}
