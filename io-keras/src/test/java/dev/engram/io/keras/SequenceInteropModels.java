package dev.engram.io.keras;

import dev.engram.layers.AttentionScoreMode;
import dev.engram.layers.DataFormat;
import dev.engram.layers.Layers;
import dev.engram.layers.Padding;
import dev.engram.layers.UnitNormalizationConfig;
import dev.engram.models.ModelBuilder;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.models.SymbolicTensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Models with the sequence-model layers of issue 18 for the live interop tests and the round trips,
 * grouped by the peers that can load them: TF.js 4.22 has the pooling, Permute, rectifier, Softmax and
 * noise layers; tf-keras 2.18 and Keras 3.10 also Cropping1D, ZeroPadding1D, UpSampling1D, Identity,
 * attention and UnitNormalization (with their own norm floors); ThresholdedReLU is gone from Keras 3;
 * Keras 3.10 mis-broadcasts a value mask in Attention for batches above 1, so masked attention is
 * checked in tf-keras only.
 */
public final class SequenceInteropModels {
    /** Which peer loads a group of models. */
    public enum Peer {
        /** TF.js 4.22 in Node. */
        TFJS,
        /** tf-keras 2.18 and Keras 3.10: written as KERAS_2 h5 (read by both), KERAS_3 h5 and .keras. */
        KERAS_BOTH,
        /** tf-keras 2.18 only (KERAS_2 h5). */
        TF_KERAS,
        /** Keras 3.10 only. */
        KERAS3
    }

    private SequenceInteropModels() {
    }

    /**
     * Name to model for a peer.
     *
     * @param peer the peer
     * @return the models, with random weights
     */
    public static Map<String, Network> models(Peer peer) {
        Map<String, Network> out = new LinkedHashMap<>();
        boolean keras = peer != Peer.TFJS;
        if (peer == Peer.TFJS || peer == Peer.KERAS_BOTH) {
            out.put("pooling_rectifiers_noise", Sequential.seeded(31,
                    Layers.conv1d(4, 2).withPadding(Padding.SAME).inputShape(9, 3),
                    Layers.maxPooling1d(3).withStrides(2).withPadding(Padding.SAME),
                    Layers.relu().withMaxValue(0.9),
                    Layers.leakyRelu().withAlpha(0.2).withPassesMask(keras),
                    Layers.averagePooling1d(2).withStrides(1).withPadding(Padding.SAME),
                    Layers.prelu().withSharedAxes(1),
                    Layers.elu().withPassesMask(keras),
                    Layers.permute(2, 1),
                    Layers.softmax(-1).withPassesMask(keras),
                    Layers.spatialDropout1d(0.2), Layers.gaussianNoise(0.1), Layers.gaussianDropout(0.1),
                    Layers.alphaDropout(0.1),
                    Layers.flatten(), Layers.dense(2)));
        }
        if (peer == Peer.TFJS || peer == Peer.TF_KERAS) {
            out.put("thresholded_relu", Sequential.seeded(32, Layers.dense(4).inputShape(5),
                    Layers.thresholdedRelu().withTheta(0.1).withPassesMask(keras), Layers.dense(2)));
        }
        if (peer == Peer.KERAS_BOTH) {
            out.put("keras_step_layers", Sequential.seeded(33,
                    Layers.conv1d(3, 2).inputShape(8, 2),
                    Layers.zeroPadding1d(2, 1), Layers.cropping1d(1, 2), Layers.upSampling1d(2), Layers.identity(),
                    Layers.relu().withNegativeSlope(0.1).withThreshold(0.2).withMaxValue(1.5),
                    Layers.averagePooling1d(2).withDataFormat(DataFormat.CHANNELS_FIRST),
                    Layers.flatten(), Layers.dense(2)));
            out.put("attention", attention());
        }
        if (peer == Peer.TF_KERAS) {
            out.put("masked_attention", maskedAttention());
            out.put("unit_normalization_tf_keras", Sequential.seeded(34,
                    Layers.unitNormalization().withNormFloor(UnitNormalizationConfig.TF_KERAS_NORM_FLOOR).inputShape(4, 3),
                    Layers.dense(2)));
        }
        if (peer == Peer.KERAS3) {
            out.put("unit_normalization_keras3", Sequential.seeded(35,
                    Layers.unitNormalization().withAxes(1, 2).inputShape(4, 3),
                    Layers.zeroPadding1d(1, 1).withDataFormat(DataFormat.CHANNELS_FIRST),
                    Layers.maxPooling1d(2).withStrides(1).withDataFormat(DataFormat.CHANNELS_FIRST),
                    Layers.dense(2)));
        }
        for (Network m : out.values()) {
            LayerRoundTripTest.randomize(m, 7);
        }
        return out;
    }

    private static Network attention() {
        ModelBuilder b = new ModelBuilder("attention", 36);
        SymbolicTensor q = b.input("query", 3, 4);
        SymbolicTensor v = b.input("value", 5, 2);
        SymbolicTensor k = b.input("key", 5, 4);
        SymbolicTensor dot = b.apply(Layers.attention().withUseScale(true), q, v, k);
        SymbolicTensor concat = b.apply(Layers.attention().withScoreMode(AttentionScoreMode.CONCAT).withUseScale(true),
                q, v, k);
        List<SymbolicTensor> causal = b.applyAll(Layers.attention().withUseCausalMask(true)
                .withReturnAttentionScores(true), q, q);
        SymbolicTensor add = b.apply(Layers.additiveAttention(), q, k);
        SymbolicTensor addCausal = b.apply(Layers.additiveAttention().withUseScale(false).withUseCausalMask(true), q, q);
        return b.build(List.of(q, v, k), List.of(dot, concat, causal.get(0), causal.get(1), add, addCausal));
    }

    private static Network maskedAttention() {
        ModelBuilder b = new ModelBuilder("masked_attention", 37);
        SymbolicTensor qi = b.input("query_ids", 6);
        SymbolicTensor vi = b.input("value_ids", 6);
        SymbolicTensor qe = b.apply(Layers.embedding(12, 3).withMaskZero(true), qi);
        SymbolicTensor ve = b.apply(Layers.embedding(12, 3).withMaskZero(true), vi);
        SymbolicTensor att = b.apply(Layers.attention(), qe, ve);
        SymbolicTensor add = b.apply(Layers.additiveAttention(), qe, ve);
        SymbolicTensor seq = b.apply(Layers.lstm(3).withRecurrentActivation(dev.engram.activations.Activations.sigmoid()),
                att);
        SymbolicTensor pooled = b.apply(Layers.globalAveragePooling1d().withUseMask(true), add);
        return b.build(List.of(qi, vi), List.of(seq, pooled));
    }
}
