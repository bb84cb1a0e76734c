package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Flattens each sample to one axis: {@code [batch, d1, d2, ...]} to {@code [batch, d1·d2·...]} in
 * row-major order (TF.js and Keras {@code Flatten}, channels-last). The input needs rank &gt;= 3 and
 * known non-batch dimensions, as in TF.js. It does not support masking: a mask reaching it is
 * dropped, as TF.js and Keras do.
 */
public final class Flatten extends Layer {
    private final FlattenConfig config;

    Flatten(String name, FlattenConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public FlattenConfig config() {
        return config;
    }

    @Override
    public String inputHint() {
        return "(Flatten takes [batch, d1, d2, ...] of rank >= 3 with known d1, d2, ...)";
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        // TF.js parity: inputSpec minNDim 3, and every non-batch dimension must be known.
        if (inputShape.rank() < 2 || !inputShape.isFullyKnown()) {
            throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN),
                    inputShape.prepend(Shape.UNKNOWN), inputHint());
        }
        return Shape.of(inputShape.size());
    }

    @Override
    protected Tensor doCall(Tensor input) {
        return Tensor.wrap(Shape.of(input.shape().dim(0), outputShape().dim(0)), input.buffer());
    }

    @Override
    boolean inferInto(float[] in, int inOff, int batch, Shape sampleShape, float[] out, int outOff) {
        return copyThrough(in, inOff, batch, sampleShape, out, outOff);
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Tensor out = doCall(input);
        return ForwardPass.of(out, grads -> {
            return Tensor.wrap(input.shape(), grads.get(0).buffer());
        });
    }
}
