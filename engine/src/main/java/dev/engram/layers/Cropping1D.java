package dev.engram.layers;

/**
 * Removes steps from both ends of {@code [batch, steps, channels]} (Keras {@code Cropping1D}; not in
 * TF.js 4.22): output step {@code t} is input step {@code t + cropLeft}, {@code steps - cropLeft -
 * cropRight} steps in all. A mask is dropped (Keras 3 does not pass it on).
 */
public final class Cropping1D extends StepMapLayer {
    private final Cropping1DConfig config;

    Cropping1D(String name, Cropping1DConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public Cropping1DConfig config() {
        return config;
    }

    @Override
    DataFormat format() {
        return DataFormat.CHANNELS_LAST;
    }

    @Override
    long outSteps(int steps) {
        return (long) steps - config.cropLeft() - config.cropRight();
    }

    @Override
    int source(int t, int steps) {
        return t + config.cropLeft();
    }

    @Override
    String tooShortReason() {
        return "removes " + config.cropLeft() + " + " + config.cropRight() + " steps and needs more than that";
    }
}
