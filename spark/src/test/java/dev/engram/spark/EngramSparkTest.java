package dev.engram.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.keras.KerasFormat;
import dev.engram.io.keras.KerasModels;
import dev.engram.layers.Layers;
import dev.engram.models.Sequential;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Batch scoring on local[2] equals the model's own predict, row by row, for every input form. */
class EngramSparkTest {
    static final int T = 4;
    static final int F = 2;
    static SparkSession spark;
    static Sequential model;
    static Path h5;

    /** Idempotent: other test classes reuse this model file. */
    @BeforeAll
    static synchronized void setUp() throws Exception {
        if (h5 != null) {
            return;
        }
        spark = TestSpark.get();
        model = Sequential.seeded(3, Layers.lstm(5).inputShape(T, F), Layers.dense(2));
        Path dir = Files.createTempDirectory("engram-spark-test");
        dir.toFile().deleteOnExit();
        h5 = dir.resolve("m.h5");
        KerasModels.save(model, h5, KerasFormat.H5);
        h5.toFile().deleteOnExit();
    }

    static double[] window(int i) {
        double[] w = new double[T * F];
        for (int j = 0; j < w.length; j++) {
            w[j] = Math.sin(0.3 * i + 0.7 * j) + 0.01 * i;
        }
        return w;
    }

    static Dataset<Row> windows(int n) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create((long) i, window(i)));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType)
                .add("window", DataTypes.createArrayType(DataTypes.DoubleType));
        return spark.createDataFrame(rows, schema).repartition(3);
    }

    static float[] expected(int i) {
        double[] w = window(i);
        float[] f = new float[w.length];
        for (int j = 0; j < w.length; j++) {
            f[j] = (float) w[j];
        }
        return model.predict(Tensor.of(Shape.of(1, T, F), f)).buffer();
    }

    static void assertScored(List<Row> rows, String col) {
        for (Row r : rows) {
            int id = (int) r.getLong(0);
            List<Float> got = r.getList(r.fieldIndex(col));
            float[] want = expected(id);
            assertEquals(want.length, got.size());
            for (int k = 0; k < want.length; k++) {
                assertEquals(want[k], got.get(k), 1e-6, "row " + id + " output " + k);
            }
        }
    }

    @Test
    void scoresEveryRowLikePredictFromAPathAndFromBroadcastBytes() {
        Dataset<Row> data = windows(50);
        List<Row> byPath = EngramSpark.predict(data, ModelSource.path(h5.toString()),
                ScoringOptions.arrayColumn("window", "y").withBatchSize(7)).collectAsList();
        assertEquals(50, byPath.size());
        assertScored(byPath, "y");
        List<Row> byBytes = EngramSpark.predict(data, ModelSource.broadcast(spark, h5), "window", "y").collectAsList();
        assertScored(byBytes, "y");
    }

    @Test
    void readsSeveralScalarAndArrayColumnsAsOneInput() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            double[] w = window(i);
            rows.add(RowFactory.create((long) i, (float) w[0], Arrays.copyOfRange(w, 1, T * F)));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType).add("first", DataTypes.FloatType)
                .add("rest", DataTypes.createArrayType(DataTypes.DoubleType));
        Dataset<Row> data = spark.createDataFrame(rows, schema);
        assertScored(EngramSpark.predict(data, ModelSource.path(h5.toString()), List.of("first", "rest"), "y")
                .collectAsList(), "y");
    }

    @Test
    void readsNestedAndPrimitiveArraysAndPassesTheOtherColumnsThroughUnchanged() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            double[] w = window(i);
            float[][] steps = new float[T][F];
            for (int t = 0; t < T; t++) {
                for (int f = 0; f < F; f++) {
                    steps[t][f] = (float) w[t * F + f];
                }
            }
            rows.add(RowFactory.create((long) i, steps, new String[] {"s" + i, null}, new float[] {i, -i}));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType)
                .add("steps", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, false), false))
                .add("tags", DataTypes.createArrayType(DataTypes.StringType))
                .add("extra", DataTypes.createArrayType(DataTypes.FloatType, false));
        Dataset<Row> data = spark.createDataFrame(rows, schema).repartition(2);
        List<Row> out = EngramSpark.predict(data, ModelSource.path(h5.toString()),
                ScoringOptions.arrayColumn("steps", "y").withBatchSize(5)).collectAsList();
        assertEquals(12, out.size());
        assertScored(out, "y");
        assertEquals(List.of("id", "steps", "tags", "extra", "y"), List.of(out.get(0).schema().fieldNames()));
        for (Row r : out) {
            long i = r.getLong(0);
            assertEquals(Arrays.asList("s" + i, null), r.getList(2));
            assertEquals(List.of((float) i, (float) -i), r.getList(3));
            List<Object> steps = r.getList(1);
            assertEquals(T, steps.size());
            assertEquals((float) window((int) i)[F + 1], (Float) ((scala.collection.Seq<?>) steps.get(1)).apply(1), 0f);
        }
    }

    @Test
    void badRowsGoToTheErrorColumnOrFailTheJob() {
        List<Row> rows = new ArrayList<>();
        rows.add(RowFactory.create(0L, window(0)));
        rows.add(RowFactory.create(1L, (Object) null));
        rows.add(RowFactory.create(2L, Arrays.copyOf(window(2), 5)));
        rows.add(RowFactory.create(3L, window(3)));
        StructType schema = new StructType().add("id", DataTypes.LongType)
                .add("window", DataTypes.createArrayType(DataTypes.DoubleType));
        Dataset<Row> data = spark.createDataFrame(rows, schema).coalesce(1);
        ModelSource source = ModelSource.path(h5.toString());
        List<Row> out = EngramSpark.predict(data, source, ScoringOptions.arrayColumn("window", "y")
                .withErrorColumn("error")).collectAsList();
        assertEquals(4, out.size());
        assertScored(List.of(out.get(0), out.get(3)), "y");
        assertNull(out.get(0).getAs("error"));
        assertNull(out.get(1).getAs("y"));
        assertTrue(out.get(1).<String>getAs("error").contains("column 'window' is null"), out.get(1).toString());
        assertNull(out.get(2).getAs("y"));
        assertEquals("columns [window] hold 5 values; model input 0 [4, 2] takes 8", out.get(2).getAs("error"));

        SparkException e = assertThrows(SparkException.class,
                () -> EngramSpark.predict(data, source, "window", "y").collectAsList());
        assertTrue(e.getMessage().contains("row 1: column 'window' is null"), e.getMessage());
    }

    @Test
    void refusesMissingAndNonNumericColumnsOnTheDriver() {
        Dataset<Row> data = windows(3);
        ModelSource source = ModelSource.path(h5.toString());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> EngramSpark.predict(data, source, "nope", "y"));
        assertTrue(missing.getMessage().contains("no column 'nope'"), missing.getMessage());
        IllegalArgumentException exists = assertThrows(IllegalArgumentException.class,
                () -> EngramSpark.predict(data, source, "window", "id"));
        assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
        assertTrue(Files.exists(h5));
    }
}
