package dev.engram.layers;

/**
 * Adds zero steps at both ends of a sequence (Keras {@code ZeroPadding1D}; not in TF.js 4.22):
 * {@code padLeft} zeros, the input, {@code padRight} zeros along the step axis, channels-last or (Keras
 * 3) channels-first. A mask is dropped (Keras 3 does not pass it on).
 */
public final class ZeroPadding1D extends StepMapLayer {
    private final ZeroPadding1DConfig config;

    ZeroPadding1D(String name, ZeroPadding1DConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public ZeroPadding1DConfig config() {
        return config;
    }

    @Override
    DataFormat format() {
        return config.dataFormat();
    }

    @Override
    long outSteps(int steps) {
        return (long) steps + config.padLeft() + config.padRight();
    }

    @Override
    int source(int t, int steps) {
        int s = t - config.padLeft();
        return s >= 0 && s < steps ? s : -1;
    }

    @Override
    String tooShortReason() {
        return "needs at least one step";
    }
}
