package dev.engram.data;

/**
 * Options of {@link Datasets#timeseriesWindows}, with Keras's defaults: stride 1, sampling rate 1,
 * batch size 128, no shuffling, the whole series.
 *
 * @param sequenceStride steps between the starts of consecutive windows, &gt; 0
 * @param samplingRate   steps between the rows inside a window, &gt; 0
 * @param batchSize      windows per batch, or 0 for single windows
 * @param shuffle        shuffle the windows (each iteration differently)
 * @param seed           the shuffling seed
 * @param startIndex     first row used, &gt;= 0
 * @param endIndex       one past the last row used, or -1 for the series length
 */
public record TimeseriesOptions(int sequenceStride, int samplingRate, int batchSize, boolean shuffle, long seed,
        int startIndex, int endIndex) {

    /**
     * Validates.
     *
     * @param sequenceStride steps between the starts of consecutive windows, &gt; 0
     * @param samplingRate   steps between the rows inside a window, &gt; 0
     * @param batchSize      windows per batch, or 0 for single windows
     * @param shuffle        shuffle the windows (each iteration differently)
     * @param seed           the shuffling seed
     * @param startIndex     first row used, &gt;= 0
     * @param endIndex       one past the last row used, or -1 for the series length
     */
    public TimeseriesOptions {
        if (sequenceStride <= 0 || samplingRate <= 0) {
            throw new IllegalArgumentException("timeseries sequenceStride and samplingRate must be > 0, got "
                    + sequenceStride + " and " + samplingRate);
        }
        if (batchSize < 0 || startIndex < 0 || endIndex < -1) {
            throw new IllegalArgumentException("timeseries batchSize and startIndex must be >= 0 and endIndex >= -1");
        }
    }

    /**
     * Keras's defaults.
     *
     * @return stride 1, sampling rate 1, batches of 128, no shuffling, every row
     */
    public static TimeseriesOptions defaults() {
        return new TimeseriesOptions(1, 1, 128, false, 0, 0, -1);
    }

    /**
     * With another stride between window starts.
     *
     * @param s rows between the starts of consecutive windows, &gt; 0
     * @return the changed options
     * @throws IllegalArgumentException when {@code s} is not positive
     */
    public TimeseriesOptions withSequenceStride(int s) {
        return new TimeseriesOptions(s, samplingRate, batchSize, shuffle, seed, startIndex, endIndex);
    }

    /**
     * With another step between rows of a window.
     *
     * @param r rows between the steps inside a window, &gt; 0
     * @return the changed options
     * @throws IllegalArgumentException when {@code r} is not positive
     */
    public TimeseriesOptions withSamplingRate(int r) {
        return new TimeseriesOptions(sequenceStride, r, batchSize, shuffle, seed, startIndex, endIndex);
    }

    /**
     * With another batch size (0: single windows).
     *
     * @param b windows per batch, &gt;= 0
     * @return the changed options
     * @throws IllegalArgumentException when {@code b} is negative
     */
    public TimeseriesOptions withBatchSize(int b) {
        return new TimeseriesOptions(sequenceStride, samplingRate, b, shuffle, seed, startIndex, endIndex);
    }

    /**
     * Shuffle the windows with {@code s}.
     *
     * @param s the shuffling seed
     * @return the changed options, with shuffling on
     */
    public TimeseriesOptions withShuffle(long s) {
        return new TimeseriesOptions(sequenceStride, samplingRate, batchSize, true, s, startIndex, endIndex);
    }

    /**
     * Use rows {@code start} (inclusive) to {@code end} (exclusive).
     *
     * @param start the first row, &gt;= 0
     * @param end one past the last row, or -1 for the series end
     * @return the changed options
     * @throws IllegalArgumentException when {@code start} is negative or {@code end} below -1
     */
    public TimeseriesOptions withRange(int start, int end) {
        return new TimeseriesOptions(sequenceStride, samplingRate, batchSize, shuffle, seed, start, end);
    }
}
