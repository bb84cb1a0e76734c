package dev.engram.layers;

import dev.engram.initializers.Initializers;
import dev.engram.tensor.Shape;
import java.util.random.RandomGenerator;

/**
 * Additive attention (Keras {@code AdditiveAttention}, Bahdanau et al. 2015): scores
 * {@code S[b,i,j] = sum_d scale_d * tanh(q[b,i,d] + k[b,j,d])} with a learned {@code scale [dim]}
 * (Glorot-uniform initialised, as in Keras) when {@code useScale}, all ones otherwise; then masking,
 * softmax, dropout and the weighted sum of the values as in {@link AttentionLayer}.
 */
public final class AdditiveAttention extends AttentionLayer<AdditiveAttentionConfig> {
    private Parameter scale;

    AdditiveAttention(String name, AdditiveAttentionConfig config) {
        super(name, config, config.seed(), config.useCausalMask(), config.returnAttentionScores(), config.dropout());
    }

    @Override
    void buildWeights(RandomGenerator random) {
        if (config().useScale()) {
            scale = addParameter(WeightRole.SCALE, Initializers.glorotUniform(), Shape.of(dim), random, true);
        }
    }

    @Override
    void scores(float[] q, float[] k, Dims d, float[] s) {
        tanhScores(q, k, d, 1f, scale == null ? null : scale.data(), 1f, s);
    }

    @Override
    void scoresBackward(float[] q, float[] k, Dims d, float[] ds, float[] dq, float[] dk) {
        tanhScoresBackward(q, k, d, 1f, scale == null ? null : scale.data(), 1f, ds, dq, dk,
                scale == null ? null : scale.grad());
    }
}
