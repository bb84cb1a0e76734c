package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Dropout of whole channels of a {@code [batch, steps, channels]} sequence (Keras and TF.js
 * {@code SpatialDropout1D}, Tompson et al. 2015): in training each (sample, channel) pair is zeroed
 * with probability {@code rate} at every step, the rest scaled by {@code 1 / (1 - rate)}; identity at
 * inference.
 */
public final class SpatialDropout1D extends NoiseLayer {
    private final SpatialDropout1DConfig config;

    SpatialDropout1D(String name, SpatialDropout1DConfig config) {
        super(name, config.seed());
        this.config = config;
    }

    @Override
    public SpatialDropout1DConfig config() {
        return config;
    }

    @Override
    public String inputHint() {
        return "[batch, steps, channels]";
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        StepView.buildSteps(name(), typeName(), inputShape, DataFormat.CHANNELS_LAST);
        return inputShape;
    }

    @Override
    boolean active() {
        return config.rate() > 0;
    }

    @Override
    float[][] draw(Tensor x, RandomGenerator random) {
        StepView v = StepView.of(x, DataFormat.CHANNELS_LAST);
        float keep = (float) (1 - config.rate());
        float[] a = new float[x.size()];
        for (int b = 0; b < v.outer(); b++) {
            for (int c = 0; c < v.inner(); c++) {
                float m = random.nextFloat() < keep ? 1f / keep : 0f;
                for (int t = 0; t < v.steps(); t++) {
                    a[(b * v.steps() + t) * v.inner() + c] = m;
                }
            }
        }
        return new float[][] {a, null};
    }
}
