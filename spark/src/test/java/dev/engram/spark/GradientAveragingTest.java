package dev.engram.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.layers.Layers;
import dev.engram.losses.Losses;
import dev.engram.models.FitOptions;
import dev.engram.models.History;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.models.Verbosity;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gradient averaging over 3 partitions on local[2] trains exactly as single-JVM fit with the same
 * batches; a task that fails is retried without corrupting the model; a run resumes from its
 * checkpoint to the same weights as an uninterrupted run.
 */
class GradientAveragingTest {
    static final int N = 44;
    static final int T = 3;
    static SparkSession spark;
    static TrainingData data;
    /** Faults thrown by tasks (local mode: executors share this JVM). */
    static final AtomicInteger INJECTED = new AtomicInteger();

    static float[] x(int i) {
        float[] w = new float[T];
        for (int t = 0; t < T; t++) {
            w[t] = (float) Math.sin(0.37 * (i + t));
        }
        return w;
    }

    static float y(int i) {
        return (float) Math.sin(0.37 * (i + T));
    }

    static Network model() {
        Sequential m = Sequential.seeded(11, Layers.lstm(4).inputShape(T, 1), Layers.dense(1));
        m.compile(Losses.meanSquaredError(), Optimizers.adam(0.01));
        return m;
    }

    @BeforeAll
    static void setUp() {
        spark = TestSpark.get();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            rows.add(RowFactory.create(x(i), new float[] {y(i)}));
        }
        StructType schema = new StructType().add("x", DataTypes.createArrayType(DataTypes.FloatType))
                .add("y", DataTypes.createArrayType(DataTypes.FloatType));
        Dataset<Row> df = spark.createDataFrame(rows, schema).coalesce(1);
        data = TrainingData.of(df, "x", "y", T, 1);
        assertEquals(N, data.count());
    }

    static History singleJvm(Sequential m, int epochs) {
        float[] xs = new float[N * T];
        float[] ys = new float[N];
        for (int i = 0; i < N; i++) {
            System.arraycopy(x(i), 0, xs, i * T, T);
            ys[i] = y(i);
        }
        return m.fit(Tensor.of(Shape.of(N, T, 1), xs), Tensor.of(Shape.of(N, 1), ys),
                FitOptions.epochs(epochs).withBatchSize(8).withShuffle(false).withVerbosity(Verbosity.SILENT));
    }

    static void assertSameWeights(Network expected, Network actual) {
        List<Tensor> e = expected.getWeights();
        List<Tensor> a = actual.getWeights();
        for (int i = 0; i < e.size(); i++) {
            float[] ev = e.get(i).buffer();
            float[] av = a.get(i).buffer();
            for (int j = 0; j < ev.length; j++) {
                assertEquals(ev[j], av[j], 1e-6 + 1e-5 * Math.abs(ev[j]), "weight " + i + "[" + j + "]");
            }
        }
    }

    @Test
    void equalsSingleJvmFitWithTheSameBatches() {
        Sequential single = (Sequential) model();
        History h = singleJvm(single, 2);
        List<Double> steps = new ArrayList<>();
        TrainingResult r = GradientAveraging.of(GradientAveragingTest::model).withEpochs(2).withBatchSize(8)
                .withListener(new TrainingListener() {
                    @Override
                    public void onStep(int epoch, long step, double loss) {
                        steps.add(loss);
                    }
                }).fit(data.repartitioned(3));
        assertEquals(12, r.steps());
        assertEquals(12, steps.size());
        assertSameWeights(single, r.model());
        for (int e = 0; e < 2; e++) {
            assertEquals(h.get("loss").get(e), r.epochLosses().get(e), 1e-5);
        }
    }

    @Test
    void aFailedTaskIsRetriedWithoutCorruptingTheModel() {
        INJECTED.set(0);
        TrainingResult r = GradientAveraging.of(GradientAveragingTest::model).withEpochs(1).withBatchSize(8)
                .withFault(step -> {
                    TaskContext t = TaskContext.get();
                    if (step == 2 && t.partitionId() == 1 && t.attemptNumber() == 0) {
                        INJECTED.incrementAndGet();
                        throw new IllegalStateException("injected failure");
                    }
                }).fit(data.repartitioned(3));
        Sequential single = (Sequential) model();
        singleJvm(single, 1);
        assertSameWeights(single, r.model());
        assertEquals(1, INJECTED.get(), "the fault fired once and its task was retried");
    }

    @Test
    void resumesFromItsCheckpoint(@TempDir Path dir) {
        String ckpt = dir.toString();
        GradientAveraging.of(GradientAveragingTest::model).withEpochs(1).withBatchSize(8).withCheckpoint(ckpt, 2)
                .fit(data);
        TrainingCheckpoint c = TrainingCheckpoint.read(ckpt, spark.sparkContext().hadoopConfiguration());
        assertEquals(1, c.epoch());
        assertEquals(6, c.steps());
        TrainingResult resumed = GradientAveraging.of(GradientAveragingTest::model).withEpochs(2).withBatchSize(8)
                .withCheckpoint(ckpt, 2).fit(data);
        assertEquals(List.of(1), List.of(resumed.epochLosses().size()));
        assertEquals(12, resumed.steps());
        Sequential single = (Sequential) model();
        singleJvm(single, 2);
        assertSameWeights(single, resumed.model());
    }

    @Test
    void parameterAveragingResumesAndSurvivesAFailedTaskToTheSameWeights(@TempDir Path dir) {
        TrainingData spread = data.repartitioned(2);
        TrainingResult straight = ParameterAveraging.of(GradientAveragingTest::model).withEpochs(2).withBatchSize(4)
                .withAveragingFrequency(2).withShuffle(3).fit(spread);
        INJECTED.set(0);
        String ckpt = dir.toString();
        ParameterAveraging.of(GradientAveragingTest::model).withEpochs(1).withBatchSize(4).withAveragingFrequency(2)
                .withShuffle(3).withCheckpoint(ckpt).withFault(round -> {
                    TaskContext t = TaskContext.get();
                    if (round == 1 && t.partitionId() == 0 && t.attemptNumber() == 0) {
                        INJECTED.incrementAndGet();
                        throw new IllegalStateException("injected failure");
                    }
                }).fit(spread);
        assertEquals(1, INJECTED.get(), "the fault fired once and its task was retried");
        TrainingResult resumed = ParameterAveraging.of(GradientAveragingTest::model).withEpochs(2).withBatchSize(4)
                .withAveragingFrequency(2).withShuffle(3).withCheckpoint(ckpt).fit(spread);
        assertEquals(straight.steps(), resumed.steps());
        assertSameWeights(straight.model(), resumed.model());
        spread.unpersist();
    }
}
