package dev.engram.io.onnx;

import static dev.engram.layers.BidirectionalMergeMode.AVE;
import static dev.engram.layers.BidirectionalMergeMode.CONCAT;
import static dev.engram.layers.BidirectionalMergeMode.MUL;
import static dev.engram.layers.BidirectionalMergeMode.NONE;
import static dev.engram.layers.BidirectionalMergeMode.SUM;

import dev.engram.activations.Activations;
import dev.engram.layers.BidirectionalMergeMode;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.Padding;
import dev.engram.layers.Parameter;
import dev.engram.models.Model;
import dev.engram.models.ModelBuilder;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.models.SymbolicTensor;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Architectures for every layer and option the exporter handles beyond Dense/LSTM ({@link TestModels}
 * has those): GRU (both cells), SimpleRNN, Bidirectional in every merge mode, returnState and initial
 * states, TimeDistributed, Embedding, Masking with an inert mask, RepeatVector, Flatten, Reshape,
 * Activation, Conv1D in every padding, pooling, normalisation, merges, and a functional two-input
 * two-output model with a shared layer. Weights as {@link TestModels} (positive moving variances).
 */
final class NetworkModels {
    /** Token ids of the embedding models are drawn from [0, VOCAB). */
    static final int VOCAB = 7;

    private NetworkModels() {
    }

