package dev.engram.layers;

import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Additive zero-mean Gaussian noise (Keras and TF.js {@code GaussianNoise}): in training
 * {@code y = x + n}, {@code n ~ N(0, stddev²)} per element; identity at inference.
 */
public final class GaussianNoise extends NoiseLayer {
    private final GaussianNoiseConfig config;

    GaussianNoise(String name, GaussianNoiseConfig config) {
        super(name, config.seed());
        this.config = config;
    }

    @Override
    public GaussianNoiseConfig config() {
        return config;
    }

    @Override
    boolean active() {
        return config.stddev() > 0;
    }

    @Override
    float[][] draw(Tensor x, RandomGenerator random) {
        float[] a = new float[x.size()];
        float[] b = new float[a.length];
        java.util.Arrays.fill(a, 1f);
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (random.nextGaussian() * config.stddev());
        }
        return new float[][] {a, b};
    }
}
