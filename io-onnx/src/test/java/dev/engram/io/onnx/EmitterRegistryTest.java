package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.activations.Activations;
import dev.engram.io.onnx.export.OnnxEmitters;
import dev.engram.io.onnx.export.OnnxLayerEmitter;
import dev.engram.layers.ActivationLayerConfig;
import dev.engram.layers.BatchNormalizationConfig;
import dev.engram.layers.BidirectionalConfig;
import dev.engram.layers.Conv1DConfig;
import dev.engram.layers.Conv1DTransposeConfig;
import dev.engram.layers.Conv2DConfig;
import dev.engram.layers.Conv2DTransposeConfig;
import dev.engram.layers.DataFormat;
import dev.engram.layers.DenseConfig;
import dev.engram.layers.DepthwiseConv2DConfig;
import dev.engram.layers.DropoutConfig;
import dev.engram.layers.EmbeddingConfig;
import dev.engram.layers.FlattenConfig;
import dev.engram.layers.GlobalPooling1DConfig;
import dev.engram.layers.GruConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerNormalizationConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.LstmConfig;
import dev.engram.layers.MaskingConfig;
import dev.engram.layers.MergeConfig;
import dev.engram.layers.Padding;
import dev.engram.layers.RepeatVectorConfig;
import dev.engram.layers.ReshapeConfig;
import dev.engram.layers.SeparableConv2DConfig;
import dev.engram.layers.SimpleRnnConfig;
import dev.engram.layers.TimeDistributedConfig;
import dev.engram.models.Network;
import dev.engram.models.SymbolicTensor;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Driven by the exporter's registry: every registered {@link OnnxLayerEmitter} exports a small
 * model holding its layer, and ONNX Runtime and Engram's own ONNX runtime both reproduce the
 * engine's predictions (rtol 1e-5, atol 1e-6). A new emitter without a sample model here fails.
 */
class EmitterRegistryTest {
    private static final Agreement ORT = new Agreement();
    private static final Agreement RUNTIME = new Agreement();

