package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.io.onnx.proto.Onnx.NodeProto;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Lookups and edits on a list of nodes being rewritten ({@link ConvLowering}, {@link LayoutRuns}): which node makes a
 * value, which single node reads it, renaming a value's readers, and ints attributes.
 */
final class NodeEdits {
    private NodeEdits() {
    }

    /** The node in {@code nodes} that outputs {@code value}, or null. */
    static NodeProto producer(List<NodeProto> nodes, String value) {
        for (NodeProto n : nodes) {
            if (n.getOutputList().contains(value)) {
                return n;
            }
        }
        return null;
    }

    /** The single node reading {@code value}, or null when none or several do or it is one of the graph's outputs. */
    static NodeProto onlyReader(List<NodeProto> nodes, String value, Set<String> outputs) {
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

    /** Every node of {@code nodes} that reads {@code from} reads {@code to} instead. */
    static void rename(List<NodeProto> nodes, String from, String to) {
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto n = nodes.get(i);
            if (n.getInputList().contains(from)) {
                NodeProto.Builder b = n.toBuilder();
                for (int k = 0; k < n.getInputCount(); k++) {
                    if (n.getInput(k).equals(from)) {
                        b.setInput(k, to);
                    }
                }
                nodes.set(i, b.build());
            }
        }
    }

    /** An ints attribute. */
    static AttributeProto ints(String name, long[] values) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
                .addAllInts(Arrays.stream(values).boxed().toList()).build();
    }

    /** A Transpose node. */
    static NodeProto transpose(String name, String in, String out, int[] perm) {
        return NodeProto.newBuilder().setOpType("Transpose").setName(name).addInput(in).addOutput(out)
                .addAttribute(ints("perm", Arrays.stream(perm).asLongStream().toArray())).build();
    }

    /** True when {@code n} has attribute {@code name}. */
    static boolean has(NodeProto n, String name) {
        return n.getAttributeList().stream().anyMatch(a -> a.getName().equals(name));
    }

    /** The ints attribute {@code name} when it has {@code count} values, else {@code count} times {@code def}. */
    static long[] ints(NodeProto n, String name, int count, long def) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name) && a.getIntsCount() == count) {
                return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
            }
        }
        long[] r = new long[count];
        Arrays.fill(r, def);
        return r;
    }

    /** A string attribute, or {@code def}. */
    static String attrString(NodeProto n, String name, String def) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getS().toStringUtf8();
            }
        }
        return def;
    }

    /** A float attribute, or 0. */
    static float attrFloat(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getF();
            }
        }
        return 0f;
    }

    /** Sets (replaces) the ints attribute {@code name} of {@code b}. */
    static void set(NodeProto.Builder b, String name, long[] values) {
        for (int i = 0; i < b.getAttributeCount(); i++) {
            if (b.getAttribute(i).getName().equals(name)) {
                b.removeAttribute(i);
                break;
            }
        }
        b.addAttribute(ints(name, values));
    }
}
