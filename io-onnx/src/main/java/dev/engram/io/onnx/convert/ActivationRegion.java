package dev.engram.io.onnx.convert;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.runtime.NodeContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An activation written as element-wise nodes the importers do not read one by one: a region that reads one value
 * {@code x} (and one-element constants) and hands exactly one value on, such as TF's swish {@code x * sigmoid(x)}, its exact
 * GELU {@code 0.5 x (1 + erf(x / sqrt 2))}, Keras 2's hard sigmoid {@code clip(0.2 x + 0.5, 0, 1)}, PyTorch's
 * Hardtanh {@code Clip}, or several of those in a row that tf2onnx has interleaved. The region's function is computed
 * with the executor's own ops on a grid of points (wide enough to pass every constant in the region and every kink of
 * the candidates) and compared with each element-wise engine activation and each pair {@code b(a(x))}; the first
 * that agrees within float32 rounding everywhere is taken. A region no activation or pair computes is left to the
 * importers, which refuse it naming its node.
 */
final class ActivationRegion {
    private static final Set<String> UNARY = Set.of("Relu", "Tanh", "Sigmoid", "Erf", "Exp", "Log", "Neg", "Abs",
            "Sqrt", "Reciprocal", "Softplus", "Softsign", "Elu", "Selu", "HardSigmoid", "HardSwish", "Mish", "Celu",
            "LeakyRelu", "Gelu", "Sign", "Identity", "Not", "Cast", "Clip");
    private static final Set<String> BINARY = Set.of("Add", "Sub", "Mul", "Div", "Min", "Max", "Pow", "Greater",
            "Less", "GreaterOrEqual", "LessOrEqual", "Equal", "And", "Or", "Where");
    /** Element-wise engine activations, in the order ties are broken (the simpler first). */
    private static final List<Activation> CANDIDATES = List.of(Activations.relu(), Activations.relu6(),
            Activations.tanh(), Activations.sigmoid(), Activations.hardSigmoid(), Activations.hardSigmoid(1.0 / 6, 0.5),
            Activations.softplus(), Activations.softsign(), Activations.elu(), Activations.selu(), Activations.swish(),
            Activations.gelu(false), Activations.gelu(true), Activations.exponential(), Activations.mish(),
            Activations.logSigmoid(), Activations.hardSilu(), Activations.leakyRelu(), Activations.celu(),
            Activations.hardTanh(), Activations.tanhShrink(), Activations.hardShrink(), Activations.softShrink(),
            Activations.squareplus(), Activations.sparsePlus(), Activations.sparseSigmoid());
    private static final int MAX_NODES = 24;
    /** The op types an importer takes (a single such node is read by it, not as a region). */
    private static final Set<String> IMPORTED = Set.copyOf(OnnxImporters.ops());

    /** A matched region: the activations in order and the value the walk goes on from. */
    record Match(List<Activation> activations, NodeContext exit) {
    }

    private ActivationRegion() {
    }

    /** True when the walk's value is laid out so that an element-wise layer computes what the nodes compute. */
    static boolean elementwiseForm(LayerChain chain) {
        return !chain.inputOrderReverse && !chain.reversedInput && switch (chain.form) {
            case VEC, BATCH_SEQ, ROWS, CHANNEL_SEQ, IMAGE, IMAGE_NCHW, VOLUME, VOLUME_NCDHW -> true;
            default -> false;
        };
    }

    /** The activations the pointwise region reading {@code x} computes, or null when there is none. */
    static Match at(ConversionGraph graph, String x) {
        List<NodeContext> order = reachable(graph, x);
        // The farthest end first: the whole region, then shorter ones.
        for (int e = order.size() - 1; e >= 0; e--) {
            NodeContext exit = order.get(e);
            List<NodeContext> region = closedRegion(graph, x, order, exit);
            // one node an importer takes is the importer's (Relu, LeakyRelu as its layer, ...); one Clip is not
            if (region == null || region.size() < 2 && IMPORTED.contains(exit.opType())) {
                continue;
            }
            List<Activation> acts = identify(graph, x, region, exit);
            if (acts != null) {
                return new Match(acts, exit);
            }
        }
        return null;
    }

    /** Pointwise nodes reachable from {@code x}, in an order where every node follows its inputs. */
    private static List<NodeContext> reachable(ConversionGraph graph, String x) {
        List<NodeContext> order = new ArrayList<>();
        Set<String> values = new HashSet<>(Set.of(x));
        Set<NodeContext> seen = new LinkedHashSet<>();
        boolean grew = true;
        while (grew && order.size() < MAX_NODES) {
            grew = false;
            for (String v : new ArrayList<>(values)) {
                for (NodeContext n : graph.consumers(v)) {
                    if (seen.contains(n) || !pointwise(graph, n)) {
                        continue;
                    }
                    boolean ready = n.node().getInputList().stream().allMatch(i -> i.isEmpty() || values.contains(i)
                            || scalar(graph, i));
                    if (ready) {
                        seen.add(n);
                        order.add(n);
                        values.add(n.node().getOutput(0));
                        grew = true;
                    }
                }
            }
        }
        return order;
    }