    /** One small model per config type; the key is also the input recipe's name (embedding ids, masked steps). */
    private static Map<Class<?>, Map.Entry<String, Supplier<Network>>> samples() {
        Map<Class<?>, Map.Entry<String, Supplier<Network>>> m = new LinkedHashMap<>();
        m.put(DenseConfig.class, Map.entry("dense", () -> NetworkModels.seq(
                Layers.dense(3).withActivation(Activations.tanh()).inputShape(4))));
        m.put(LstmConfig.class, Map.entry("lstm", () -> NetworkModels.seq(Layers.lstm(3).inputShape(4, 2))));
        m.put(GruConfig.class, Map.entry("gru", () -> NetworkModels.seq(
                Layers.gru(3).withResetAfter(true).withReturnSequences(true).inputShape(4, 2))));
        m.put(SimpleRnnConfig.class, Map.entry("simple_rnn", () -> NetworkModels.seq(
                Layers.simpleRnn(3).withGoBackwards(true).inputShape(4, 2))));
        m.put(BidirectionalConfig.class, Map.entry("bidirectional", () -> NetworkModels.seq(
                Layers.bidirectional(Layers.lstm(3).withReturnSequences(true)).inputShape(4, 2))));
        m.put(TimeDistributedConfig.class, Map.entry("time_distributed", () -> NetworkModels.seq(
                Layers.timeDistributed(Layers.dense(2)).inputShape(4, 3))));
        m.put(DropoutConfig.class, Map.entry("dropout", () -> NetworkModels.seq(Layers.dense(3).inputShape(4),
                Layers.dropout(0.5))));
        m.put(EmbeddingConfig.class, Map.entry("embedding", () -> NetworkModels.seq(
                Layers.embedding(NetworkModels.VOCAB, 3).inputShape(5))));
        m.put(MaskingConfig.class, Map.entry("masking", () -> NetworkModels.seq(Layers.masking(0).inputShape(5, 3))));
        m.put(RepeatVectorConfig.class, Map.entry("repeat_vector", () -> NetworkModels.seq(
                Layers.repeatVector(3).inputShape(4))));
        m.put(FlattenConfig.class, Map.entry("flatten", () -> NetworkModels.seq(Layers.flatten().inputShape(3, 2))));
        m.put(ReshapeConfig.class, Map.entry("reshape", () -> NetworkModels.seq(Layers.reshape(3, 2).inputShape(6))));
        m.put(ActivationLayerConfig.class, Map.entry("activation", () -> NetworkModels.seq(
                Layers.activation(Activations.softmax()).inputShape(4))));
        m.put(Conv1DConfig.class, Map.entry("conv1d", () -> NetworkModels.seq(Layers.conv1d(4, 2).inputShape(5, 2),
                Layers.conv1d(6, 3).withGroups(2).withPadding(Padding.CAUSAL).withDilationRate(2),
                Layers.conv1d(4, 2).withStrides(2).withPadding(Padding.SAME).withDataFormat(DataFormat.CHANNELS_FIRST),
                Layers.conv1d(4, 2).withGroups(2).withPadding(Padding.CAUSAL).withActivation(Activations.tanh())
                        .withDataFormat(DataFormat.CHANNELS_FIRST))));
        m.put(dev.engram.layers.DepthwiseConv1DConfig.class, Map.entry("depthwise_conv1d", () -> NetworkModels.seq(
                Layers.depthwiseConv1d(3).withDepthMultiplier(2).withStrides(2).withPadding(Padding.SAME)
                        .withActivation(Activations.relu()).inputShape(9, 3),
                Layers.depthwiseConv1d(2).withDilationRate(2).withUseBias(false),
                Layers.depthwiseConv1d(2).withDepthMultiplier(2).withDataFormat(DataFormat.CHANNELS_FIRST))));
        m.put(dev.engram.layers.SeparableConv1DConfig.class, Map.entry("separable_conv1d", () -> NetworkModels.seq(
                Layers.separableConv1d(4, 3).withDepthMultiplier(2).withStrides(2).withPadding(Padding.SAME)
                        .withActivation(Activations.relu()).inputShape(9, 3),
                Layers.separableConv1d(3, 2).withDilationRate(2).withUseBias(false),
                Layers.separableConv1d(2, 2).withPadding(Padding.SAME).withDataFormat(DataFormat.CHANNELS_FIRST))));
        m.put(Conv1DTransposeConfig.class, Map.entry("conv1d_transpose", () -> NetworkModels.seq(
                Layers.conv1dTranspose(3, 3).withStrides(2).withPadding(Padding.SAME).withOutputPadding(1)
                        .withActivation(Activations.relu()).inputShape(5, 2),
                Layers.conv1dTranspose(2, 2).withStrides(3).withDataFormat(DataFormat.CHANNELS_FIRST),
                Layers.conv1dTranspose(2, 3).withDilationRate(2).withUseBias(false))));
        m.put(Conv2DConfig.class, Map.entry("conv2d", () -> NetworkModels.seq(
                Layers.conv2d(4, 3, 2).withStrides(2, 1).withPadding(Padding.SAME).withActivation(Activations.relu())
                        .inputShape(7, 6, 2),
                Layers.conv2d(3, 2).withDilationRate(1, 2).withUseBias(false).withDataFormat(DataFormat.CHANNELS_FIRST),
                Layers.conv2d(2, 3).withStrides(2).withPadding(Padding.SAME).withActivation(Activations.tanh()),
                Layers.conv2d(4, 2).withGroups(2).withPadding(Padding.SAME))));
        m.put(Conv2DTransposeConfig.class, Map.entry("conv2d_transpose", () -> NetworkModels.seq(
                Layers.conv2dTranspose(3, 3, 2).withStrides(2, 1).withPadding(Padding.SAME)
                        .withActivation(Activations.relu()).inputShape(4, 5, 2),
                Layers.conv2dTranspose(2, 3).withStrides(2).withUseBias(false)
                        .withOutputPadding(new Conv2DTransposeConfig.OutputPadding(1, 0)),
                Layers.conv2dTranspose(2, 2).withStrides(3).withDataFormat(DataFormat.CHANNELS_FIRST),
                Layers.conv2dTranspose(2, 3).withDilationRate(2, 1).withPadding(Padding.SAME))));
        m.put(DepthwiseConv2DConfig.class, Map.entry("depthwise_conv2d", () -> NetworkModels.seq(
                Layers.depthwiseConv2d(3, 2).withDepthMultiplier(2).withStrides(2, 1).withPadding(Padding.SAME)
                        .withActivation(Activations.relu()).inputShape(7, 6, 3),
                Layers.depthwiseConv2d(3).withDilationRate(1, 2).withUseBias(false)
                        .withDataFormat(DataFormat.CHANNELS_FIRST))));
        m.put(SeparableConv2DConfig.class, Map.entry("separable_conv2d", () -> NetworkModels.seq(
                Layers.separableConv2d(4, 3).withDepthMultiplier(2).withStrides(2, 1).withPadding(Padding.SAME)
                        .withActivation(Activations.relu()).inputShape(7, 6, 3),
                Layers.separableConv2d(3, 2).withDilationRate(1, 2).withUseBias(false)
                        .withDataFormat(DataFormat.CHANNELS_FIRST))));
        m.put(GlobalPooling1DConfig.class, Map.entry("global_pooling", () -> NetworkModels.seq(
                Layers.dense(4).inputShape(5, 3), Layers.globalAveragePooling1d().withDataFormat(DataFormat.CHANNELS_FIRST)
                        .withKeepDims(true), Layers.globalMaxPooling1d().withKeepDims(true),
                Layers.globalMaxPooling1d())));
        // weights drawn at random (not ones and zeros), so that a weight laid out along the wrong axis shows
        var w = dev.engram.initializers.Initializers.randomUniform(0.5, 1.5);
        m.put(LayerNormalizationConfig.class, Map.entry("layer_norm", () -> NetworkModels.seq(
                Layers.layerNormalization().withGammaInitializer(w).withBetaInitializer(w).inputShape(3, 4),
                Layers.layerNormalization().withAxes(List.of(1, 2)).withGammaInitializer(w).withBetaInitializer(w),
                Layers.layerNormalization().withAxes(List.of(1)).withCenter(false).withGammaInitializer(w),
                Layers.layerNormalization().withRmsScaling(true).withGammaInitializer(w),
                Layers.layerNormalization().withAxes(List.of(-2)).withRmsScaling(true).withGammaInitializer(w))));
        m.put(BatchNormalizationConfig.class, Map.entry("batch_norm", () -> NetworkModels.seq(
                Layers.batchNormalization().withGammaInitializer(w).withBetaInitializer(w).withMovingMeanInitializer(w)
                        .withMovingVarianceInitializer(w).inputShape(3, 4),
                Layers.batchNormalization().withAxis(1).withGammaInitializer(w).withBetaInitializer(w)
                        .withMovingMeanInitializer(w).withMovingVarianceInitializer(w))));
        m.put(MergeConfig.class, Map.entry("merge", () -> NetworkModels.functional(b -> {
            SymbolicTensor x = b.input("left", 3);
            SymbolicTensor y = b.input("right", 3);
            SymbolicTensor sum = b.apply(Layers.add(), x, y);
            SymbolicTensor prod = b.apply(Layers.multiply(), x, sum);
            SymbolicTensor avg = b.apply(Layers.average(), prod, y);
            SymbolicTensor diff = b.apply(Layers.subtract(), avg, x);
            SymbolicTensor max = b.apply(Layers.maximum(), diff, y, sum);
            SymbolicTensor min = b.apply(Layers.minimum(), max, x);
            return List.of(List.of(x, y), List.of(b.apply(Layers.concatenate(), sum, avg, min)));
        })));
        m.put(dev.engram.layers.DotConfig.class, Map.entry("dot", () -> NetworkModels.functional(b -> {
            SymbolicTensor x = b.input("left", 3, 4);
            SymbolicTensor y = b.input("right", 5, 4);
            SymbolicTensor z = b.input("other", 3, 2);
            SymbolicTensor scores = b.apply(Layers.dot(2), x, y);
            SymbolicTensor cosine = b.apply(Layers.dot(1, -2).withNormalize(true), x, z);
            return List.of(List.of(x, y, z), List.of(scores, cosine));
        })));
        m.put(dev.engram.layers.MultiHeadAttentionConfig.class, Map.entry("multi_head_attention",
                () -> NetworkModels.functional(b -> {
                    SymbolicTensor q = b.input("query", 3, 4);
                    SymbolicTensor v = b.input("value", 5, 2);
                    SymbolicTensor k = b.input("key", 5, 6);
                    SymbolicTensor self = b.apply(Layers.multiHeadAttention(2, 3), q, q);
                    List<SymbolicTensor> cross = b.applyAll(Layers.multiHeadAttention(2, 3).withValueDim(2)
                            .withOutputDim(5).withUseCausalMask(true).withReturnAttentionScores(true), self, v, k);
                    SymbolicTensor plain = b.apply(Layers.multiHeadAttention(3, 2).withUseBias(false), q, v);
                    return List.of(List.of(q, v, k), List.of(cross.get(0), cross.get(1), plain));
                })));
        m.put(dev.engram.layers.GroupNormalizationConfig.class, Map.entry("group_normalization",
                () -> NetworkModels.seq(Layers.groupNormalization(2).withEpsilon(1e-2).inputShape(5, 4),
                        Layers.groupNormalization(-1).withCenter(false), Layers.groupNormalization(5).withAxis(1)
                                .withScale(false))));
        m.put(dev.engram.layers.RnnConfig.class, Map.entry("rnn", () -> NetworkModels.functional(b -> {
            // Stacked cells reading backwards from given initial states (TF.js order: GRU h, then LSTM h and c),
            // returning every state; then an RNN over one cell.
            SymbolicTensor x = b.input("x", 4, 2);
            SymbolicTensor gruH = b.input("gru_h", 2);
            SymbolicTensor lstmH = b.input("lstm_h", 3);
            SymbolicTensor lstmC = b.input("lstm_c", 3);
            List<SymbolicTensor> stacked = b.applyAll(Layers.rnn(List.of(Layers.lstmCell(3),
                    Layers.gruCell(2).withResetAfter(true))).withReturnSequences(true).withGoBackwards(true)
                    .withReturnState(true), x, gruH, lstmH, lstmC);
            SymbolicTensor last = b.apply(Layers.rnn(Layers.simpleRnnCell(2)), stacked.get(0));
            List<SymbolicTensor> outs = new ArrayList<>(stacked.subList(1, 4));
            outs.add(0, last);
            return List.of(List.of(x, gruH, lstmH, lstmC), outs);
        })));
        m.put(dev.engram.layers.Conv3DConfig.class, Map.entry("conv3d", () -> NetworkModels.seq(
                Layers.conv3d(3, 2, 3, 2).withStrides(2, 1, 1).withPadding(Padding.SAME)
                        .withActivation(Activations.relu()).inputShape(5, 6, 4, 2),
                Layers.conv3d(3, 2).withDilationRate(1, 2, 1).withUseBias(false)
                        .withDataFormat(DataFormat.CHANNELS_FIRST),
                Layers.conv3d(2, 2).withStrides(2).withPadding(Padding.SAME).withActivation(Activations.tanh()),
                Layers.conv3d(4, 1, 2, 1).withGroups(2).withPadding(Padding.SAME))));
        m.put(dev.engram.layers.ConvLstm2DConfig.class, Map.entry("conv_lstm2d", () -> NetworkModels.seq(
                Layers.convLstm2d(3, 3, 2).withPadding(Padding.SAME).withStrides(2, 1).withReturnSequences(true)
                        .withGoBackwards(true).inputShape(4, 5, 6, 2),
                Layers.convLstm2d(2, 2, 2).withDilationRate(2, 1).withDataFormat(DataFormat.CHANNELS_FIRST)
                        .withRecurrentActivation(Activations.sigmoid()).withActivation(Activations.relu()))));
        // Exported as the identity: an activity regularizer is a training loss term.
        m.put(dev.engram.layers.ActivityRegularizationConfig.class, Map.entry("activity_regularization",
                () -> NetworkModels.seq(Layers.dense(3).inputShape(4), Layers.activityRegularization(
                        dev.engram.regularizers.ActivityRegularizer.of(dev.engram.regularizers.Regularizers.l1(0.1))),
                        Layers.dense(2).withActivityRegularizer(dev.engram.regularizers.ActivityRegularizer.batchMean(
                                dev.engram.regularizers.Regularizers.l2(0.2))))));
        SequenceLayerSamples.addTo(m);
        SpatialLayerSamples.addTo(m);
        PreprocessingSamples.addTo(m);
        Keras3LayerSamples.addTo(m);
        return m;
    }

