package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.proto.Onnx.NodeProto;
import dev.engram.io.onnx.runtime.NodeContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs of two or more layout nodes (Transpose, Reshape, Squeeze, Unsqueeze, Flatten, Identity; each value read by the
 * next alone) that start with a Transpose of a recurrent node's sequence Y, rewritten to their net effect in the fewest nodes: a Squeeze of the
 * size-1 axes that go, one Transpose of the others, an Unsqueeze of the size-1 axes that come. PyTorch's dynamo
 * exporter writes the direction axis of Y away as Transpose [0, 2, 1, 3] then Reshape [T, 0, H] (then the batch-first
 * Transpose); the converter's importers read the net form (a Squeeze of the direction axis, the Transpose [1, 0, 2]).
 * Runs elsewhere keep the forms the importers read as they are (a Flatten of a pooled image, the Reshape of a one-step
 * sequence). The net effect is found by moving element ids through the run with the executor's own ops on the probed
 * shape; a run that merges or splits axes larger than 1 is left as it is.
 */
final class LayoutRuns {
    private static final Set<String> LAYOUT = Set.of("Unsqueeze", "Squeeze", "Transpose", "Reshape", "Identity",
            "Flatten");

    private final List<NodeProto> nodes;
    private final Map<String, Value> constants;
    private final ShapeProbe probe;
    private final Set<String> outputs;
    private final int opset;
    private final String file;

    LayoutRuns(List<NodeProto> nodes, Map<String, Value> constants, ShapeProbe probe, Set<String> outputs, int opset,
            String file) {
        this.nodes = new ArrayList<>(nodes);
        this.constants = constants;
        this.probe = probe;
        this.outputs = outputs;
        this.opset = opset;
        this.file = file;
    }

