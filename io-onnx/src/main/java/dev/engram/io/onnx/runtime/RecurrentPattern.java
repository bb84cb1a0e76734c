package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.codec.OnnxGateOrder;
import dev.engram.activations.Activation;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.GruConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.SimpleRnnConfig;
import dev.engram.layers.LstmConfig;
import dev.engram.layers.RecurrentLayerConfig;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An ONNX LSTM, GRU or RNN node read as an engine recurrent layer configuration plus weights per
 * direction (forward, then backward for {@code bidirectional}), or refused with the reason
 * (peepholes, clip, input_forget, sequence_lens, non-zero initial state, activations the engine
 * lacks or that differ between directions, non-constant weights). The inverse of the
 * exporter (export.RecurrentExport): gates i,o,f,c to the engine's i,f,c,o (GRU z,r,h and RNN unchanged),
 * {@code W [G·H, in]} to {@code kernel [in, G·H]}; bias {@code Wb + Rb}, except a GRU with
 * {@code linear_before_reset = 1}, which becomes resetAfter with bias rows {@code [Wb; Rb]}.
 *
 * @param config     the layer, one direction, goBackwards for {@code reverse} (returnSequences decided by the caller)
 * @param weights    per direction: kernel, recurrentKernel and (if present) bias, in the engine's parameter order
 * @param layout     the node's layout attribute
 * @param op         LSTM, GRU or RNN
 */
public record RecurrentPattern(RecurrentLayerConfig config, List<List<Tensor>> weights, int layout, String op) {

    /** True for a bidirectional node. */
    public boolean bidirectional() {
        return weights.size() == 2;
    }

    public static RecurrentPattern read(NodeContext n, Function<String, Value> constant, Predicate<String> isZero,
            Function<String, UnsupportedOnnxException> refuse) throws UnsupportedOnnxException {
        List<String> in = n.node().getInputList();
        String op = n.opType();
        OnnxGateOrder cell = OnnxGateOrder.of(op);
        int gates = cell.gates();
        String direction = n.attrString("direction", "forward");
        if (n.has("clip") || n.attrInt("input_forget", 0) != 0) {
            throw refuse.apply(n.describe() + ": clip and input_forget have no engine equivalent");
        }
        if (present(in, 4) || op.equals("LSTM") && present(in, 7)) {
            throw refuse.apply(n.describe() + ": sequence_lens and peepholes (P) have no engine equivalent");
        }
        for (int i = 5; i <= (op.equals("LSTM") ? 6 : 5); i++) {
            if (present(in, i) && !isZero.test(in.get(i))) {
                throw refuse.apply(n.describe() + ": " + (i == 5 ? "initial_h" : "initial_c")
                        + " is not provably zero; engine recurrent layers in a chain start from a zero state");
            }
        }
        Value w = constant.apply(in.get(1));
        Value r = constant.apply(in.get(2));
        Value b = present(in, 3) ? constant.apply(in.get(3)) : null;
        if (w == null || r == null || present(in, 3) && b == null) {
            throw refuse.apply(n.describe() + ": W, R and B must be constants (initializers)");
        }
        int dirs = w.dim(0);
        int h = w.dim(1) / gates;
        int features = w.dim(2);
        RecurrentSpec spec;
        try {
            spec = RecurrentSpec.parse(n, List.of(Value.ofFloats(new int[] {1, 1, features}, new float[features]), w, r),
                    cell);
        } catch (RuntimeException e) {
            throw refuse.apply(e.getMessage());
        }
        List<Activation> acts = null;
        for (int d = 0; d < dirs; d++) {
            List<Activation> a = new ArrayList<>();
            a.add(spec.f(d).toEngine());
            if (gates > 1) {
                a.add(spec.g(d).toEngine());
            }
            if (gates == 4) {
                a.add(spec.h(d).toEngine());
            }
            if (a.contains(null) || gates == 4 && !a.get(1).equals(a.get(2))) {
                throw refuse.apply(n.describe() + ": activations do not map: the engine needs engine forms of each"
                        + (gates == 4 ? " and one LSTM cell/output activation (g = h)" : ""));
            }
            if (acts != null && !acts.equals(a)) {
                throw refuse.apply(n.describe() + ": the two directions use different activations " + acts + " and "
                        + a + "; an engine Bidirectional layer runs one configuration both ways");
            }
            acts = a;
        }
        boolean resetAfter = op.equals("GRU") && n.attrInt("linear_before_reset", 0) != 0;
        RecurrentLayerConfig c = switch (op) {
            case "LSTM" -> Layers.lstm(h).withRecurrentActivation(acts.get(0)).withActivation(acts.get(1))
                    .withUseBias(b != null);
            case "GRU" -> Layers.gru(h).withRecurrentActivation(acts.get(0)).withActivation(acts.get(1))
                    .withResetAfter(resetAfter).withUseBias(b != null);
            default -> Layers.simpleRnn(h).withActivation(acts.get(0)).withUseBias(b != null);
        };
        c = c.withGoBackwards(direction.equals("reverse"));
        List<List<Tensor>> weights = new ArrayList<>();
        int gh = gates * h;
        for (int d = 0; d < dirs; d++) {
            List<Tensor> dw = new ArrayList<>();
            // ONNX parity: gate rows in ONNX order to engine gate columns (OnnxGateOrder).
            dw.add(Tensor.wrap(Shape.of(features, gh), cell.toEngineColumns(w.floats(), d * gh * features, features, h)));
            dw.add(Tensor.wrap(Shape.of(h, gh), cell.toEngineColumns(r.floats(), d * gh * h, h, h)));
            if (b != null) {
                float[] bias = new float[resetAfter ? 2 * gh : gh];
                float[] bd = b.floats();
                int off = d * 2 * gh;
                for (int k = 0; k < gates; k++) {
                    for (int j = 0; j < h; j++) {
                        float wb = bd[off + k * h + j];
                        float rb = bd[off + gh + k * h + j];
                        if (resetAfter) {
                            bias[cell.engineBlock(k) * h + j] = wb;
                            bias[gh + cell.engineBlock(k) * h + j] = rb;
                        } else {
                            bias[cell.engineBlock(k) * h + j] = wb + rb;
                        }
                    }
                }
                dw.add(Tensor.wrap(resetAfter ? Shape.of(2, gh) : Shape.of(gh), bias));
            }
            weights.add(dw);
        }
        return new RecurrentPattern(c, weights, (int) n.attrInt("layout", 0), op);
    }

    private static boolean present(List<String> in, int i) {
        return i < in.size() && !in.get(i).isEmpty();
    }
}