    static Map<String, Supplier<Network>> all() {
        Map<String, Supplier<Network>> m = new LinkedHashMap<>();
        m.put("gru_last", () -> seq(Layers.gru(5).inputShape(4, 3), Layers.dense(2)));
        m.put("gru_reset_after_sequences", () -> seq(Layers.gru(4).withResetAfter(true).withReturnSequences(true)
                .inputShape(5, 3), Layers.timeDistributed(Layers.dense(2).withActivation(Activations.tanh()))));
        m.put("gru_go_backwards_sequences", () -> seq(Layers.gru(4).withGoBackwards(true).withReturnSequences(true)
                .withRecurrentActivation(Activations.sigmoid()).inputShape(5, 2), Layers.gru(3).withResetAfter(true)
                .withGoBackwards(true), Layers.dense(2)));
        m.put("gru_reset_after_no_bias_relu", () -> seq(Layers.gru(4).withResetAfter(true).withUseBias(false)
                .withActivation(Activations.relu()).inputShape(4, 2), Layers.dense(1)));
        m.put("simple_rnn_last", () -> seq(Layers.simpleRnn(5).inputShape(4, 3), Layers.dense(2)));
        m.put("simple_rnn_relu_backwards_sequences", () -> seq(Layers.simpleRnn(4).withActivation(Activations.relu())
                .withGoBackwards(true).withReturnSequences(true).inputShape(5, 2), Layers.simpleRnn(3), Layers.dense(2)));
        for (BidirectionalMergeMode mode : new BidirectionalMergeMode[] {CONCAT, SUM, MUL, AVE}) {
            String n = mode.name().toLowerCase();
            m.put("bilstm_" + n + "_sequences", () -> seq(Layers.bidirectional(Layers.lstm(4).withReturnSequences(true),
                    mode).inputShape(5, 3), Layers.dense(2)));
            m.put("bigru_" + n + "_last", () -> seq(Layers.bidirectional(Layers.gru(4).withResetAfter(true), mode)
                    .inputShape(5, 3), Layers.dense(2)));
            m.put("bigru_" + n + "_sequences", () -> seq(Layers.bidirectional(Layers.gru(3).withReturnSequences(true),
                    mode).inputShape(4, 2), Layers.dense(2)));
            m.put("bilstm_" + n + "_last", () -> seq(Layers.bidirectional(Layers.lstm(3), mode).inputShape(4, 2),
                    Layers.dense(2)));
        }
        m.put("birnn_concat_stacked", () -> seq(Layers.bidirectional(Layers.simpleRnn(3).withReturnSequences(true))
                .inputShape(4, 2), Layers.bidirectional(Layers.lstm(3)), Layers.dense(1)));
        m.put("bilstm_none_two_outputs", () -> functional(b -> {
            SymbolicTensor x = b.input("input", 5, 3);
            List<SymbolicTensor> o = b.applyAll(Layers.bidirectional(Layers.lstm(3).withReturnSequences(true), NONE), x);
            return List.of(List.of(x), o);
        }));
        m.put("bigru_none_return_state", () -> functional(b -> {
            SymbolicTensor x = b.input("input", 4, 2);
            return List.of(List.of(x), b.applyAll(Layers.bidirectional(Layers.gru(3).withReturnState(true), NONE), x));
        }));
        m.put("bilstm_concat_return_state", () -> functional(b -> {
            SymbolicTensor x = b.input("input", 4, 2);
            return List.of(List.of(x), b.applyAll(Layers.bidirectional(Layers.lstm(3).withReturnState(true)), x));
        }));
        m.put("lstm_gru_rnn_return_state", () -> functional(b -> {
            SymbolicTensor x = b.input("input", 5, 3);
            List<SymbolicTensor> l = b.applyAll(Layers.lstm(4).withReturnSequences(true).withReturnState(true), x);
            List<SymbolicTensor> gr = b.applyAll(Layers.gru(3).withGoBackwards(true).withReturnState(true), l.get(0));
            List<SymbolicTensor> r = b.applyAll(Layers.simpleRnn(2).withReturnState(true), l.get(0));
            List<SymbolicTensor> outs = new ArrayList<>(l.subList(1, 3));
            outs.addAll(gr);
            outs.addAll(r);
            return List.of(List.of(x), outs);
        }));
        m.put("seq2seq_initial_states", () -> functional(b -> {
            SymbolicTensor enc = b.input("encoder", 5, 3);
            SymbolicTensor dec = b.input("decoder", 4, 2);
            List<SymbolicTensor> e = b.applyAll(Layers.lstm(4).withReturnState(true), enc);
            SymbolicTensor d = b.apply(Layers.lstm(4).withReturnSequences(true), dec, e.get(1), e.get(2));
            List<SymbolicTensor> ge = b.applyAll(Layers.gru(3).withReturnState(true).withResetAfter(true), enc);
            SymbolicTensor gd = b.apply(Layers.gru(3).withResetAfter(true), dec, ge.get(1));
            return List.of(List.of(enc, dec), List.of(b.apply(Layers.timeDistributed(Layers.dense(2)), d), gd));
        }));
        m.put("embedding_lstm", () -> seq(Layers.embedding(VOCAB, 4).inputShape(6), Layers.lstm(3), Layers.dense(2)));
        m.put("embedding_mask_zero_inert", () -> seq(Layers.embedding(VOCAB, 4).withMaskZero(true).inputShape(5),
                Layers.timeDistributed(Layers.dense(3)), Layers.activation(Activations.tanh())));
        m.put("masking_inert", () -> seq(Layers.masking(0.0).inputShape(5, 3), Layers.dense(2), Layers.dropout(0.2)));
        m.put("repeat_vector_decoder", () -> seq(Layers.dense(4).withActivation(Activations.relu()).inputShape(3),
                Layers.repeatVector(5), Layers.lstm(3).withReturnSequences(true),
                Layers.timeDistributed(Layers.dense(2))));
        m.put("reshape_flatten_activation", () -> seq(Layers.dense(8).inputShape(3), Layers.reshape(4, 2),
                Layers.gru(3).withReturnSequences(true), Layers.flatten(), Layers.activation(Activations.softmax())));
        m.put("conv1d_valid_stride2_maxpool", () -> seq(Layers.conv1d(4, 3).withStrides(2).inputShape(9, 3),
                Layers.globalMaxPooling1d(), Layers.dense(2)));
        m.put("conv1d_same_dilation2_avgpool", () -> seq(Layers.conv1d(4, 3).withPadding(Padding.SAME)
                .withDilationRate(2).withActivation(Activations.relu()).inputShape(8, 2),
                Layers.globalAveragePooling1d(), Layers.dense(2)));
        m.put("conv1d_same_stride2_even_kernel", () -> seq(Layers.conv1d(3, 4).withPadding(Padding.SAME)
                .withStrides(2).inputShape(9, 2), Layers.conv1d(2, 2).withPadding(Padding.SAME).withUseBias(false),
                Layers.flatten(), Layers.dense(2)));
        m.put("conv1d_causal_dilation_lstm", () -> seq(Layers.conv1d(4, 2).withPadding(Padding.CAUSAL)
                .withDilationRate(2).withActivation(Activations.tanh()).inputShape(7, 3),
                Layers.conv1d(3, 3).withPadding(Padding.CAUSAL), Layers.lstm(3), Layers.dense(1)));
        m.put("layer_norm", () -> seq(Layers.dense(6).inputShape(4, 3), Layers.layerNormalization(),
                Layers.lstm(3).withReturnSequences(true), Layers.layerNormalization().withCenter(false).withScale(false),
                Layers.globalAveragePooling1d(), Layers.dense(5),
                Layers.layerNormalization().withEpsilon(0.01).withScale(false)));
        m.put("batch_norm", () -> seq(Layers.dense(5).inputShape(4), Layers.batchNormalization(),
                Layers.dense(4).withActivation(Activations.relu())));
        m.put("batch_norm_sequences", () -> seq(Layers.conv1d(4, 2).inputShape(6, 3), Layers.batchNormalization(),
                Layers.gru(3)));
        m.put("two_inputs_two_outputs_shared", () -> functional(b -> {
            SymbolicTensor a = b.input("left", 5, 3);
            SymbolicTensor c = b.input("right", 5, 3);
            var shared = b.layer(Layers.lstm(4).withReturnSequences(true));
            SymbolicTensor ha = b.apply(shared, a);
            SymbolicTensor hc = b.apply(shared, c);
            var pool = b.layer(Layers.globalAveragePooling1d());
            SymbolicTensor cat = b.apply(Layers.concatenate(), b.apply(pool, ha), b.apply(pool, hc));
            SymbolicTensor sum = b.apply(Layers.add(), ha, hc);
            SymbolicTensor prod = b.apply(Layers.multiply(), ha, hc, sum);
            SymbolicTensor avg = b.apply(Layers.average(), ha, hc, prod);
            SymbolicTensor seqCat = b.apply(Layers.concatenate(1), ha, avg);
            SymbolicTensor y1 = b.apply(Layers.dense(2).withActivation(Activations.softmax()), cat);
            SymbolicTensor y2 = b.apply(Layers.timeDistributed(Layers.dense(1)), seqCat);
            return List.of(List.of(a, c), List.of(y1, y2));
        }));
        return m;
    }

