package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Preprocessing {@code Rescaling} (TF.js and Keras): {@code y = x * scale + offset}, element-wise, any
 * input shape; the input gradient is {@code dy * scale}. No weights; a mask is dropped (neither
 * peer lets Rescaling take one).
 */
public final class Rescaling extends Layer {
    private final RescalingConfig config;

    Rescaling(String name, RescalingConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public RescalingConfig config() {
        return config;
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        return inputShape;
    }

    private static float[] affine(float[] v, float a, float b) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * a + b;
        }
        return out;
    }

    @Override
    protected Tensor doCall(Tensor input) {
        return Tensor.wrap(input.shape(), affine(input.buffer(), (float) config.scale(), (float) config.offset()));
    }

    @Override
    boolean inferInto(float[] in, int inOff, int batch, Shape sampleShape, float[] out, int outOff) {
        float a = (float) config.scale();
        float b = (float) config.offset();
        int n = Math.multiplyExact(batch, sampleShape.size());
        for (int i = 0; i < n; i++) {
            out[outOff + i] = in[inOff + i] * a + b;
        }
        return true;
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        return ForwardPass.of(doCall(input),
                g -> Tensor.wrap(input.shape(), affine(g.get(0).buffer(), (float) config.scale(), 0f)));
    }
}
