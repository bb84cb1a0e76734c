package dev.engram.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What batch scoring reads and writes.
 *
 * <p>Each model input is the concatenation, per row, of the values of its columns: a column is a
 * number ({@code float}, {@code double}, any numeric type) or an array of numbers (nested arrays
 * are flattened row-major, so {@code array<array<double>>} of shape {@code [timesteps, features]}
 * works as well as the flat {@code timesteps * features} array). The total per row must equal the
 * model input's per-sample size. Each model output goes to one {@code array<float>} column.
 *
 * @param inputs     per model input, the columns that make it up
 * @param outputCols per model output, the column to write
 * @param batchSize  rows scored per model call inside a partition (default 256)
 * @param errorCol   null (default): a null or wrong-length row fails the job with a
 *                   {@link BadRowException}; otherwise the name of a string column that holds,
 *                   per row, null or why the row could not be scored (its outputs are null)
 */
public record ScoringOptions(List<List<String>> inputs, List<String> outputCols, int batchSize, String errorCol)
        implements Serializable {

    /** Default rows per model call. */
    public static final int DEFAULT_BATCH_SIZE = 256;

    /**
     * Validates: at least one input and output, no empty column lists, batch size {@code > 0}.
     *
     * @param inputs     per model input, the columns that make it up
     * @param outputCols per model output, the column to write
     * @param batchSize  rows scored per model call inside a partition (default 256)
     * @param errorCol   null (default): a null or wrong-length row fails the job with a
     *                   {@link BadRowException}; otherwise the name of a string column that holds,
     *                   per row, null or why the row could not be scored (its outputs are null)
     */
    public ScoringOptions {
        inputs = inputs.stream().map(List::copyOf).toList();
        outputCols = List.copyOf(outputCols);
        if (inputs.isEmpty() || inputs.stream().anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException("every model input needs at least one column, got " + inputs);
        }
        if (outputCols.isEmpty()) {
            throw new IllegalArgumentException("at least one output column is needed");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        }
    }

    /**
     * One model input from one array column, one output column.
     *
     * @param arrayCol a column of numeric arrays, each the flattened per-sample input
     * @param outputCol the new {@code array<float>} column for the output
     * @return the options, with batch size 256 and no error column
     */
    public static ScoringOptions arrayColumn(String arrayCol, String outputCol) {
        return new ScoringOptions(List.of(List.of(arrayCol)), List.of(outputCol), DEFAULT_BATCH_SIZE, null);
    }

    /**
     * One model input made of several columns (numbers or arrays) in order, one output column.
     *
     * @param inputCols the columns concatenated per row into the model input
     * @param outputCol the new {@code array<float>} column for the output
     * @return the options, with batch size 256 and no error column
     */
    public static ScoringOptions columns(List<String> inputCols, String outputCol) {
        return new ScoringOptions(List.of(inputCols), List.of(outputCol), DEFAULT_BATCH_SIZE, null);
    }

    /**
     * Several model inputs (one array column each) and outputs, in the model's order.
     *
     * @param inputCols one array column per model input
     * @param outputCols one new column per model output
     * @return the options, with batch size 256 and no error column
     */
    public static ScoringOptions multi(List<String> inputCols, List<String> outputCols) {
        return new ScoringOptions(inputCols.stream().map(List::of).toList(), outputCols, DEFAULT_BATCH_SIZE, null);
    }

    /**
     * The same with {@code n} rows per model call.
     *
     * @param n rows per model call, &gt; 0
     * @return the changed options
     * @throws IllegalArgumentException when {@code n} is not positive
     */
    public ScoringOptions withBatchSize(int n) {
        return new ScoringOptions(inputs, outputCols, n, errorCol);
    }

    /**
     * Bad rows are reported in column {@code col} instead of failing the job.
     *
     * @param col the name of the new string error column
     * @return the changed options
     */
    public ScoringOptions withErrorColumn(String col) {
        return new ScoringOptions(inputs, outputCols, batchSize, col);
    }
}
