package dev.engram.io.onnx;

import dev.engram.layers.AdditiveAttentionConfig;
import dev.engram.layers.AlphaDropoutConfig;
import dev.engram.layers.AttentionConfig;
import dev.engram.layers.AttentionScoreMode;
import dev.engram.layers.Cropping1DConfig;
import dev.engram.layers.DataFormat;
import dev.engram.layers.EluLayerConfig;
import dev.engram.layers.GaussianDropoutConfig;
import dev.engram.layers.GaussianNoiseConfig;
import dev.engram.layers.IdentityConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.LeakyReluLayerConfig;
import dev.engram.layers.Padding;
import dev.engram.layers.PermuteConfig;
import dev.engram.layers.Pooling1DConfig;
import dev.engram.layers.PreluConfig;
import dev.engram.layers.ReluLayerConfig;
import dev.engram.layers.SoftmaxLayerConfig;
import dev.engram.layers.SpatialDropout1DConfig;
import dev.engram.layers.ThresholdedReluLayerConfig;
import dev.engram.layers.UnitNormalizationConfig;
import dev.engram.layers.UpSampling1DConfig;
import dev.engram.layers.ZeroPadding1DConfig;
import dev.engram.models.Network;
import dev.engram.models.SymbolicTensor;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Sample models for the emitters of the sequence-model layers (issue 18), one per config type, each
 * exercising the non-default options (same padding with strides, channels-first, causal attention
 * with a key and the scores output, ReLU's general form, PReLU with shared axes).
 */
final class SequenceLayerSamples {
    private SequenceLayerSamples() {
    }

    static void addTo(Map<Class<?>, Map.Entry<String, Supplier<Network>>> m) {
        m.put(PermuteConfig.class, Map.entry("permute", () -> NetworkModels.seq(Layers.permute(2, 1).inputShape(4, 3),
                Layers.dense(2))));
        m.put(Pooling1DConfig.class, Map.entry("pooling1d", () -> NetworkModels.seq(
                Layers.maxPooling1d(3).withStrides(2).withPadding(Padding.SAME).inputShape(7, 2),
                Layers.averagePooling1d(2).withStrides(1).withPadding(Padding.SAME),
                Layers.averagePooling1d(2).withDataFormat(DataFormat.CHANNELS_FIRST))));
        m.put(Cropping1DConfig.class, Map.entry("cropping1d", () -> NetworkModels.seq(
                Layers.cropping1d(1, 2).inputShape(6, 2), Layers.cropping1d(1, 0))));
        m.put(UpSampling1DConfig.class, Map.entry("up_sampling1d", () -> NetworkModels.seq(
                Layers.upSampling1d(3).inputShape(4, 2))));
        m.put(ZeroPadding1DConfig.class, Map.entry("zero_padding1d", () -> NetworkModels.seq(
                Layers.zeroPadding1d(2, 1).inputShape(3, 2),
                Layers.zeroPadding1d(1, 0).withDataFormat(DataFormat.CHANNELS_FIRST))));
        m.put(IdentityConfig.class, Map.entry("identity", () -> NetworkModels.seq(Layers.dense(3).inputShape(4),
                Layers.identity())));
        m.put(ReluLayerConfig.class, Map.entry("relu", () -> NetworkModels.seq(Layers.dense(6).inputShape(4),
                Layers.relu().withMaxValue(1.2).withNegativeSlope(0.1).withThreshold(0.2), Layers.dense(6),
                Layers.relu().withMaxValue(0.5), Layers.dense(6), Layers.relu().withNegativeSlope(0.3))));
        m.put(LeakyReluLayerConfig.class, Map.entry("leaky_relu", () -> NetworkModels.seq(
                Layers.leakyRelu().withAlpha(0.2).inputShape(5, 3))));
        m.put(EluLayerConfig.class, Map.entry("elu", () -> NetworkModels.seq(Layers.elu().withAlpha(0.7)
                .inputShape(5, 3))));
        m.put(ThresholdedReluLayerConfig.class, Map.entry("thresholded_relu", () -> NetworkModels.seq(
                Layers.thresholdedRelu().withTheta(0.3).inputShape(5, 3))));
        m.put(PreluConfig.class, Map.entry("prelu", () -> NetworkModels.seq(Layers.prelu().withSharedAxes(1)
                .inputShape(5, 3), Layers.prelu())));
        m.put(SoftmaxLayerConfig.class, Map.entry("softmax", () -> NetworkModels.seq(Layers.softmax(1)
                .inputShape(5, 3), Layers.softmax(-1))));
        m.put(AttentionConfig.class, Map.entry("attention", () -> NetworkModels.functional(b -> {
            SymbolicTensor q = b.input("query", 3, 4);
            SymbolicTensor v = b.input("value", 5, 2);
            SymbolicTensor k = b.input("key", 5, 4);
            SymbolicTensor dot = b.apply(Layers.attention().withUseScale(true), q, v, k);
            List<SymbolicTensor> causal = b.applyAll(Layers.attention().withUseCausalMask(true)
                    .withReturnAttentionScores(true), q, q);
            SymbolicTensor concat = b.apply(Layers.attention().withScoreMode(AttentionScoreMode.CONCAT)
                    .withUseScale(true), q, v, k);
            return List.of(List.of(q, v, k), List.of(dot, causal.get(0), causal.get(1), concat));
        })));
        m.put(AdditiveAttentionConfig.class, Map.entry("additive_attention", () -> NetworkModels.functional(b -> {
            SymbolicTensor q = b.input("query", 3, 4);
            SymbolicTensor v = b.input("value", 5, 4);
            SymbolicTensor plain = b.apply(Layers.additiveAttention(), q, v);
            SymbolicTensor causal = b.apply(Layers.additiveAttention().withUseScale(false).withUseCausalMask(true),
                    q, q);
            return List.of(List.of(q, v), List.of(plain, causal));
        })));
        m.put(SpatialDropout1DConfig.class, Map.entry("spatial_dropout1d", () -> NetworkModels.seq(
                Layers.dense(3).inputShape(4, 2), Layers.spatialDropout1d(0.5))));
        m.put(GaussianNoiseConfig.class, Map.entry("gaussian_noise", () -> NetworkModels.seq(
                Layers.dense(3).inputShape(4), Layers.gaussianNoise(0.5))));
        m.put(GaussianDropoutConfig.class, Map.entry("gaussian_dropout", () -> NetworkModels.seq(
                Layers.dense(3).inputShape(4), Layers.gaussianDropout(0.3))));
        m.put(AlphaDropoutConfig.class, Map.entry("alpha_dropout", () -> NetworkModels.seq(
                Layers.dense(3).inputShape(4), Layers.alphaDropout(0.2))));
        m.put(UnitNormalizationConfig.class, Map.entry("unit_normalization", () -> NetworkModels.seq(
                Layers.unitNormalization().inputShape(5, 3), Layers.unitNormalization().withAxes(1, 2))));
    }
}
