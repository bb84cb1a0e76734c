package dev.engram.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.size;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * Fixed-length windows over time-ordered series, built with Spark SQL window functions: for each
 * row (each time step of each series) the values of the last {@code length} steps up to and
 * including it, flattened row-major into {@code array<float>} column {@code window}
 * ({@code length * features} values, as a model input {@code [length, features]} takes them).
 * With a horizon {@code h > 0}, column {@code target} holds the values {@code h} steps after the
 * window's end, and rows without one are dropped. The first {@code length - 1} steps of each
 * series have no full window and are dropped; a null value stays in its windows as a null
 * element, which scoring and training report instead of using.
 *
 * <pre>{@code
 * Dataset<Row> w = SeriesWindows.of("month", 12, "passengers").withKey("route").withHorizon(1).apply(df);
 * }</pre>
 *
 * @param timeCol   the column that orders each series
 * @param length    steps per window
 * @param valueCols the feature columns, in feature order
 * @param keyCol    the column naming the series, or null for one series
 * @param horizon   steps ahead of the target, or 0 for no target
 */
public record SeriesWindows(String timeCol, int length, List<String> valueCols, String keyCol, int horizon) {

    /**
     * Validates the length, horizon and columns.
     *
     * @param timeCol   the column that orders each series
     * @param length    steps per window
     * @param valueCols the feature columns, in feature order
     * @param keyCol    the column naming the series, or null for one series
     * @param horizon   steps ahead of the target, or 0 for no target
     */
    public SeriesWindows {
        valueCols = List.copyOf(valueCols);
        if (length <= 0) {
            throw new IllegalArgumentException("window length must be > 0, got " + length);
        }
        if (horizon < 0) {
            throw new IllegalArgumentException("horizon must be >= 0, got " + horizon);
        }
        if (valueCols.isEmpty()) {
            throw new IllegalArgumentException("at least one value column is needed");
        }
    }

    /**
     * Windows of one series ordered by {@code timeCol}, without target.
     *
     * @param timeCol the column ordering the rows of a series
     * @param length steps per window, &gt; 0
     * @param valueCols the numeric columns making up each step
     * @return the windowing
     * @throws IllegalArgumentException when {@code length} is not positive or no value column is given
     */
    public static SeriesWindows of(String timeCol, int length, String... valueCols) {
        return new SeriesWindows(timeCol, length, List.of(valueCols), null, 0);
    }

    /**
     * The same per series named by {@code keyCol}.
     *
     * @param keyCol the column naming the series a row belongs to
     * @return the changed windowing
     */
    public SeriesWindows withKey(String keyCol) {
        return new SeriesWindows(timeCol, length, valueCols, keyCol, horizon);
    }

    /**
     * The same with a {@code target} column {@code h} steps ahead.
     *
     * @param h steps after the window's last step, &gt;= 0
     * @return the changed windowing
     * @throws IllegalArgumentException when {@code h} is negative
     */
    public SeriesWindows withHorizon(int h) {
        return new SeriesWindows(timeCol, length, valueCols, keyCol, h);
    }

    /**
     * The windows of {@code data}: the key (if any), the time of the window's last step,
     * {@code window} and (with a horizon) {@code target}.
     *
     * @param data the rows of the series
     * @return one row per window
     */
    public Dataset<Row> apply(Dataset<Row> data) {
        WindowSpec ordered = keyCol == null ? Window.orderBy(col(timeCol))
                : Window.partitionBy(col(keyCol)).orderBy(col(timeCol));
        Column step = array(valueCols.stream().map(c -> col(c).cast(DataTypes.FloatType)).toArray(Column[]::new));
        Dataset<Row> out = data.withColumn("window",
                flatten(collect_list(step).over(ordered.rowsBetween(-(length - 1), 0))));
        List<Column> keep = new ArrayList<>();
        if (keyCol != null) {
            keep.add(col(keyCol));
        }
        keep.add(col(timeCol));
        keep.add(col("window"));
        if (horizon > 0) {
            out = out.withColumn("target", lead(step, horizon).over(ordered)).filter(col("target").isNotNull());
            keep.add(col("target"));
        }
        return out.filter(size(col("window")).equalTo(length * valueCols.size())).select(keep.toArray(Column[]::new));
    }
}
