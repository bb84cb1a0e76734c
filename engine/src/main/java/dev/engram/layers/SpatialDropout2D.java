package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Dropout of whole feature maps of an image (Keras {@code SpatialDropout2D}, Tompson et al. 2015):
 * in training each (sample, channel) pair is zeroed with probability {@code rate} at every row and
 * column, the rest scaled by {@code 1 / (1 - rate)}; identity at inference. Input
 * {@code [batch, rows, cols, channels]} or channels-first {@code [batch, channels, rows, cols]}.
 */
public final class SpatialDropout2D extends NoiseLayer {
    private final SpatialDropout2DConfig config;

    SpatialDropout2D(String name, SpatialDropout2DConfig config) {
        super(name, config.seed());
        this.config = config;
    }

    @Override
    public SpatialDropout2DConfig config() {
        return config;
    }

    @Override
    public String inputHint() {
        return SpatialView.hint(config.dataFormat(), 2);
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        SpatialView.buildDims(name(), typeName(), inputShape, config.dataFormat(), 2);
        return inputShape;
    }

    @Override
    boolean active() {
        return config.rate() > 0;
    }

    @Override
    float[][] draw(Tensor x, RandomGenerator random) {
        boolean last = config.dataFormat() == DataFormat.CHANNELS_LAST;
        int batch = x.shape().dim(0);
        int channels = x.shape().dim(last ? 3 : 1);
        int cells = x.size() / (batch * channels);
        float keep = (float) (1 - config.rate());
        float[] a = new float[x.size()];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                float m = random.nextFloat() < keep ? 1f / keep : 0f;
                for (int i = 0; i < cells; i++) {
                    a[last ? (b * cells + i) * channels + c : (b * channels + c) * cells + i] = m;
                }
            }
        }
        return new float[][] {a, null};
    }
}
