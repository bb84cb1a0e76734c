package dev.engram.layers;

import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Dropout that keeps the self-normalising mean and variance of SELU networks (Keras and TF.js
 * {@code AlphaDropout}, Klambauer et al. 2017): in training each element is kept with probability
 * {@code 1 - rate} or set to {@code alpha' = -scale * alpha} of SELU, then
 * {@code y = a * x' + b} with {@code a = ((1 - rate) * (1 + rate * alpha'^2))^-1/2} and
 * {@code b = -a * alpha' * rate}; identity at inference.
 */
public final class AlphaDropout extends NoiseLayer {
    // SELU's constants, as in Keras and TF.js.
    private static final double ALPHA = 1.6732632423543772848170429916717;
    private static final double SCALE = 1.0507009873554804934193349852946;

    private final AlphaDropoutConfig config;

    AlphaDropout(String name, AlphaDropoutConfig config) {
        super(name, config.seed());
        this.config = config;
    }

    @Override
    public AlphaDropoutConfig config() {
        return config;
    }

    @Override
    boolean active() {
        return config.rate() > 0;
    }

    @Override
    float[][] draw(Tensor x, RandomGenerator random) {
        double rate = config.rate();
        double alphaP = -ALPHA * SCALE;
        double a = Math.pow((1 - rate) * (1 + rate * alphaP * alphaP), -0.5);
        double b = -a * alphaP * rate;
        float[] factor = new float[x.size()];
        float[] offset = new float[factor.length];
        for (int i = 0; i < factor.length; i++) {
            boolean kept = random.nextDouble() >= rate;
            factor[i] = kept ? (float) a : 0f;
            offset[i] = (float) (kept ? b : a * alphaP + b);
        }
        return new float[][] {factor, offset};
    }
}
