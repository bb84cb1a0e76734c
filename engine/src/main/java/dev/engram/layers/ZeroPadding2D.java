package dev.engram.layers;

/**
 * Adds zero rows and columns around an image (Keras and TF.js {@code ZeroPadding2D}): output cell
 * {@code (i, j)} is input cell {@code (i - top, j - left)} where that exists, else 0; the output has
 * {@code rows + top + bottom} rows and {@code cols + left + right} columns.
 */
public final class ZeroPadding2D extends SpatialMapLayer {
    private final ZeroPadding2DConfig config;

    ZeroPadding2D(String name, ZeroPadding2DConfig config) {
        super(name, config.dataFormat());
        this.config = config;
    }

    @Override
    public ZeroPadding2DConfig config() {
        return config;
    }

    @Override
    long outSize(int axis, int size) {
        return (long) size + config.before(axis) + config.after(axis);
    }

    @Override
    int source(int axis, int t, int size) {
        int s = t - config.before(axis);
        return s >= 0 && s < size ? s : -1;
    }

    @Override
    String tooSmallReason() {
        return "never gives an empty image";
    }
}