    /** The nodes with every shortenable run shortened. */
    List<NodeProto> compose() {
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto n = nodes.get(i);
            NodeProto p = LAYOUT.contains(n.getOpType()) ? producer(n.getInput(0)) : null;
            if (p != null && LAYOUT.contains(p.getOpType()) && reader(p.getOutput(0)) == n) {
                continue; // not the first node of its run
            }
            NodeProto source = producer(n.getInput(0));
            // dynamo's form starts with a Transpose of Y's direction axis (the other exporters Squeeze it first)
            if (n.getOpType().equals("Transpose") && source != null && ConversionGraph.RECURRENT_OPS.contains(
                    source.getOpType()) && source.getOutput(0).equals(n.getInput(0))) {
                i = shorten(i);
            }
        }
        return nodes;
    }

    private int shorten(int at) {
        List<NodeProto> run = new ArrayList<>(List.of(nodes.get(at)));
        for (NodeProto c = reader(last(run)); c != null && LAYOUT.contains(c.getOpType())
                && c.getInput(0).equals(last(run)); c = reader(last(run))) {
            run.add(c);
        }
        String in = run.get(0).getInput(0);
        String out = last(run);
        int[] s = probe.shape(0, in);
        if (run.size() < 2 || s == null || !unitsAgree(in) || !unitsAgree(out)) {
            return at;
        }
        Value v = ids(s);
        for (NodeProto p : run) {
            List<Value> args = new ArrayList<>(List.of(v));
            for (int k = 1; k < p.getInputCount(); k++) {
                args.add(p.getInput(k).isEmpty() ? null : constants.get(p.getInput(k)));
            }
            List<Value> r = FoldingRules.apply(new NodeContext(p, opset, file, Map.of()), args);
            if (r == null) {
                return at;
            }
            v = r.get(0);
        }
        int[] kept = nonUnit(s);
        int[] perm = permutation(s, kept, v);
        if (perm == null) {
            return at;
        }
        List<NodeProto> net = new ArrayList<>();
        String name = run.get(0).getName();
        String cur = in;
        int[] dropped = units(s);
        int[] added = units(v.shape());
        boolean moves = !Arrays.equals(perm, identity(perm.length));
        if (dropped.length > 0) {
            String o = moves || added.length > 0 ? out + "__squeezed" : out;
            net.add(axesNode("Squeeze", name + "__squeeze", cur, o, dropped));
            cur = o;
        }
        if (moves) {
            String o = added.length > 0 ? out + "__moved" : out;
            net.add(NodeEdits.transpose(name + "__transpose", cur, o, perm));
            cur = o;
        }
        if (added.length > 0) {
            net.add(axesNode("Unsqueeze", name + "__unsqueeze", cur, out, added));
        }
        if (net.isEmpty() && !outputs.contains(out)) {
            // the identity: readers of the run's end read its start
            nodes.removeAll(run);
            NodeEdits.rename(nodes, out, in);
            return at - 1;
        }
        if (net.isEmpty() || net.size() >= run.size()) {
            return at;
        }
        int pos = nodes.indexOf(run.get(0));
        nodes.removeAll(run);
        nodes.addAll(pos, net);
        return pos + net.size() - 1;
    }

    /** The permutation p with {@code transpose(squeeze(ids(s)), p) == v}'s ids, or null when there is none. */
    private static int[] permutation(int[] s, int[] kept, Value v) {
        int[] outKept = nonUnit(v.shape());
        if (outKept.length != kept.length || kept.length > 6) {
            return null;
        }
        int[] dims = Arrays.stream(kept).map(i -> s[i]).toArray();
        Value want = ids(dims);
        for (int[] perm : permutations(kept.length)) {
            List<Value> t = FoldingRules.apply(transposeContext(perm), List.of(want));
            if (t != null && Arrays.equals(t.get(0).longs(), v.longs())) {
                return perm;
            }
        }
        return null;
    }

    private static List<int[]> permutations(int n) {
        List<int[]> all = new ArrayList<>();
        permute(identity(n), 0, all);
        return all;
    }

    private static void permute(int[] p, int k, List<int[]> all) {
        if (k == p.length) {
            all.add(p.clone());
            return;
        }
        for (int i = k; i < p.length; i++) {
            int t = p[k];
            p[k] = p[i];
            p[i] = t;
            permute(p, k + 1, all);
            p[i] = p[k];
            p[k] = t;
        }
    }

    private static NodeContext transposeContext(int[] perm) {
        return new NodeContext(NodeEdits.transpose("t", "x", "y", perm), 13, "layout", Map.of());
    }

    /** True when the size-1 axes of {@code value} are size 1 in both probe runs (not a batch that happened to be 1). */
    private boolean unitsAgree(String value) {
        int[] a = probe.shape(0, value);
        int[] b = probe.shape(1, value);
        if (a == null || b == null || a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if ((a[i] == 1) != (b[i] == 1)) {
                return false;
            }
        }
        return true;
    }

    private NodeProto axesNode(String op, String name, String in, String out, int[] axes) {
        NodeProto.Builder b = NodeProto.newBuilder().setOpType(op).setName(name).addInput(in).addOutput(out);
        long[] a = Arrays.stream(axes).asLongStream().toArray();
        if (opset >= 13) {
            String c = out + "__axes";
            constants.put(c, Value.ofLongs(a));
            b.addInput(c);
        } else {
            b.addAttribute(NodeEdits.ints("axes", a));
        }
        return b.build();
    }

    private static Value ids(int[] shape) {
        long[] id = new long[dev.engram.io.onnx.codec.Shapes.size(shape)];
        for (int i = 0; i < id.length; i++) {
            id[i] = i;
        }
        return Value.ofLongs(shape, id);
    }

    private static int[] nonUnit(int[] s) {
        return java.util.stream.IntStream.range(0, s.length).filter(i -> s[i] != 1).toArray();
    }

    private static int[] units(int[] s) {
        return java.util.stream.IntStream.range(0, s.length).filter(i -> s[i] == 1).toArray();
    }

    private static int[] identity(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    private static String last(List<NodeProto> run) {
        return run.get(run.size() - 1).getOutput(0);
    }

    private NodeProto producer(String value) {
        return NodeEdits.producer(nodes, value);
    }

    private NodeProto reader(String value) {
        return NodeEdits.onlyReader(nodes, value, outputs);
    }
}
