package dev.engram.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.layers.Layers;
import dev.engram.losses.Losses;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.optimizers.Optimizers;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Parameter averaging converges on a real series: the airline passengers (CSV read by Spark,
 * windowed by {@link SeriesWindows}), 2 partitions, 2 local steps between averagings.
 */
class ParameterAveragingTest {
    static final int LENGTH = 12;

    static Dataset<Row> airline(SparkSession spark) {
        Path csv = Path.of("..", "examples", "src", "main", "resources", "dev", "engram", "examples",
                "airline-passengers.csv");
        return spark.read().option("header", true).option("comment", "#").schema("month STRING, passengers DOUBLE")
                .csv(csv.toString()).withColumn("scaled", col("passengers").divide(600.0));
    }

    static Network model() {
        Sequential m = Sequential.seeded(3, Layers.lstm(8).inputShape(LENGTH, 1), Layers.dense(1));
        m.compile(Losses.meanSquaredError(), Optimizers.adam(0.02));
        return m;
    }

    @Test
    void windowsFollowTheTimeOrder() {
        SparkSession spark = TestSpark.get();
        List<Row> w = SeriesWindows.of("month", LENGTH, "passengers").withHorizon(1).apply(airline(spark))
                .orderBy("month").collectAsList();
        assertEquals(144 - LENGTH, w.size());
        Row first = w.get(0);
        assertEquals(112f, first.<Float>getList(first.fieldIndex("window")).get(0)); // January 1949
        assertEquals(LENGTH, first.getList(first.fieldIndex("window")).size());
        assertEquals(List.of(115f), first.getList(first.fieldIndex("target"))); // January 1950
    }

    @Test
    void convergesOnTheAirlineSeries() {
        SparkSession spark = TestSpark.get();
        Dataset<Row> windows = SeriesWindows.of("month", LENGTH, "scaled").withHorizon(1).apply(airline(spark))
                .orderBy("month");
        TrainingData data = TrainingData.of(windows, "window", "target", LENGTH, 1).repartitioned(2);
        TrainingResult r = ParameterAveraging.of(ParameterAveragingTest::model).withEpochs(12).withBatchSize(8)
                .withAveragingFrequency(4).withShuffle(5).fit(data);
        List<Double> loss = r.epochLosses();
        double first = loss.get(0);
        double last = loss.get(loss.size() - 1);
        // The scaled series has variance ~0.04: predicting its mean scores about that.
        assertTrue(last < 0.2 * first && last < 0.01, "epoch losses " + loss);
        assertEquals(12 * 3, r.steps(), "rounds: 66 rows per partition / (8 rows * 4 steps) = 3 per epoch");
        data.unpersist();
    }
}
