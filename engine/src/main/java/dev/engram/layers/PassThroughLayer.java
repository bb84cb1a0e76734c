package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A layer whose output is its input, with a time-step mask passing through: what {@link Identity} and
 * {@link ActivityRegularization} compute in both passes (the latter's penalty is applied by the model), and
 * {@link ImageAugmentation} at inference (it refuses training and takes no mask).
 */
abstract sealed class PassThroughLayer extends Layer permits Identity, ActivityRegularization, ImageAugmentation {

    PassThroughLayer(String name) {
        super(name);
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
