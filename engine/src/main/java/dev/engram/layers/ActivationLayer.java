package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Applies an {@link Activation} to its input: element-wise, or along the last axis for softmax
 * (Keras and TF.js {@code Activation}; named {@code ActivationLayer} here because
 * {@link Activation} is the function). Shape in = shape out; a time-step mask passes through.
 */
public final class ActivationLayer extends Layer {
    private final ActivationLayerConfig config;

    ActivationLayer(String name, ActivationLayerConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public ActivationLayerConfig config() {
        return config;
    }

    @Override
    public String typeName() {
        return "Activation";
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        if (inputShape.rank() < 1) {
            throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN),
                    inputShape.prepend(Shape.UNKNOWN), "(Activation takes [batch, ...] of rank >= 2)");
        }
        return inputShape;
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        int[] expected = inputShape().prepend(Shape.UNKNOWN).toArray();
        if (expected.length > 2) {
            expected[1] = Shape.UNKNOWN; // any number of time steps, like Dense
        }
        if (!Shape.of(expected).accepts(input.shape())) {
            throw new IncompatibleShapeException(name(), index, Shape.of(expected), input.shape(), "");
        }
    }

    private static int cols(Tensor x) {
        return x.shape().dim(-1);
    }

    @Override
    protected Tensor doCall(Tensor input) {
        int cols = cols(input);
        float[] y = new float[input.size()];
        if (y.length > 0) {
            config.activation().forward(input.buffer(), 0, y, 0, y.length / cols, cols);
        }
        return Tensor.wrap(input.shape(), y);
    }

    @Override
    boolean inferInto(float[] in, int inOff, int batch, Shape sampleShape, float[] out, int outOff) {
        int n = Math.multiplyExact(batch, sampleShape.size());
        int cols = sampleShape.dim(-1);
        if (n > 0) {
            config.activation().forward(in, inOff, out, outOff, n / cols, cols);
        }
        return true;
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Tensor out = doCall(input);
        return ForwardPass.of(out, grads -> {
            int cols = cols(input);
            float[] dx = new float[input.size()];
            if (dx.length > 0) {
                config.activation().backward(input.buffer(), 0, out.buffer(), 0, grads.get(0).buffer(), 0, dx, 0,
                        dx.length / cols, cols);
            }
            return Tensor.wrap(input.shape(), dx);
        });
    }
}
