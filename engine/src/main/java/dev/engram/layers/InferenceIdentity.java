package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A layer whose inference returns its input unchanged ({@link Identity}, the random augmentations of
 * {@link ImageAugmentation}): the output shape is the input's, and the allocation-free path copies through.
 * Subclasses say what training does.
 */
abstract class InferenceIdentity extends Layer {
    InferenceIdentity(String name) {
        super(name);
    }

    @Override
    protected final Shape doBuild(Shape inputShape, RandomGenerator random) {
        return inputShape;
    }

    @Override
    protected final Tensor doCall(Tensor input) {
        return input;
    }

    @Override
    final boolean inferInto(float[] in, int inOff, int batch, Shape sampleShape, float[] out, int outOff) {
        return copyThrough(in, inOff, batch, sampleShape, out, outOff);
    }
}
