package dev.engram.optimizers;

/** Validation of optimizer hyper-parameters, with messages naming the optimizer, the field and the value. */
final class HyperParameters {
    private HyperParameters() {
    }

    /** A learning rate: finite and {@code > 0}. */
    static double learningRate(String optimizer, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(optimizer + ": learningRate must be a finite number > 0, got "
                    + value);
        }
        return value;
    }

    /** A decay rate in {@code [0, 1)} (Adam's betas, RMSprop's decay). */
    static double unitInterval(String optimizer, String field, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(optimizer + ": " + field + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /** A finite value {@code >= 0} (epsilon, momentum, initial accumulator value). */
    static double nonNegative(String optimizer, String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(optimizer + ": " + field + " must be a finite number >= 0, got "
                    + value);
        }
        return value;
    }
}
