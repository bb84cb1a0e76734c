package dev.engram.io.onnx.internal;

import dev.engram.activations.Activation;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.Layers;
import dev.engram.layers.LstmConfig;
import dev.engram.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An ONNX LSTM node read as an engine {@link LstmConfig} plus weights, or refused with the reason
 * (bidirectional, peepholes, clip, input_forget, sequence_lens, non-zero initial state, differing
 * cell/output activations, activations the engine lacks, non-constant weights).
 *
 * @param config  the layer (returnSequences decided by the caller)
 * @param weights engine weights by parameter name
 * @param layout  the node's layout attribute
 */
record LstmPattern(LstmConfig config, Map<String, Tensor> weights, int layout) {

    static LstmPattern read(NodeContext n, Function<String, Value> constant, Predicate<String> isZero,
            Function<String, UnsupportedOnnxException> refuse) throws UnsupportedOnnxException {
        List<String> in = n.node().getInputList();
        String direction = n.attrString("direction", "forward");
        if (direction.equals("bidirectional")) {
            throw refuse.apply(n.describe() + ": bidirectional LSTM has no single engine layer (the engine has no "
                    + "Bidirectional wrapper yet)");
        }
        if (n.has("clip") || n.attrInt("input_forget", 0) != 0) {
            throw refuse.apply(n.describe() + ": clip and input_forget have no engine equivalent");
        }
        if (present(in, 4) || present(in, 7)) {
            throw refuse.apply(n.describe() + ": sequence_lens and peepholes (P) have no engine equivalent");
        }
        for (int i = 5; i <= 6; i++) {
            if (present(in, i) && !isZero.test(in.get(i))) {
                throw refuse.apply(n.describe() + ": " + (i == 5 ? "initial_h" : "initial_c")
                        + " is not provably zero; engine LSTMs start from a zero state");
            }
        }
        Value w = constant.apply(in.get(1));
        Value r = constant.apply(in.get(2));
        Value b = present(in, 3) ? constant.apply(in.get(3)) : null;
        if (w == null || r == null || present(in, 3) && b == null) {
            throw refuse.apply(n.describe() + ": W, R and B must be constants (initializers)");
        }
        int h = w.dim(1) / 4;
        int features = w.dim(2);
        RecurrentSpec spec;
        try {
            spec = RecurrentSpec.parse(n, List.of(Value.ofFloats(new int[] {1, 1, features}, new float[features]), w, r),
                    RecurrentSpec.Cell.LSTM);
        } catch (RuntimeException e) {
            throw refuse.apply(e.getMessage());
        }
        Activation f = LayerImport.recurrentActivation(spec.f(0));
        Activation g = LayerImport.recurrentActivation(spec.g(0));
        Activation hAct = LayerImport.recurrentActivation(spec.h(0));
        if (f == null || g == null || !g.equals(hAct)) {
            throw refuse.apply(n.describe() + ": activations " + spec.f(0).name() + ", " + spec.g(0).name() + ", "
                    + spec.h(0).name() + " do not map: the engine needs one cell/output activation (g = h) and "
                    + "engine forms of each");
        }
        LstmConfig c = Layers.lstm(h).withRecurrentActivation(f).withActivation(g).withUseBias(b != null)
                .withGoBackwards(direction.equals("reverse"));
        Map<String, Tensor> weights = new HashMap<>();
        weights.put("kernel", LayerImport.lstmMatrix(w.floats(), h, features));
        weights.put("recurrentKernel", LayerImport.lstmMatrix(r.floats(), h, h));
        if (b != null) {
            weights.put("bias", LayerImport.lstmBias(b.floats(), h));
        }
        return new LstmPattern(c, weights, (int) n.attrInt("layout", 0));
    }

    private static boolean present(List<String> in, int i) {
        return i < in.size() && !in.get(i).isEmpty();
    }
}
