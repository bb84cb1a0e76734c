package dev.engram.regularizers;

/**
 * Factory for the built-in regularizers. The defaults are those of TF.js
 * {@code tf.regularizers.l1()}, {@code l2()} and {@code l1l2()} (0.01 for each factor given).
 */
public final class Regularizers {
    private Regularizers() {
    }

    /**
     * {@code 0.01 * sum|w|}.
     *
     * @return the regularizer
     */
    public static L1L2 l1() {
        return l1(0.01);
    }

    /**
     * {@code l1 * sum|w|}.
     *
     * @param l1 the factor of the sum of absolute values
     * @return the regularizer
     */
    public static L1L2 l1(double l1) {
        return new L1L2(l1, 0);
    }

    /**
     * {@code 0.01 * sum w^2}.
     *
     * @return the regularizer
     */
    public static L1L2 l2() {
        return l2(0.01);
    }

    /**
     * {@code l2 * sum w^2}.
     *
     * @param l2 the factor of the sum of squares
     * @return the regularizer
     */
    public static L1L2 l2(double l2) {
        return new L1L2(0, l2);
    }

    /**
     * {@code 0.01 * sum|w| + 0.01 * sum w^2} (TF.js {@code l1l2()}; Keras's {@code L1L2()} defaults to 0 and 0).
     *
     * @return the regularizer
     */
    public static L1L2 l1l2() {
        return l1l2(0.01, 0.01);
    }

    /**
     * {@code l1 * sum|w| + l2 * sum w^2}.
     *
     * @param l1 the factor of the sum of absolute values
     * @param l2 the factor of the sum of squares
     * @return the regularizer
     */
    public static L1L2 l1l2(double l1, double l2) {
        return new L1L2(l1, l2);
    }
}
