package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A regularisation layer that is the identity at inference and perturbs its input in training
 * ({@code SpatialDropout1D}, {@code SpatialDropout2D}, {@code GaussianNoise}, {@code GaussianDropout}, {@code AlphaDropout}).
 * Every variant here is affine per element in training, {@code y = a * x + b} with random
 * {@code a, b}, so the backward pass is {@code dx = a * dy}. A time-step mask passes through (TF.js and
 * Keras set {@code supportsMasking} on all four).
 */
abstract sealed class NoiseLayer extends Layer permits SpatialDropout1D, SpatialDropout2D, GaussianNoise, GaussianDropout,
        AlphaDropout {
    private final RandomGenerator ownRandom;

    NoiseLayer(String name, Long seed) {
        super(name);
        this.ownRandom = seed == null ? null : new SplittableRandom(seed);
    }

    /** Whether training changes anything (a zero rate or deviation does not). */
    abstract boolean active();

    /** Fills the per-element factor {@code a} and offset {@code b} (b may stay null) for input {@code x}. */
    abstract float[][] draw(Tensor x, RandomGenerator random);

    @Override
    public boolean supportsMasking() {
        return true;
    }

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
        return input;
    }

    @Override
    boolean inferInto(float[] in, int inOff, int batch, Shape sampleShape, float[] out, int outOff) {
        return copyThrough(in, inOff, batch, sampleShape, out, outOff);
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        if (!active()) {
            return ForwardPass.of(input, grads -> grads.get(0));
        }
        float[][] ab = draw(input, ownRandom != null ? ownRandom : context.random());
        float[] a = ab[0];
        float[] b = ab[1];
        float[] x = input.buffer();
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = a[i] * x[i] + (b == null ? 0f : b[i]);
        }
        return ForwardPass.of(Tensor.wrap(input.shape(), y), grads -> {
            float[] dy = grads.get(0).buffer();
            float[] dx = new float[dy.length];
            for (int i = 0; i < dx.length; i++) {
                dx[i] = a[i] * dy[i];
            }
            return Tensor.wrap(input.shape(), dx);
        });
    }
}
