package dev.engram.constraints;

/** Factory for the built-in constraints, with the Keras/TF.js defaults. */
public final class Constraints {
    private Constraints() {
    }

    /**
     * {@link MaxNorm} with max value 2 along axis 0.
     *
     * @return the constraint
     */
    public static MaxNorm maxNorm() {
        return maxNorm(2);
    }

    /**
     * {@link MaxNorm} along axis 0.
     *
     * @param maxValue the largest norm allowed
     * @return the constraint
     */
    public static MaxNorm maxNorm(double maxValue) {
        return new MaxNorm(maxValue, 0);
    }

    /**
     * {@link MaxNorm} along the given axis.
     *
     * @param maxValue the largest norm allowed
     * @param axis     the axis the norms are taken along
     * @return the constraint
     */
    public static MaxNorm maxNorm(double maxValue, int axis) {
        return new MaxNorm(maxValue, axis);
    }

    /**
     * {@link NonNeg}.
     *
     * @return the constraint
     */
    public static NonNeg nonNeg() {
        return new NonNeg();
    }

    /**
     * {@link UnitNorm} along axis 0.
     *
     * @return the constraint
     */
    public static UnitNorm unitNorm() {
        return new UnitNorm(0);
    }

    /**
     * {@link UnitNorm} along the given axis.
     *
     * @param axis the axis the norms are taken along
     * @return the constraint
     */
    public static UnitNorm unitNorm(int axis) {
        return new UnitNorm(axis);
    }

    /**
     * {@link MinMaxNorm} with min 0, max 1, rate 1 along axis 0.
     *
     * @return the constraint
     */
    public static MinMaxNorm minMaxNorm() {
        return minMaxNorm(0, 1, 1, 0);
    }

    /**
     * {@link MinMaxNorm} with every field given.
     *
     * @param minValue the smallest norm allowed
     * @param maxValue the largest norm allowed
     * @param rate     how far towards the allowed range each step moves the norm, in {@code [0, 1]}
     * @param axis     the axis the norms are taken along
     * @return the constraint
     */
    public static MinMaxNorm minMaxNorm(double minValue, double maxValue, double rate, int axis) {
        return new MinMaxNorm(minValue, maxValue, rate, axis);
    }
}
