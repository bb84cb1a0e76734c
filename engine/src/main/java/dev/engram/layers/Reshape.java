package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Gives each sample a new shape with the same values in row-major order (TF.js and Keras
 * {@code Reshape}); one target dimension may be -1 and is inferred from the values per sample. It
 * does not take a mask (TF.js parity).
 */
public final class Reshape extends Layer {
    private final ReshapeConfig config;

    Reshape(String name, ReshapeConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public ReshapeConfig config() {
        return config;
    }

    /** The target with its -1 resolved for {@code valuesPerSample} values, or null if it cannot hold them. */
    private Shape resolve(int valuesPerSample) {
        Shape t = config.targetShape();
        int known = 1;
        int unknownAt = -1;
        for (int i = 0; i < t.rank(); i++) {
            if (t.dim(i) == Shape.UNKNOWN) {
                unknownAt = i;
            } else {
                known *= t.dim(i);
            }
        }
        if (unknownAt < 0) {
            return known == valuesPerSample ? t : null;
        }
        if (valuesPerSample % known != 0) {
            return null;
        }
        int[] d = t.toArray();
        d[unknownAt] = valuesPerSample / known;
        return Shape.of(d);
    }

    private IncompatibleShapeException mismatch(Shape found) {
        int batch = Math.max(1, found.dim(0));
        return new IncompatibleShapeException(name(), 0, inputShape().prepend(Shape.UNKNOWN), found,
                "(Reshape to " + config.targetShape() + " cannot take " + (found.size() / batch)
                        + " values per sample)");
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        if (!inputShape.isFullyKnown()) {
            // TF.js parity: with unknown input dimensions the output shape keeps the -1.
            return config.targetShape();
        }
        Shape out = resolve(inputShape.size());
        if (out == null) {
            throw new IncompatibleShapeException(name(), 0, config.targetShape().prepend(Shape.UNKNOWN),
                    inputShape.prepend(Shape.UNKNOWN), "(Reshape: " + inputShape.size()
                            + " values per sample cannot take the target shape)");
        }
        return out;
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        super.checkInput(index, input);
        int batch = input.shape().dim(0);
        if (batch > 0 && resolve(input.size() / batch) == null) {
            throw mismatch(input.shape());
        }
    }

    private Shape outShape(Tensor input) {
        int batch = input.shape().dim(0);
        if (batch == 0) {
            Shape built = outputShape();
            return (built.isFullyKnown() ? built : Shape.of(new int[built.rank()])).prepend(0);
        }
        return resolve(input.size() / batch).prepend(batch);
    }

    @Override
    protected Tensor doCall(Tensor input) {
        return Tensor.wrap(outShape(input), input.buffer());
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
