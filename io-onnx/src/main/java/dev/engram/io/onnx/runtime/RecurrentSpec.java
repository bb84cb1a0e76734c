package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.OnnxGateOrder;
import dev.engram.io.onnx.codec.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The validated attributes and input shapes of an ONNX LSTM, GRU or RNN node: cell kind, layout,
 * directions, sizes, activations per direction, clip, input_forget and linear_before_reset.
 */
final class RecurrentSpec {
    private final OnnxGateOrder cell;
    private final int layout;
    private final String direction;
    private final int directions;
    private final int steps;
    private final int batch;
    private final int inputSize;
    private final int hidden;
    private final float clip;
    private final boolean inputForget;
    private final boolean linearBeforeReset;
    private final List<RecurrentActivation> activations;

    private RecurrentSpec(OnnxGateOrder cell, int layout, String direction, int directions, int steps, int batch,
            int inputSize, int hidden, float clip, boolean inputForget, boolean linearBeforeReset,
            List<RecurrentActivation> activations) {
        this.cell = cell;
        this.layout = layout;
        this.direction = direction;
        this.directions = directions;
        this.steps = steps;
        this.batch = batch;
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.clip = clip;
        this.inputForget = inputForget;
        this.linearBeforeReset = linearBeforeReset;
        this.activations = activations;
    }

    static RecurrentSpec parse(NodeContext n, List<Value> in, OnnxGateOrder cell) {
        int layout = (int) n.attrInt("layout", 0);
        if (layout != 0 && layout != 1) {
            throw n.fail("layout must be 0 or 1, got " + layout);
        }
        String direction = n.attrString("direction", "forward");
        int dirs = switch (direction) {
            case "forward", "reverse" -> 1;
            case "bidirectional" -> 2;
            default -> throw n.fail("direction must be forward, reverse or bidirectional, got '" + direction + "'");
        };
        Value x = n.input(in, 0);
        Value w = n.input(in, 1);
        Value r = n.input(in, 2);
        if (x.rank() != 3) {
            throw n.fail("X must be rank 3 (" + (layout == 0 ? "[seq, batch, input]" : "[batch, seq, input]")
                    + "), got " + x);
        }
        int steps = layout == 0 ? x.dim(0) : x.dim(1);
        int batch = layout == 0 ? x.dim(1) : x.dim(0);
        int inputSize = x.dim(2);
        int g = cell.gates();
        if (w.rank() != 3 || w.dim(0) != dirs || w.dim(1) % g != 0 || w.dim(2) != inputSize) {
            throw n.fail("W must be [" + dirs + ", " + g + "*hidden, " + inputSize + "], got " + w);
        }
        int hidden = w.dim(1) / g;
        if (n.has("hidden_size") && n.attrInt("hidden_size", 0) != hidden) {
            throw n.fail("hidden_size " + n.attrInt("hidden_size", 0) + " does not match W " + w);
        }
        expect(n, r, "R", dirs, g * hidden, hidden);
        Value b = NodeContext.optional(in, 3);
        if (b != null) {
            expect(n, b, "B", dirs, 2 * g * hidden);
        }
        Value lens = NodeContext.optional(in, 4);
        if (lens != null) {
            expect(n, lens, "sequence_lens", batch);
        }
        for (int i = 5; i <= (cell == OnnxGateOrder.LSTM ? 6 : 5); i++) {
            Value s = NodeContext.optional(in, i);
            if (s != null) {
                String name = i == 5 ? "initial_h" : "initial_c";
                if (layout == 0) {
                    expect(n, s, name, dirs, batch, hidden);
                } else {
                    expect(n, s, name, batch, dirs, hidden);
                }
            }
        }
        Value p = cell == OnnxGateOrder.LSTM ? NodeContext.optional(in, 7) : null;
        if (p != null) {
            expect(n, p, "P", dirs, 3 * hidden);
        }
        float clip = n.has("clip") ? n.attrFloat("clip", Float.POSITIVE_INFINITY) : Float.POSITIVE_INFINITY;
        if (!(clip > 0)) {
            throw n.fail("clip must be > 0, got " + clip);
        }
        long inputForget = n.attrInt("input_forget", 0);
        long lbr = n.attrInt("linear_before_reset", 0);
        return new RecurrentSpec(cell, layout, direction, dirs, steps, batch, inputSize, hidden, clip,
                inputForget != 0, lbr != 0, activations(n, cell, dirs));
    }

    private static List<RecurrentActivation> activations(NodeContext n, OnnxGateOrder cell, int dirs) {
        List<String> names = n.attrStrings("activations");
        int per = cell.defaultActivations().size();
        List<String> all = new ArrayList<>();
        if (names == null || names.isEmpty()) {
            for (int d = 0; d < dirs; d++) {
                all.addAll(cell.defaultActivations());
            }
        } else if (names.size() == per * dirs) {
            all.addAll(names);
        } else if (names.size() == per) {
            for (int d = 0; d < dirs; d++) {
                all.addAll(names);
            }
        } else {
            throw n.fail("activations " + names + " must list " + per + " functions per direction ("
                    + per * dirs + " in all)");
        }
        RecurrentActivation.Params params = new RecurrentActivation.Params(n.attrFloats("activation_alpha"),
                n.attrFloats("activation_beta"));
        List<RecurrentActivation> res = new ArrayList<>();
        for (String name : all) {
            RecurrentActivation a = RecurrentActivation.parse(name, params);
            if (a == null) {
                throw n.fail("activation '" + name + "' is not an ONNX recurrent activation; supported: "
                        + RecurrentActivation.SUPPORTED);
            }
            res.add(a);
        }
        return res;
    }

    private static void expect(NodeContext n, Value v, String name, int... dims) {
        if (!Arrays.equals(v.shape(), dims)) {
            throw n.fail(name + " must have shape " + Arrays.toString(dims) + ", got " + Arrays.toString(v.shape()));
        }
    }

    /** The cell kind, with its ONNX gate order. */
    OnnxGateOrder cell() {
        return cell;
    }

    int layout() {
        return layout;
    }

    int directions() {
        return directions;
    }

    int steps() {
        return steps;
    }

    int batch() {
        return batch;
    }

    int inputSize() {
        return inputSize;
    }

    int hidden() {
        return hidden;
    }

    boolean inputForget() {
        return inputForget;
    }

    boolean linearBeforeReset() {
        return linearBeforeReset;
    }

    /** Whether direction {@code d} runs last step first. */
    boolean isReverse(int d) {
        return "reverse".equals(direction) || d == 1;
    }

    /** The pre-activation clipped to {@code [-clip, clip]} (no-op without a clip attribute). */
    float clip(float v) {
        return v > clip ? clip : v < -clip ? -clip : v;
    }

    /** First activation of direction {@code d} (the gates). */
    RecurrentActivation f(int d) {
        return activations.get(d * cell.defaultActivations().size());
    }

    /** Second activation (LSTM cell input, GRU candidate). */
    RecurrentActivation g(int d) {
        return activations.get(d * cell.defaultActivations().size() + 1);
    }

    /** Third activation (LSTM output). */
    RecurrentActivation h(int d) {
        return activations.get(d * cell.defaultActivations().size() + 2);
    }
}
