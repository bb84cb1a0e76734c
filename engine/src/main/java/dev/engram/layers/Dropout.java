package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Inverted dropout: in training each element is zeroed with probability {@code rate} and the rest
 * are scaled by {@code 1 / (1 - rate)}; at inference the layer is the identity (TF.js and Keras).
 */
public final class Dropout extends Layer {
    private final DropoutConfig config;
    private final RandomGenerator ownRandom;

    Dropout(String name, DropoutConfig config) {
        super(name);
        this.config = config;
        this.ownRandom = config.seed() == null ? null : new SplittableRandom(config.seed());
    }

    @Override
    public DropoutConfig config() {
        return config;
    }

    /** Passes a time-step mask on unchanged (TF.js parity: {@code supportsMasking = true}). */
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
        Shape expected = inputShape().prepend(Shape.UNKNOWN);
        if (input.rank() != expected.rank()) {
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
        if (config.rate() == 0) {
            return identity(input);
        }
        RandomGenerator random = ownRandom != null ? ownRandom : context.random();
        float keep = (float) (1 - config.rate());
        float scale = 1f / keep;
        float[] x = input.buffer();
        float[] mask = new float[x.length];
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            mask[i] = random.nextFloat() < keep ? scale : 0f;
            y[i] = x[i] * mask[i];
        }
        Tensor out = Tensor.wrap(input.shape(), y);
        return ForwardPass.of(out, grads -> {
            float[] dy = grads.get(0).buffer();
            float[] dx = new float[dy.length];
            for (int i = 0; i < dx.length; i++) {
                dx[i] = dy[i] * mask[i];
            }
            return Tensor.wrap(input.shape(), dx);
        });
    }

    private static ForwardPass identity(Tensor input) {
        return ForwardPass.of(input, grads -> {
            return grads.get(0);
        });
    }
}
