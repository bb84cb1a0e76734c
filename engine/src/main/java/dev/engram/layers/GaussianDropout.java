package dev.engram.layers;

import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Multiplicative Gaussian noise (Keras and TF.js {@code GaussianDropout}, Srivastava et al. 2014):
 * in training {@code y = x * n}, {@code n ~ N(1, rate / (1 - rate))} per element; identity at
 * inference.
 */
public final class GaussianDropout extends NoiseLayer {
    private final GaussianDropoutConfig config;

    GaussianDropout(String name, GaussianDropoutConfig config) {
        super(name, config.seed());
        this.config = config;
    }

    @Override
    public GaussianDropoutConfig config() {
        return config;
    }

    @Override
    boolean active() {
        return config.rate() > 0;
    }

    @Override
    float[][] draw(Tensor x, RandomGenerator random) {
        double stddev = Math.sqrt(config.rate() / (1 - config.rate()));
        float[] a = new float[x.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (1 + random.nextGaussian() * stddev);
        }
        return new float[][] {a, null};
    }
}
