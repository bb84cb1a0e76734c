package dev.engram.layers;

/**
 * Nearest-neighbour up-sampling of an image (Keras and TF.js {@code UpSampling2D}, interpolation
 * {@code "nearest"}): output cell {@code (i, j)} is input cell {@code (i / rows, j / cols)} (integer
 * division), so every row is repeated {@code rows} times and every column {@code cols} times. The
 * gradient of an input cell is the sum over its copies.
 */
public final class UpSampling2D extends SpatialMapLayer {
    private final UpSampling2DConfig config;

    UpSampling2D(String name, UpSampling2DConfig config) {
        super(name, config.dataFormat());
        this.config = config;
    }

    @Override
    public UpSampling2DConfig config() {
        return config;
    }

    private int factor(int axis) {
        return axis == 0 ? config.rows() : config.cols();
    }

    @Override
    long outSize(int axis, int size) {
        return (long) size * factor(axis);
    }

    @Override
    int source(int axis, int t, int size) {
        return t / factor(axis);
    }

    @Override
    String tooSmallReason() {
        return "never gives an empty image";
    }
}
