package dev.engram.io.onnx;

import dev.engram.activations.Activations;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Layers;
import dev.engram.models.Sequential;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Engine models covering every exportable layer option, with deterministic asymmetric weights
 * (different per gate, unit and input: sin/cos of an index ramp), and matching inputs.
 */
final class TestModels {
    private TestModels() {
    }

    /** Named model factories. */
    static Map<String, Supplier<Sequential>> all() {
        Map<String, Supplier<Sequential>> m = new LinkedHashMap<>();
        m.put("lstm_hard_sigmoid_last", () -> model(Layers.lstm(6).inputShape(4, 3), Layers.dense(2)));
        m.put("lstm_sigmoid_sequences_softmax", () -> model(
                Layers.lstm(5).withRecurrentActivation(Activations.sigmoid()).withReturnSequences(true).inputShape(5, 2),
                Layers.dense(3).withActivation(Activations.softmax())));
        m.put("lstm_go_backwards_last", () -> model(Layers.lstm(4).withGoBackwards(true).inputShape(6, 3),
                Layers.dense(1)));
        m.put("lstm_go_backwards_sequences", () -> model(
                Layers.lstm(4).withGoBackwards(true).withReturnSequences(true).inputShape(5, 3),
                Layers.dense(2).withActivation(Activations.tanh())));
        m.put("lstm_no_bias_stacked", () -> model(
                Layers.lstm(5).withUseBias(false).withReturnSequences(true).inputShape(4, 2),
                Layers.lstm(3).withUseBias(false), Layers.dense(1).withUseBias(false)));
        m.put("lstm_stacked_dropout_mixed", () -> model(
                Layers.lstm(8).withReturnSequences(true).inputShape(5, 3), Layers.dropout(0.3),
                Layers.lstm(4).withGoBackwards(true).withReturnSequences(true)
                        .withRecurrentActivation(Activations.sigmoid()),
                Layers.lstm(3), Layers.dense(2)));
        m.put("lstm_keras3_hard_sigmoid_elu", () -> model(
                Layers.lstm(5).withRecurrentActivation(Activations.hardSigmoid(1.0 / 6, 0.5))
                        .withActivation(Activations.elu(0.7)).inputShape(3, 4),
                Layers.dense(2)));
        m.put("lstm_relu_softsign_linear", () -> model(
                Layers.lstm(4).withActivation(Activations.relu()).withRecurrentActivation(Activations.softsign())
                        .withReturnSequences(true).inputShape(4, 2),
                Layers.lstm(3).withActivation(Activations.linear()).withRecurrentActivation(Activations.sigmoid()),
                Layers.dense(2)));
        m.put("dense_activations", () -> model(
                Layers.dense(8).withActivation(Activations.relu()).inputShape(5),
                Layers.dense(8).withActivation(Activations.elu()),
                Layers.dense(8).withActivation(Activations.selu()),
                Layers.dense(8).withActivation(Activations.softplus()),
                Layers.dense(8).withActivation(Activations.softsign()),
                Layers.dense(8).withActivation(Activations.hardSigmoid()),
                Layers.dense(6).withActivation(Activations.relu6()),
                Layers.dense(6).withActivation(Activations.swish()),
                Layers.dense(6).withActivation(Activations.gelu()),
                Layers.dense(6).withActivation(Activations.gelu(true)),
                Layers.dense(4).withActivation(Activations.sigmoid()),
                Layers.dense(3).withActivation(Activations.softmax())));
        m.put("dense_keras3_activations", () -> model(
                Layers.dense(6).withActivation(Activations.mish()).inputShape(5),
                Layers.dense(6).withActivation(Activations.logSigmoid()),
                Layers.dense(6).withActivation(Activations.hardSilu()),
                Layers.dense(6).withActivation(Activations.leakyRelu()),
                Layers.dense(6).withActivation(Activations.celu()),
                Layers.dense(6).withActivation(Activations.hardTanh()),
                Layers.dense(6).withActivation(Activations.tanhShrink()),
                Layers.dense(6).withActivation(Activations.hardShrink()),
                Layers.dense(6).withActivation(Activations.softShrink()),
                Layers.dense(6).withActivation(Activations.squareplus()),
                Layers.dense(6).withActivation(Activations.sparsePlus()),
                Layers.dense(6).withActivation(Activations.sparseSigmoid()),
                Layers.dense(4).withActivation(Activations.exponential()),
                Layers.dense(3).withActivation(Activations.logSoftmax())));
        m.put("dense_on_sequences", () -> model(
                Layers.dense(4).withActivation(Activations.tanh()).inputShape(3, 5),
                Layers.lstm(3).withReturnSequences(true), Layers.dense(2)));
        return m;
    }

    static Sequential model(LayerConfig... layers) {
        Sequential s = new Sequential("model", 42);
        for (LayerConfig l : layers) {
            s.add(l);
        }
        List<Tensor> weights = new ArrayList<>();
        int pi = 0;
        for (Tensor w : s.getWeights()) {
            float[] d = new float[w.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) (0.45 * Math.sin(0.37 * i + 1.3 * pi + 0.1) + 0.15 * Math.cos(1.7 * i + pi));
            }
            weights.add(Tensor.wrap(w.shape(), d));
            pi++;
        }
        s.setWeights(weights);
        return s;
    }

    /** A deterministic input of {@code batch} samples for the model. */
    static Tensor input(Sequential s, int batch) {
        Shape in = s.inputShape().prepend(batch);
        float[] d = new float[in.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (1.6 * Math.sin(0.61 * i + 0.3) + 0.4 * Math.cos(2.3 * i));
        }
        return Tensor.wrap(in, d);
    }
}
