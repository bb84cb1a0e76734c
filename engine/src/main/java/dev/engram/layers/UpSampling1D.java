package dev.engram.layers;

/**
 * Repeats every step {@code size} times (Keras {@code UpSampling1D}; not in TF.js 4.22):
 * {@code [batch, steps, channels] -> [batch, steps * size, channels]}, output step {@code t} is input
 * step {@code t / size}. A mask is dropped (Keras 3 does not pass it on).
 */
public final class UpSampling1D extends StepMapLayer {
    private final UpSampling1DConfig config;

    UpSampling1D(String name, UpSampling1DConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public UpSampling1DConfig config() {
        return config;
    }

    @Override
    DataFormat format() {
        return DataFormat.CHANNELS_LAST;
    }

    @Override
    long outSteps(int steps) {
        return (long) steps * config.size();
    }

    @Override
    int source(int t, int steps) {
        return t / config.size();
    }

    @Override
    String tooShortReason() {
        return "needs at least one step";
    }
}
