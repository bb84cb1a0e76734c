package dev.engram.optimizers.schedules;

import java.util.Arrays;

/**
 * Keras {@code PiecewiseConstantDecay}, the step decay: {@code values[0]} while
 * {@code step <= boundaries[0]}, {@code values[i]} while {@code boundaries[i-1] < step <= boundaries[i]},
 * and {@code values[n]} after {@code boundaries[n-1]}.
 *
 * <p>For the classic "multiply by {@code factor} every {@code k} steps" use
 * {@link ExponentialDecay} with {@code staircase = true}, or {@link #stepDecay}.
 *
 * @param boundaries strictly increasing step boundaries ({@code n >= 1})
 * @param values     {@code n + 1} rates, each finite and {@code >= 0}
 */
public record PiecewiseConstantDecay(long[] boundaries, double[] values) implements LearningRateSchedule {

    /**
     * Validates and copies the arrays.
     *
     * @param boundaries see the record
     * @param values     see the record
     */
    public PiecewiseConstantDecay {
        if (boundaries == null || values == null || boundaries.length == 0 || values.length != boundaries.length + 1) {
            throw new IllegalArgumentException("PiecewiseConstantDecay needs n >= 1 boundaries and n + 1 values, got "
                    + (boundaries == null ? "null" : boundaries.length) + " boundaries and "
                    + (values == null ? "null" : values.length) + " values");
        }
        for (int i = 1; i < boundaries.length; i++) {
            if (boundaries[i] <= boundaries[i - 1]) {
                throw new IllegalArgumentException("PiecewiseConstantDecay: boundaries must increase strictly, got "
                        + Arrays.toString(boundaries));
            }
        }
        for (double v : values) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("PiecewiseConstantDecay: values must be finite and >= 0, got "
                        + Arrays.toString(values));
            }
        }
        boundaries = boundaries.clone();
        values = values.clone();
    }

    /**
     * The step decay {@code initial * factor^floor(step / every)}, cut off after {@code drops} drops:
     * boundaries {@code every - 1, 2 * every - 1, ...} so that step {@code every} is the first at the
     * next rate, matching {@code ExponentialDecay(initial, every, factor, true)} for those steps.
     *
     * @param initial the first rate
     * @param every   steps per drop
     * @param factor  the multiplier of each drop
     * @param drops   the number of drops
     * @return the schedule
     */
    public static PiecewiseConstantDecay stepDecay(double initial, long every, double factor, int drops) {
        if (every <= 0 || drops <= 0) {
            throw new IllegalArgumentException("stepDecay: every and drops must be > 0, got " + every + " and " + drops);
        }
        long[] b = new long[drops];
        double[] v = new double[drops + 1];
        v[0] = initial;
        for (int i = 0; i < drops; i++) {
            b[i] = (i + 1) * every - 1;
            v[i + 1] = v[i] * factor;
        }
        return new PiecewiseConstantDecay(b, v);
    }

    /**
     * Copies of the arrays (records would otherwise expose the internal ones).
     *
     * @return the step boundaries
     */
    @Override
    public long[] boundaries() {
        return boundaries.clone();
    }

    /**
     * A copy of the rates.
     *
     * @return the {@code n + 1} rates
     */
    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public double rate(long step) {
        for (int i = 0; i < boundaries.length; i++) {
            if (step <= boundaries[i]) {
                return values[i];
            }
        }
        return values[boundaries.length];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PiecewiseConstantDecay p && Arrays.equals(boundaries, p.boundaries)
                && Arrays.equals(values, p.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(boundaries) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "PiecewiseConstantDecay[boundaries=" + Arrays.toString(boundaries) + ", values=" + Arrays.toString(values)
                + "]";
    }
}