    /** The nodes of {@code order} that {@code exit} depends on, when only {@code exit}'s output leaves them. */
    private static List<NodeContext> closedRegion(ConversionGraph graph, String x, List<NodeContext> order,
            NodeContext exit) {
        Set<String> needed = new HashSet<>(exit.node().getInputList());
        List<NodeContext> region = new ArrayList<>();
        for (int i = order.indexOf(exit); i >= 0; i--) {
            NodeContext n = order.get(i);
            if (n == exit || needed.contains(n.node().getOutput(0))) {
                region.add(0, n);
                needed.addAll(n.node().getInputList());
            }
        }
        Set<NodeContext> inside = new HashSet<>(region);
        for (NodeContext n : region) {
            String out = n.node().getOutput(0);
            if (n != exit && (graph.isOutput(out) || !inside.containsAll(graph.consumers(out)))) {
                return null; // an inner value read outside: not one activation's inside
            }
        }
        // x itself must be read by region nodes alone (else the walk branches, and merges handle it).
        return inside.containsAll(graph.dataConsumers(x)) ? region : null;
    }

    private static boolean pointwise(ConversionGraph graph, NodeContext n) {
        if (n.node().getOutputCount() != 1) {
            return false;
        }
        if (n.opType().equals("Cast")) {
            long to = n.attrInt("to", 0);
            return to == 1 || to == 9; // to float or to bool
        }
        return UNARY.contains(n.opType()) || BINARY.contains(n.opType());
    }

    private static boolean scalar(ConversionGraph graph, String v) {
        Value c = graph.constValue(v);
        return c != null && c.size() == 1;
    }

    /** The activations (one, or two in a row) the region computes, or null. */
    private static List<Activation> identify(ConversionGraph graph, String x, List<NodeContext> region,
            NodeContext exit) {
        double reach = 8;
        for (NodeContext n : region) {
            for (String i : n.node().getInputList()) {
                Value c = i.isEmpty() ? null : graph.constValue(i);
                if (c != null && c.size() == 1 && Float.isFinite(c.floats()[0])) {
                    reach = Math.max(reach, 4 * Math.abs(c.floats()[0]) + 8);
                }
            }
        }
        float[] grid = grid(reach);
        float[] got = run(graph, x, region, exit, grid);
        if (got == null) {
            return null;
        }
        for (Activation a : CANDIDATES) {
            if (agrees(got, grid, a, null)) {
                return List.of(a);
            }
        }
        for (Activation a : CANDIDATES) {
            for (Activation b : CANDIDATES) {
                if (agrees(got, grid, a, b)) {
                    return List.of(a, b);
                }
            }
        }
        return null;
    }

    /** Points on [-reach, reach], denser near 0 where the activations bend. */
    private static float[] grid(double reach) {
        List<Float> p = new ArrayList<>();
        for (int i = -400; i <= 400; i++) {
            p.add((float) (i / 100.0));
        }
        for (int i = -200; i <= 200; i++) {
            p.add((float) (reach * i / 200.0));
        }
        float[] g = new float[p.size()];
        for (int i = 0; i < g.length; i++) {
            g[i] = p.get(i);
        }
        return g;
    }

    /** The region evaluated on {@code xs} with the executor's ops (float32), or null when an op refuses. */
    private static float[] run(ConversionGraph graph, String x, List<NodeContext> region, NodeContext exit,
            float[] xs) {
        Map<String, Value> env = new HashMap<>();
        env.put(x, Value.ofFloats(new int[] {xs.length}, xs));
        for (NodeContext n : region) {
            List<Value> in = new ArrayList<>();
            for (String i : n.node().getInputList()) {
                in.add(i.isEmpty() ? null : env.containsKey(i) ? env.get(i) : graph.constValue(i));
            }
            List<Value> out = FoldingRules.apply(n, in);
            if (out == null || out.isEmpty()) {
                return null;
            }
            env.put(n.node().getOutput(0), out.get(0));
        }
        Value y = env.get(exit.node().getOutput(0));
        return y == null || !y.isFloat() || y.size() != xs.length ? null : y.floats();
    }

    private static boolean agrees(float[] got, float[] xs, Activation a, Activation b) {
        for (int i = 0; i < xs.length; i++) {
            double v = a.value(xs[i]);
            double want = b == null ? v : b.value((float) v);
            double g = got[i];
            if (Double.isNaN(want) || Double.isNaN(g)) {
                if (Double.isNaN(want) != Double.isNaN(g)) {
                    return false;
                }
                continue;
            }
            if (Double.isInfinite(want) || Double.isInfinite(g)) {
                if (want != g) {
                    return false;
                }
                continue;
            }
            if (Math.abs(g - want) > 1e-6 + 2e-5 * Math.abs(want)) {
                return false;
            }
        }
        return true;
    }
}
