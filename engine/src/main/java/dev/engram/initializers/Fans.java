package dev.engram.initializers;

import dev.engram.tensor.Shape;

/**
 * Fan-in and fan-out of a weight shape, as Keras computes them: rank 0 gives 1 and 1; rank 1
 * gives {@code shape[0]} for both; rank 2 {@code [in, out]} gives {@code in, out}; higher ranks
 * (convolution kernels, channels last) multiply both by the receptive field
 * {@code prod(shape[:-2])}: {@code fanIn = shape[-2] * rf, fanOut = shape[-1] * rf}.
 *
 * <p>TF.js differs only for rank 1 (and ranks above 5), where it uses {@code sqrt(size)} for both;
 * variance-scaled 1-D weights are rare enough that one rule serves both dialects.
 */
record Fans(double fanIn, double fanOut) {

    static Fans of(Shape shape) {
        int rank = shape.rank();
        if (rank == 0) {
            return new Fans(1, 1);
        }
        if (rank == 1) {
            return new Fans(shape.dim(0), shape.dim(0));
        }
        double receptiveField = 1;
        for (int i = 0; i < rank - 2; i++) {
            receptiveField *= shape.dim(i);
        }
        return new Fans(shape.dim(-2) * receptiveField, shape.dim(-1) * receptiveField);
    }

    /** The fan {@code mode} selects. */
    double select(FanMode mode) {
        return switch (mode) {
            case FAN_IN -> fanIn;
            case FAN_OUT -> fanOut;
            case FAN_AVG -> (fanIn + fanOut) / 2;
        };
    }
}
