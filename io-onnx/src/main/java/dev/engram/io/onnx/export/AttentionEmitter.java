package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.AdditiveAttentionConfig;
import dev.engram.layers.AttentionConfig;
import dev.engram.layers.AttentionScoreMode;
import dev.engram.layers.Layer;
import dev.engram.layers.WeightRole;
import dev.engram.layers.LayerConfig;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;

/**
 * Attention and AdditiveAttention. Scores: dot = {@code MatMul(q, Transpose(k))} (times the scale);
 * concat/additive = {@code ReduceSum(w * Tanh(s * (Unsqueeze(q, 2) + Unsqueeze(k, 1))), -1)}. A causal
 * layer adds a constant {@code [Tq, Tv]} bias of -1e9 above the diagonal (Keras subtracts 1e9 there),
 * which needs step counts known at build. Then {@code Softmax} over the last axis and
 * {@code MatMul} with the value; the weights are the second output when returned. Masked inputs are
 * refused: the mask is not exported.
 *
 * @param <C> AttentionConfig or AdditiveAttentionConfig
 */
final class AttentionEmitter<C extends LayerConfig> implements OnnxLayerEmitter<C> {
    static final AttentionEmitter<AttentionConfig> ATTENTION = new AttentionEmitter<>(AttentionConfig.class,
            "Attention");
    static final AttentionEmitter<AdditiveAttentionConfig> ADDITIVE = new AttentionEmitter<>(
            AdditiveAttentionConfig.class, "AdditiveAttention");

    private final Class<C> type;
    private final String name;

    private AttentionEmitter(Class<C> type, String name) {
        this.type = type;
        this.name = name;
    }

    @Override
    public Class<C> configType() {
        return type;
    }

    @Override
    public String exportedAs() {
        return name + " (unmasked)";
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, C config, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        String n = layer.name();
        for (ExportValue in : ins) {
            if (in.maskSource() != null) {
                throw new UnsupportedOnnxException("layer '" + n + "' (" + layer.typeName() + ") reads the time-step mask"
                        + " made by '" + in.maskSource() + "'; attention masks are not exported (refused)");
            }
        }
        String q = ins.get(0).name();
        String v = ins.get(1).name();
        String k = ins.size() > 2 ? ins.get(2).name() : v;
        Tensor scale = ExportWeights.find(layer, WeightRole.SCALE);
        boolean causal;
        boolean scores;
        String s;
        if (config instanceof AttentionConfig a && a.scoreMode() == AttentionScoreMode.DOT) {
            causal = a.useCausalMask();
            scores = a.returnAttentionScores();
            s = g.node("MatMul", n + "_scores", List.of(q, g.transpose(k, n + "_keys_t", 0, 2, 1)));
            if (scale != null) {
                s = g.node("Mul", n + "_scaled", List.of(s, g.scalar(n + "_scale", scale.buffer()[0])));
            }
        } else {
            String sum = g.node("Add", n + "_sum", List.of(g.unsqueeze(q, 2), g.unsqueeze(k, 1)));
            String t;
            String r;
            if (config instanceof AttentionConfig a) {
                causal = a.useCausalMask();
                scores = a.returnAttentionScores();
                t = g.node("Tanh", n + "_tanh", List.of(scale == null ? sum : g.node("Mul", n + "_scaled",
                        List.of(sum, g.scalar(n + "_scale", scale.buffer()[0])))));
                r = g.reduce("ReduceSum", t, n + "_reduced", false, -1L);
                s = g.node("Mul", n + "_scores", List.of(r, g.scalar(n + "_concat_weight",
                        ExportWeights.find(layer, WeightRole.CONCAT_SCORE_WEIGHT).buffer()[0])));
            } else {
                AdditiveAttentionConfig a = (AdditiveAttentionConfig) config;
                causal = a.useCausalMask();
                scores = a.returnAttentionScores();
                t = g.node("Tanh", n + "_tanh", List.of(sum));
                if (scale != null) {
                    t = g.node("Mul", n + "_weighted", List.of(t, ExportWeights.initializer(g, n + "_scale", scale)));
                }
                s = g.reduce("ReduceSum", t, n + "_scores", false, -1L);
            }
        }
        if (causal) {
            int tq = layer.inputShapes().get(0).dim(0);
            int tv = layer.inputShapes().get(1).dim(0);
            if (tq == Shape.UNKNOWN || tv == Shape.UNKNOWN) {
                throw new UnsupportedOnnxException("layer '" + n + "' (" + layer.typeName() + ") is causal with step "
                        + "counts unknown at build; export it with fixed query and value lengths");
            }
            float[] bias = new float[tq * tv];
            for (int i = 0; i < tq; i++) {
                for (int j = i + 1; j < tv; j++) {
                    bias[i * tv + j] = -1e9f; // Keras parity: scores - 1e9 where j > i
                }
            }
            s = g.node("Add", n + "_causal", List.of(s, g.floats(n + "_causal_bias", new int[] {tq, tv}, bias)));
        }
        String p = g.node("Softmax", n + "_weights", List.of(s), GraphBuilder.attr("axis", -1L));
        String out = g.node("MatMul", n + "_attended", List.of(p, v));
        return scores ? List.of(new ExportValue(out, 3, null), new ExportValue(p, 3, null))
                : List.of(new ExportValue(out, 3, null));
    }
}
