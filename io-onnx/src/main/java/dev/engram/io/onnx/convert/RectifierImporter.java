package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.io.onnx.runtime.RecurrentActivation;
import dev.engram.layers.Layers;
import dev.engram.layers.WeightRole;
import java.util.List;
import java.util.Map;

/**
 * The rectifiers with parameters ONNX has as ops of their own, on a vector {@code [batch, H]} or a
 * batch-major sequence {@code [batch, T, C]}: {@code LeakyRelu(alpha)} as a LeakyReLU layer,
 * {@code ThresholdedRelu(alpha)} as a ThresholdedReLU layer, and {@code PRelu} with a constant slope as
 * a PReLU layer whose alpha is the slope (its size-1 axes, or those it lacks, become shared axes). Their
 * plain forms (Relu, Elu, Softmax) are activations ({@link DenseImporter}).
 */
final class RectifierImporter extends OnnxNodeImporter {
    RectifierImporter(ConversionGraph graph, LayerChain chain) {
        super(graph, chain, "LeakyRelu, ThresholdedRelu and PRelu (constant slope) on a vector or batch-major sequence",
                List.of("LeakyRelu", "ThresholdedRelu", "PRelu"));
    }

    @Override
    void apply(NodeContext n) throws UnsupportedOnnxException {
        Form form = chain.form;
        if (form != Form.VEC && form != Form.BATCH_SEQ || chain.inputOrderReverse) {
            throw graph.refuse(n.describe() + ": " + n.opType() + " maps to a layer only on a vector [batch, H] or a "
                    + "batch-major sequence [batch, T, C] in time order");
        }
        switch (n.opType()) {
            case "LeakyRelu" -> chain.add(Layers.leakyRelu().withAlpha(RecurrentActivation.decimal(
                    n.attrFloat("alpha", 0.01f))), Map.of(), "");
            case "ThresholdedRelu" -> chain.add(Layers.thresholdedRelu().withTheta(RecurrentActivation.decimal(
                    n.attrFloat("alpha", 1f))), Map.of(), "");
            default -> prelu(n, form == Form.VEC ? 1 : 2);
        }
        chain.lstmIndex = -1;
        chain.moveTo(n, form);
    }

    /** PRelu: the slope, right-aligned to the per-sample rank, is the alpha; its size-1 axes are shared. */
    private void prelu(NodeContext n, int sampleRank) throws UnsupportedOnnxException {
        Value slope = graph.constValue(n.node().getInput(1));
        if (slope == null) {
            throw graph.refuse(n.describe() + ": PRelu maps to a PReLU layer only with a constant slope");
        }
        int[] s = slope.shape();
        int lead = s.length - sampleRank;
        for (int i = 0; i < lead; i++) {
            if (s[i] != 1) {
                throw graph.refuse(n.describe() + ": the PRelu slope " + slope + " has a batch axis of its own");
            }
        }
        int[] alpha = new int[sampleRank];
        List<Integer> shared = new java.util.ArrayList<>();
        for (int a = 0; a < sampleRank; a++) {
            int k = a + lead;
            alpha[a] = k >= 0 ? s[k] : 1;
            if (alpha[a] == 1) {
                shared.add(a + 1);
            }
        }
        var config = Layers.prelu().withSharedAxes(shared.stream().mapToInt(Integer::intValue).toArray());
        chain.add(config, Map.of(WeightKey.of(WeightRole.ALPHA), slope.reshape(alpha).tensor()),
                LayerChain.weightKey(n, graph));
    }
}