    @TestFactory
    List<DynamicTest> everyEmitterMatchesTheEngineInBothRuntimes() {
        Map<Class<?>, Map.Entry<String, Supplier<Network>>> samples = samples();
        List<DynamicTest> tests = new ArrayList<>();
        for (OnnxLayerEmitter<?> e : OnnxEmitters.all()) {
            String type = e.configType().getSimpleName();
            tests.add(DynamicTest.dynamicTest(type, () -> {
                var sample = samples.get(e.configType());
                assertNotNull(sample, "emitter for " + type + " has no sample model in " + getClass().getSimpleName());
                Network model = sample.getValue().get();
                assertTrue(model.layers().stream().map(Layer::config).anyMatch(e.configType()::isInstance),
                        type + ": the sample model holds no such layer");
                check(type, sample.getKey(), model);
            }));
        }
        return tests;
    }

    static void check(String type, String key, Network model) throws Exception {
        check(type, model, NetworkModels.inputs(key, model, 3));
    }

    static void check(String type, Network model, List<Tensor> xs) throws Exception {
        List<Tensor> expected = model.predict(xs);
        byte[] onnx = OnnxExporter.toBytes(model, OnnxExportOptions.defaults());
        List<String> names = ExportNetworkOrtTest.inputNames(model);
        List<Tensor> ort = OrtRunner.runAll(onnx, names, xs);
        OnnxModel imported = OnnxModel.load(onnx, type + ".onnx");
        Map<String, Tensor> feed = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            feed.put(names.get(i), xs.get(i));
        }
        Map<String, Tensor> ours = imported.predict(feed);
        assertEquals(expected.size(), ort.size(), type + ": output count");
        for (int i = 0; i < expected.size(); i++) {
            ORT.check(type + " ORT output " + i, expected.get(i), ort.get(i));
            RUNTIME.check(type + " io-onnx runtime output " + i, expected.get(i),
                    ours.get(imported.outputNames().get(i)));
        }
    }

    /** Bidirectional around the generic RNN: each half a chain of per-cell nodes, merged in every mode. */
    @Test
    void bidirectionalAroundAnRnnRunsInBothRuntimes() throws Exception {
        for (var mode : dev.engram.layers.BidirectionalMergeMode.values()) {
            check("Bidirectional(RNN) " + mode, "bidirectional", NetworkModels.functional(b -> {
                SymbolicTensor x = b.input("x", 4, 3);
                SymbolicTensor seq = b.apply(Layers.bidirectional(Layers.rnn(List.of(Layers.lstmCell(3),
                        Layers.gruCell(2).withResetAfter(true))).withReturnSequences(true).withGoBackwards(true),
                        dev.engram.layers.BidirectionalMergeMode.SUM), x);
                List<SymbolicTensor> outs = b.applyAll(Layers.bidirectional(Layers.rnn(Layers.simpleRnnCell(2))
                        .withReturnState(true).withReturnSequences(mode.ordinal() % 2 == 0), mode), seq);
                return List.of(List.of(x), outs);
            }));
        }
    }

    /** ConvLSTM2D from given initial states, returning them, without bias; and a one-step sequence. */
    @Test
    void convLstm2dWithStatesRunsInBothRuntimes() throws Exception {
        check("ConvLSTM2D states", "conv_lstm2d_states", NetworkModels.functional(b -> {
            SymbolicTensor x = b.input("x", 3, 4, 5, 2);
            SymbolicTensor h0 = b.input("h0", 4, 5, 3);
            SymbolicTensor c0 = b.input("c0", 4, 5, 3);
            List<SymbolicTensor> outs = b.applyAll(Layers.convLstm2d(3, 3, 3).withPadding(Padding.SAME)
                    .withUseBias(false).withReturnState(true).withUnitForgetBias(true), x, h0, c0);
            SymbolicTensor one = b.input("one", 1, 4, 5, 2);
            List<SymbolicTensor> all = new ArrayList<>(outs);
            all.addAll(b.applyAll(Layers.convLstm2d(2, 1, 2).withReturnSequences(true).withReturnState(true), one));
            return List.of(List.of(x, h0, c0, one), all);
        }));
    }

    /** MultiHeadAttention over other axes: the one-axis subgraph between folds of the inputs and the output. */
    @Test
    void attentionOverOtherAxesRunsInBothRuntimes() throws Exception {
        check("MultiHeadAttention axes", "multi_head_attention_axes", NetworkModels.functional(b -> {
            SymbolicTensor image = b.input("image", 3, 4, 5);
            SymbolicTensor memory = b.input("memory", 3, 2, 3);
            SymbolicTensor pixels = b.apply(Layers.multiHeadAttention(2, 3).withAttentionAxes(List.of(1, 2)), image,
                    image);
            List<SymbolicTensor> rows = b.applyAll(Layers.multiHeadAttention(2, 2).withValueDim(3).withOutputDim(4)
                    .withAttentionAxes(List.of(2)).withReturnAttentionScores(true), pixels, memory);
            return List.of(List.of(image, memory), rows);
        }));
    }

    /**
     * MultiHeadAttention over other axes with Keras's masks: an attention mask over the width of rank-4 inputs
     * (Keras 3's zeroed weights), the causal mask along the height, a full-rank mask over two axes of rank-5 inputs
     * with tf-keras's unnormalized weights of fully masked positions; 0/1 masks with fully masked positions.
     */
    @Test
    void maskedAttentionOverOtherAxesRunsInBothRuntimes() throws Exception {
        Network model = NetworkModels.functional(b -> {
            SymbolicTensor image = b.input("image", 3, 4, 5);
            SymbolicTensor rowMask = b.input("row_mask", 3, 4, 4);
            SymbolicTensor volume = b.input("volume", 2, 3, 2, 4);
            SymbolicTensor volumeMask = b.input("volume_mask", 3, 2, 2, 2, 2);
            List<SymbolicTensor> rows = b.applyAll(Layers.multiHeadAttention(2, 3).withAttentionAxes(List.of(2))
                    .withAttentionMaskInput(true).withReturnAttentionScores(true), image, image, rowMask);
            SymbolicTensor causal = b.apply(Layers.multiHeadAttention(2, 2).withAttentionAxes(List.of(1))
                    .withUseCausalMask(true).withZeroMaskedWeights(false), rows.get(0), image);
            List<SymbolicTensor> vol = b.applyAll(Layers.multiHeadAttention(2, 2).withAttentionAxes(List.of(1, 3))
                    .withAttentionMaskInput(true).withReturnAttentionScores(true).withZeroMaskedWeights(false), volume,
                    volume, volumeMask);
            return List.of(List.of(image, rowMask, volume, volumeMask), List.of(rows.get(0), rows.get(1), causal,
                    vol.get(0), vol.get(1)));
        });
        List<Tensor> xs = NetworkModels.inputs("multi_head_attention_masks", model, 3);
        for (int i : new int[] {1, 3}) {
            float[] m = xs.get(i).buffer();
            for (int j = 0; j < m.length; j++) {
                m[j] = m[j] > -0.3f ? 1f : 0f;
            }
            java.util.Arrays.fill(m, 0, 5, 0f); // a fully masked position in each
        }
        check("MultiHeadAttention axes masked", model, xs);
    }

    @Test
    void everySampleHasARegisteredEmitterAndTheRefusalListsTheRegistry() {
        for (Class<?> type : samples().keySet()) {
            assertNotNull(OnnxEmitters.forConfig(type), type.getSimpleName() + " has a sample but no emitter");
        }
        assertNull(OnnxEmitters.forConfig(String.class));
        String supported = OnnxEmitters.supported();
        for (OnnxLayerEmitter<?> e : OnnxEmitters.all()) {
            assertTrue(supported.contains(e.exportedAs()), supported);
        }
    }

    @AfterAll
    static void report() {
        System.out.println("[agreement] engine vs ONNX Runtime, one model per emitter: " + ORT);
        System.out.println("[agreement] engine vs io-onnx runtime, one model per emitter: " + RUNTIME);
    }
}
