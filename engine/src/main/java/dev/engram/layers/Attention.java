package dev.engram.layers;

import dev.engram.initializers.Initializers;
import dev.engram.internal.kernels.Kernels;
import dev.engram.tensor.Shape;
import java.util.random.RandomGenerator;

/**
 * Dot-product attention (Keras {@code Attention}, Luong et al. 2015): scores
 * {@code S = scale * q · kᵀ} ({@link AttentionScoreMode#DOT}) or
 * {@code S = concatScoreWeight * sum_d tanh(scale * (q + k))} ({@link AttentionScoreMode#CONCAT}),
 * where {@code scale} is a learned scalar when {@code useScale} (initialised to 1) and 1 otherwise,
 * and {@code concatScoreWeight} a learned scalar (initialised to 1) in concat mode; then masking,
 * softmax, dropout and the weighted sum of the values as in {@link AttentionLayer}. Weights in Keras
 * order: {@code scale}, {@code concatScoreWeight} (Keras {@code concat_score_weight}).
 */
public final class Attention extends AttentionLayer<AttentionConfig> {
    private static final Kernels K = Kernels.get();

    private Parameter scale;
    private Parameter concatScoreWeight;

    Attention(String name, AttentionConfig config) {
        super(name, config, config.seed(), config.useCausalMask(), config.returnAttentionScores(), config.dropout());
    }

    @Override
    void buildWeights(RandomGenerator random) {
        if (config().useScale()) {
            scale = addParameter(WeightRole.SCALE, Initializers.ones(), Shape.of(), random, true);
        }
        if (config().scoreMode() == AttentionScoreMode.CONCAT) {
            concatScoreWeight = addParameter(WeightRole.CONCAT_SCORE_WEIGHT, Initializers.ones(), Shape.of(), random, true);
        }
    }

    private float scaleValue() {
        return scale == null ? 1f : scale.data()[0];
    }

    @Override
    void scores(float[] q, float[] k, Dims d, float[] s) {
        if (config().scoreMode() == AttentionScoreMode.CONCAT) {
            tanhScores(q, k, d, scaleValue(), null, concatScoreWeight.data()[0], s);
            return;
        }
        for (int b = 0; b < d.batch(); b++) {
            K.gemm(false, true, d.tq(), d.tv(), d.dim(), q, b * d.tq() * d.dim(), d.dim(), k, b * d.tv() * d.dim(),
                    d.dim(), 0f, s, b * d.tq() * d.tv(), d.tv());
        }
        if (scale != null) {
            float c = scaleValue();
            for (int i = 0; i < s.length; i++) {
                s[i] *= c;
            }
        }
    }

    @Override
    void scoresBackward(float[] q, float[] k, Dims d, float[] ds, float[] dq, float[] dk) {
        if (config().scoreMode() == AttentionScoreMode.CONCAT) {
            float[] g = tanhScoresBackward(q, k, d, scaleValue(), null, concatScoreWeight.data()[0], ds, dq, dk, null);
            if (scale != null) {
                scale.grad()[0] += g[0];
            }
            concatScoreWeight.grad()[0] += g[1];
            return;
        }
        float c = scaleValue();
        if (scale != null) {
            // dScale = sum(dS * q·kᵀ): recompute the unscaled scores.
            float[] raw = new float[ds.length];
            for (int b = 0; b < d.batch(); b++) {
                K.gemm(false, true, d.tq(), d.tv(), d.dim(), q, b * d.tq() * d.dim(), d.dim(), k,
                        b * d.tv() * d.dim(), d.dim(), 0f, raw, b * d.tq() * d.tv(), d.tv());
            }
            double acc = 0;
            for (int i = 0; i < raw.length; i++) {
                acc += (double) raw[i] * ds[i];
            }
            scale.grad()[0] += (float) acc;
        }
        float[] scaled = ds;
        if (c != 1f) {
            scaled = new float[ds.length];
            for (int i = 0; i < ds.length; i++) {
                scaled[i] = ds[i] * c;
            }
        }
        for (int b = 0; b < d.batch(); b++) {
            int sOff = b * d.tq() * d.tv();
            K.gemm(false, false, d.tq(), d.dim(), d.tv(), scaled, sOff, d.tv(), k, b * d.tv() * d.dim(), d.dim(), 1f,
                    dq, b * d.tq() * d.dim(), d.dim());
            K.gemm(true, false, d.tv(), d.dim(), d.tq(), scaled, sOff, d.tv(), q, b * d.tq() * d.dim(), d.dim(), 1f,
                    dk, b * d.tv() * d.dim(), d.dim());
        }
    }
}
