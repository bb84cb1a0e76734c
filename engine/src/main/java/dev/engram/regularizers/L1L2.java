package dev.engram.regularizers;

/**
 * The L1 and L2 weight penalty of Keras and TF.js ({@code L1L2}):
 * {@code penalty(w) = l1 * sum|w| + l2 * sum w^2}, gradient {@code l1 * sign(w) + 2 * l2 * w} (with
 * {@code sign(0) = 0}, the subgradient TensorFlow uses for {@code abs}). The penalty is a plain sum,
 * not divided by the batch size or the number of weights. Sums are accumulated in double.
 *
 * @param l1 the L1 factor, finite and {@code >= 0}
 * @param l2 the L2 factor, finite and {@code >= 0}
 */
public record L1L2(double l1, double l2) implements Regularizer {

    /**
     * Validates the factors.
     *
     * @param l1 see the record
     * @param l2 see the record
     */
    public L1L2 {
        check("l1", l1);
        check("l2", l2);
    }

    private static void check(String field, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("L1L2 regularizer: " + field + " must be a finite number >= 0, got " + v);
        }
    }

    @Override
    public double penalty(float[] value) {
        double abs = 0;
        double squares = 0;
        for (float v : value) {
            abs += Math.abs(v);
            squares += (double) v * v;
        }
        return l1 * abs + l2 * squares;
    }

    @Override
    public void addGradient(float[] value, float[] gradient) {
        float a = (float) l1;
        float b = (float) (2 * l2);
        for (int i = 0; i < value.length; i++) {
            gradient[i] += a * Math.signum(value[i]) + b * value[i];
        }
    }
}
