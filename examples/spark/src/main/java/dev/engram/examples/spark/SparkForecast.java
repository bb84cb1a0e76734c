package dev.engram.examples.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.avg;

import dev.engram.io.keras.KerasFormat;
import dev.engram.io.keras.KerasModels;
import dev.engram.layers.Layers;
import dev.engram.losses.Losses;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.optimizers.Optimizers;
import dev.engram.spark.EngramSpark;
import dev.engram.spark.GradientAveraging;
import dev.engram.spark.ModelSource;
import dev.engram.spark.SeriesWindows;
import dev.engram.spark.TrainingData;
import dev.engram.spark.TrainingResult;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * The airline-passengers forecast as a Spark job on {@code local[*]}: a collection of eight series
 * (the 1949-1960 airline series times a per-route factor) is written
 * to and read from Parquet, cut into 12-month windows per route with {@link SeriesWindows},
 * trained with {@link GradientAveraging} on the windows ending before 1959, saved as a TF.js
 * model, and the 1959-1960 windows are scored with {@link EngramSpark#predict}. Prints the
 * test RMSE against the naive last-value forecast.
 *
 * <p>Run (after {@code mvn -B -q -DskipTests install}):
 * {@code mvn -B -q -pl examples/spark exec:exec}
 */
public final class SparkForecast {
    private static final int LENGTH = 12;

    private SparkForecast() {
    }

    static Network model() {
        Sequential m = Sequential.seeded(42, Layers.lstm(16).inputShape(LENGTH, 1), Layers.dense(1));
        m.compile(Losses.meanSquaredError(), Optimizers.adam(0.01));
        return m;
    }

    /** Runs the example; writes its Parquet and model files under {@code target/spark-forecast}. */
    public static void main(String[] args) throws Exception {
        Path work = Path.of("target", "spark-forecast").toAbsolutePath();
        Files.createDirectories(work);
        Path csv = work.resolve("airline-passengers.csv");
        try (InputStream in = SparkForecast.class.getResourceAsStream("/dev/engram/examples/airline-passengers.csv")) {
            Files.copy(in, csv, StandardCopyOption.REPLACE_EXISTING);
        }
        SparkSession spark = SparkSession.builder().master("local[*]").appName("engram-spark-forecast")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        try {
            // A series collection: eight routes, each the airline series times a route factor, in Parquet.
            Dataset<Row> airline = spark.read().option("header", true).option("comment", "#")
                    .schema("month STRING, passengers DOUBLE").csv(csv.toString());
            Dataset<Row> routes = spark.range(8).withColumnRenamed("id", "route");
            String parquet = work.resolve("series.parquet").toString();
            airline.crossJoin(routes)
                    .withColumn("passengers", col("passengers").multiply(lit(0.5).plus(col("route").multiply(0.25))))
                    .write().mode(SaveMode.Overwrite).parquet(parquet);

            Dataset<Row> series = spark.read().parquet(parquet)
                    .withColumn("scale", max("passengers").over(Window.partitionBy("route")))
                    .withColumn("scaled", col("passengers").divide(col("scale")));
            Dataset<Row> windows = SeriesWindows.of("month", LENGTH, "scaled").withKey("route").withHorizon(1)
                    .apply(series).cache();
            // The window's last month precedes the target month; train on targets up to December 1958.
            Dataset<Row> train = windows.filter(col("month").lt("1958-12")).orderBy("route", "month");
            Dataset<Row> test = windows.filter(col("month").geq("1958-12"));

            TrainingData data = TrainingData.of(train, "window", "target", LENGTH, 1).repartitioned(4);
            long start = System.nanoTime();
            TrainingResult result = GradientAveraging.of(SparkForecast::model).withEpochs(30).withBatchSize(32)
                    .withShuffle(7).fit(data);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "gradient averaging: %d rows, %d steps in %.1f s, loss %.5f -> %.5f%n",
                    data.count(), result.steps(), seconds, result.epochLosses().get(0),
                    result.epochLosses().get(result.epochLosses().size() - 1));

            // A TF.js layers model (directory): its Adam keeps the TF.js epsilon form, which a Keras
            // training config cannot name.
            Path saved = work.resolve("forecast-tfjs");
            KerasModels.save(result.model(), saved, KerasFormat.TFJS);
            Dataset<Row> scored = EngramSpark.predict(test.join(series.select("route", "scale").distinct(), "route"),
                    ModelSource.path(saved.toString()), "window", "forecast");
            Row rmse = scored
                    .withColumn("actual", element_at(col("target"), 1).multiply(col("scale")))
                    .withColumn("predicted", element_at(col("forecast"), 1).multiply(col("scale")))
                    .withColumn("naive", element_at(col("window"), LENGTH).multiply(col("scale")))
                    .agg(sqrt(avg(pow(col("predicted").minus(col("actual")), 2))).alias("model"),
                            sqrt(avg(pow(col("naive").minus(col("actual")), 2))).alias("naive"),
                            org.apache.spark.sql.functions.count("*").alias("n"))
                    .first();
            System.out.printf(Locale.ROOT, "test (1959-1960, %d windows over 8 routes): RMSE %.1f passengers"
                    + " vs %.1f for the last-value forecast%n", rmse.getLong(2), rmse.getDouble(0), rmse.getDouble(1));
            data.unpersist();
        } finally {
            spark.stop();
        }
    }
}
