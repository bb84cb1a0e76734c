package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;

/**
 * A {@code [batch, steps, channels]} or {@code [batch, channels, steps]} tensor seen as
 * {@code [outer, steps, inner]}: channels-last gives {@code outer = batch, inner = channels},
 * channels-first gives {@code outer = batch * channels, inner = 1}. The step-axis layers (pooling,
 * cropping, padding, up-sampling) then run one loop for both layouts.
 */
record StepView(int outer, int steps, int inner) {

    static StepView of(Tensor x, DataFormat format) {
        Shape s = x.shape();
        return format == DataFormat.CHANNELS_LAST ? new StepView(s.dim(0), s.dim(1), s.dim(2))
                : new StepView(s.dim(0) * s.dim(1), s.dim(2), 1);
    }

    /** The shape of {@code x} with its step axis set to {@code newSteps}. */
    static Shape withSteps(Tensor x, DataFormat format, int newSteps) {
        int[] d = x.shape().toArray();
        d[1 + format.stepAxis()] = newSteps;
        return Shape.of(d);
    }

    /** Checks a per-sample build shape is rank 2 and returns its step count (maybe unknown). */
    static int buildSteps(String layer, String type, Shape inputShape, DataFormat format) {
        if (inputShape.rank() != 2) {
            throw new IncompatibleShapeException(layer, 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN),
                    inputShape.prepend(Shape.UNKNOWN), "(" + type + " takes " + hint(format) + ")");
        }
        return inputShape.dim(format.stepAxis());
    }

    /** The per-sample shape with the step axis replaced. */
    static Shape sampleWithSteps(Shape sample, DataFormat format, int steps) {
        int[] d = sample.toArray();
        d[format.stepAxis()] = steps;
        return Shape.of(d);
    }

    /** A shape of {@code rank} unknown dimensions, for messages that only know the rank expected. */
    static Shape anyOfRank(int rank) {
        int[] d = new int[rank];
        java.util.Arrays.fill(d, Shape.UNKNOWN);
        return Shape.of(d);
    }

    static String hint(DataFormat format) {
        return format == DataFormat.CHANNELS_LAST ? "[batch, steps, channels]" : "[batch, channels, steps]";
    }
}
