package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Returns its input unchanged (Keras 3 {@code Identity}; not in TF.js 4.22). A time-step mask passes
 * through (Keras 3 sets {@code supports_masking}).
 */
public final class Identity extends Layer {
    private final IdentityConfig config;

    Identity(String name, IdentityConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public IdentityConfig config() {
        return config;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        return inputShape;
    }

    @Override
    protected Tensor doCall(Tensor input) {
        return input;
    }

    @Override
    boolean inferInto(float[] in, int inOff, int batch, Shape sampleShape, float[] out, int outOff) {
        return copyThrough(in, inOff, batch, sampleShape, out, outOff);
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        return ForwardPass.of(input, grads -> grads.get(0));
    }
}
