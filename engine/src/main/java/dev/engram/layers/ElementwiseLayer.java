package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A weightless layer applying one scalar function to every element (the advanced activation layers
 * {@code ReLU}, {@code LeakyReLU}, {@code ELU}, {@code ThresholdedReLU}). Subclasses give the function
 * and its derivative as plain loops over a buffer (the JIT vectorises them; these layers are
 * memory-bound); this class keeps the config, the type name and whether a time-step mask passes
 * through, which differs by origin for some of them.
 *
 * @param <C> the layer's config type
 */
abstract sealed class ElementwiseLayer<C extends LayerConfig<C>> extends Layer permits ReluLayer, LeakyReluLayer,
        EluLayer, ThresholdedReluLayer {
    private final C config;
    private final String typeName;
    private final boolean passesMask;

    ElementwiseLayer(String name, C config, String typeName, boolean passesMask) {
        super(name);
        this.config = config;
        this.typeName = typeName;
        this.passesMask = passesMask;
    }

    @Override
    public C config() {
        return config;
    }

    @Override
    public String typeName() {
        return typeName;
    }

    @Override
    public boolean supportsMasking() {
        return passesMask;
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
