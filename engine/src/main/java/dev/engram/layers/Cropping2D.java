package dev.engram.layers;

/**
 * Removes rows and columns at the edges of an image (Keras and TF.js {@code Cropping2D}): output
 * cell {@code (i, j)} is input cell {@code (i + top, j + left)}; the output has
 * {@code rows - top - bottom} rows and {@code cols - left - right} columns, at least one of each.
 */
public final class Cropping2D extends SpatialMapLayer {
    private final Cropping2DConfig config;

    Cropping2D(String name, Cropping2DConfig config) {
        super(name, config.dataFormat());
        this.config = config;
    }

    @Override
    public Cropping2DConfig config() {
        return config;
    }

    @Override
    long outSize(int axis, int size) {
        return (long) size - config.before(axis) - config.after(axis);
    }

    @Override
    int source(int axis, int t, int size) {
        return t + config.before(axis);
    }

    @Override
    String tooSmallReason() {
        return "removes " + config.top() + " + " + config.bottom() + " rows and " + config.left() + " + "
                + config.right() + " columns and needs more than that";
    }
}
