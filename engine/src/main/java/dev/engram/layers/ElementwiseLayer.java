package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A weightless layer applying one scalar function to every element (the advanced activation layers
 * {@code ReLU}, {@code LeakyReLU}, {@code ELU}, {@code ThresholdedReLU}). Subclasses give the function
 * and its derivative as plain loops over a buffer (the JIT vectorises them; these layers are
 * memory-bound) and whether a time-step mask passes through, which differs by origin.
 */
abstract sealed class ElementwiseLayer extends Layer permits ReluLayer, LeakyReluLayer, EluLayer,
        ThresholdedReluLayer {

    ElementwiseLayer(String name) {
        super(name);
    }

    /** Writes {@code f(x[i])} to {@code y[yOff + i]} for {@code i < n}. */
    abstract void apply(float[] x, int xOff, float[] y, int yOff, int n);

    /** Writes {@code dy[i] * f'(x[i])} to {@code dx[i]}; {@code y} holds {@code f(x)}. */
    abstract void gradient(float[] x, float[] y, float[] dy, float[] dx);

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        return inputShape;
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        if (input.rank() != inputShape().rank() + 1) {
            super.checkInput(index, input);
        }
    }

    @Override
    protected Tensor doCall(Tensor input) {
        float[] y = new float[input.size()];
        apply(input.buffer(), 0, y, 0, y.length);
        return Tensor.wrap(input.shape(), y);
    }

    @Override
    boolean inferInto(float[] in, int inOff, int batch, Shape sampleShape, float[] out, int outOff) {
        apply(in, inOff, out, outOff, Math.multiplyExact(batch, sampleShape.size()));
        return true;
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Tensor out = doCall(input);
        return ForwardPass.of(out, grads -> {
            float[] dx = new float[input.size()];
            gradient(input.buffer(), out.buffer(), grads.get(0).buffer(), dx);
            return Tensor.wrap(input.shape(), dx);
        });
    }
}
