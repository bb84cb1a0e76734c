package dev.engram.spark;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Batch scoring of a Spark {@link Dataset} with an Engram model:
 *
 * <pre>{@code
 * Dataset<Row> scored = EngramSpark.predict(windows, ModelSource.path("/models/forecast.h5"), "window", "forecast");
 * }</pre>
 *
 * <p>Each executor JVM loads the model once ({@link ScoringModels}); its task threads share it
 * through a thread-safe {@link ScoringModel}. Rows are scored in batches inside each partition
 * and keep their order; the result is the input with the output column(s) added. A null or
 * wrong-length row fails the job with a {@link BadRowException}, unless
 * {@link ScoringOptions#withErrorColumn} asks for an error column instead.
 */
public final class EngramSpark {
    private EngramSpark() {
    }

    /**
     * Scores a single-input model whose per-row input is the array column {@code arrayCol}.
     *
     * @param data the rows to score
     * @param model the model to score with
     * @param arrayCol a column of numeric arrays, each the flattened per-sample input
     * @param outputCol the new {@code array<float>} column for the output
     * @return {@code data} with the output column added, computed lazily
     */
    public static Dataset<Row> predict(Dataset<Row> data, ModelSource model, String arrayCol, String outputCol) {
        return predict(data, model, ScoringOptions.arrayColumn(arrayCol, outputCol));
    }

    /**
     * Scores a single-input model whose per-row input is the concatenation of {@code inputCols}.
     *
     * @param data the rows to score
     * @param model the model to score with
     * @param inputCols the columns concatenated per row into the model input
     * @param outputCol the new {@code array<float>} column for the output
     * @return {@code data} with the output column added, computed lazily
     */
    public static Dataset<Row> predict(Dataset<Row> data, ModelSource model, List<String> inputCols, String outputCol) {
        return predict(data, model, ScoringOptions.columns(inputCols, outputCol));
    }

    /**
     * Scores with full control of inputs, outputs, batch size and bad-row handling.
     *
     * @param data the rows to score
     * @param model the model to score with
     * @param options the input and output columns, batch size and bad-row handling
     * @return {@code data} with the output (and error) columns added, computed lazily
     */
    public static Dataset<Row> predict(Dataset<Row> data, ModelSource model, ScoringOptions options) {
        StructType schema = data.schema();
        StructType out = PartitionScorer.outputSchema(schema, options);
        return data.mapPartitions(PartitionScorer.of(model, options, schema), Encoders.row(out));
    }
}