    /** Each layer's configuration without its name (the converter names layers itself), input layers left out. */
    static List<dev.engram.layers.LayerConfig<?>> configs(Network m) {
        return m.layers().stream().filter(l -> !l.getClass().getSimpleName().equals("InputLayer"))
                .<dev.engram.layers.LayerConfig<?>>map(l -> l.config().withIdentity(
                        new dev.engram.layers.LayerIdentity(null, null))).toList();
    }

    static Sequential seq(LayerConfig... layers) {
        Sequential s = new Sequential("model", 42);
        for (LayerConfig l : layers) {
            s.add(l);
        }
        deterministic(s);
        return s;
    }

    interface Body {
        List<List<SymbolicTensor>> build(ModelBuilder b);
    }

    static Model functional(Body body) {
        ModelBuilder b = new ModelBuilder("functional", 42);
        List<List<SymbolicTensor>> io = body.build(b);
        Model m = b.build(io.get(0), io.get(1));
        deterministic(m);
        return m;
    }

    /** Deterministic asymmetric weights; moving variances positive. */
    static void deterministic(Network n) {
        List<Tensor> weights = new ArrayList<>();
        int pi = 0;
        for (Parameter p : n.parameters()) {
            float[] d = new float[p.shape().size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) (0.45 * Math.sin(0.37 * i + 1.3 * pi + 0.1) + 0.15 * Math.cos(1.7 * i + pi));
                if (p.name().equals("movingVariance")) {
                    d[i] = Math.abs(d[i]) + 0.3f;
                }
            }
            weights.add(Tensor.wrap(p.shape(), d));
            pi++;
        }
        n.setWeights(weights);
    }

    /** Deterministic inputs of {@code batch} samples; integer ids (with some zeros) for Embedding models. */
    static List<Tensor> inputs(String name, Network n, int batch) {
        List<Tensor> xs = new ArrayList<>();
        int k = 0;
        for (Shape s : n.inputShapes()) {
            Shape in = s.prepend(batch);
            float[] d = new float[in.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = name.startsWith("embedding") ? (i * 5 + 3 * k) % VOCAB
                        : (float) (1.6 * Math.sin(0.61 * i + 0.3 + k) + 0.4 * Math.cos(2.3 * i));
            }
            if (name.startsWith("masking")) {
                for (int i = 0; i < d.length; i += 7 * in.dim(-1)) { // whole padded steps
                    java.util.Arrays.fill(d, i, Math.min(d.length, i + in.dim(-1)), 0f);
                }
            }
            xs.add(Tensor.wrap(in, d));
            k++;
        }
        return xs;
    }
}
