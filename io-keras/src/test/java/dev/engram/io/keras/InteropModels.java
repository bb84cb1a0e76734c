package dev.engram.io.keras;

import dev.engram.activations.Activations;
import dev.engram.layers.BidirectionalMergeMode;
import dev.engram.layers.Layers;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Models the live interop tests (TF.js in Node, tf-keras 2, Keras 3) load from Engram's files:
 * functional graphs and the recurrent/wrapper/embedding layers, with random weights and inputs
 * (token ids with trailing padding for Embedding models). Every recurrent activation is sigmoid,
 * which means the same function in every dialect.
 */
public final class InteropModels {
    private InteropModels() {
    }

    /**
     * Name to model. {@code kerasOnly} adds the Keras-only models: GRU(reset_after=true), which TF.js
     * cannot build, and a causal Conv1D, which TF.js 4.22 cannot run; and it gives the masked
     * Bidirectional / GlobalAveragePooling1D models Keras's mask semantics (TF.js's otherwise).
     */
    public static Map<String, Network> models(boolean kerasOnly) {
        Map<String, Network> out = new LinkedHashMap<>();
        out.put("functional_two_in_two_out", LayerRoundTripTest.twoInTwoOut());
        out.put("functional_initial_state", LayerRoundTripTest.initialState());
        out.put("functional_branches_of_equal_shapes", LayerRoundTripTest.branchesOfEqualShapes());
        out.put("embedding_bidirectional_gru", Sequential.seeded(21,
                Layers.embedding(12, 4).withMaskZero(true).withInputLength(6),
                Layers.bidirectional(Layers.gru(3).withRecurrentActivation(Activations.sigmoid()).withResetAfter(false)),
                Layers.dense(2).withActivation(Activations.softmax())));
        out.put("bidirectional_sum_time_distributed", Sequential.seeded(22,
                Layers.bidirectional(Layers.lstm(3).withRecurrentActivation(Activations.sigmoid()).withReturnSequences(true),
                        BidirectionalMergeMode.SUM).inputShape(5, 2),
                Layers.simpleRnn(3).withReturnSequences(true),
                Layers.timeDistributed(Layers.dense(2).withActivation(Activations.tanh()))));
        out.put("conv1d_norms", Sequential.seeded(23,
                Layers.conv1d(4, 3).withPadding(dev.engram.layers.Padding.SAME).withDilationRate(2).inputShape(8, 2),
                Layers.batchNormalization(), Layers.layerNormalization(), Layers.globalAveragePooling1d(),
                Layers.dense(2)));
        // Mask semantics differ by origin: each side gets its own form (MaskSemantics refuses the other).
        var seqLstm = Layers.lstm(3).withRecurrentActivation(Activations.sigmoid()).withReturnSequences(true);
        out.put("masked_bidirectional_pooling", Sequential.seeded(26,
                Layers.embedding(12, 4).withMaskZero(true).withInputLength(6),
                Layers.bidirectional(seqLstm).withZeroMaskedSteps(kerasOnly),
                Layers.globalAveragePooling1d().withUseMask(kerasOnly),
                Layers.dense(2)));
        out.put("masked_bidirectional_time_distributed", Sequential.seeded(27,
                Layers.embedding(12, 4).withMaskZero(true).withInputLength(6),
                Layers.bidirectional(seqLstm, BidirectionalMergeMode.AVE).withZeroMaskedSteps(kerasOnly),
                Layers.timeDistributed(Layers.dense(2))));
        // Layers without mask support drop the mask in every peer (Conv1D, GlobalMaxPooling1D, Flatten).
        out.put("masked_conv1d_max_pool", Sequential.seeded(28,
                Layers.embedding(12, 4).withMaskZero(true).withInputLength(6),
                Layers.conv1d(3, 2), Layers.globalMaxPooling1d(), Layers.dense(2)));
        if (kerasOnly) {
            out.put("causal_conv1d", Sequential.seeded(25,
                    Layers.conv1d(3, 2).withPadding(dev.engram.layers.Padding.CAUSAL).withDilationRate(2).inputShape(6, 2),
                    Layers.globalMaxPooling1d()));
            out.put("gru_reset_after", Sequential.seeded(24,
                    Layers.masking(0).inputShape(5, 3),
                    Layers.gru(4).withRecurrentActivation(Activations.sigmoid()).withResetAfter(true),
                    Layers.repeatVector(2), Layers.flatten(), Layers.dense(1)));
        }
        for (Network m : out.values()) {
            LayerRoundTripTest.randomize(m, 5);
        }
        return out;
    }

    /** Deterministic inputs for {@code m} (batch 2; ids for an Embedding, masked trailing steps after Masking). */
    public static List<Tensor> inputs(Network m) {
        return LayerRoundTripTest.inputs(m, 9);
    }
}
