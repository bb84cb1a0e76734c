package dev.engram.spark;

import dev.engram.layers.TrainingContext;
import dev.engram.models.BatchGradients;
import dev.engram.models.GradientStep;
import dev.engram.models.Network;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Synchronous data-parallel training by gradient averaging. Each step takes one global batch of
 * {@code batchSize} rows (rows {@code [b * batchSize, (b + 1) * batchSize)} of the epoch's order);
 * every partition computes the gradient of its share of the batch at the current weights (sent
 * once per step as a broadcast), the gradients are summed with {@code treeAggregate}, and the
 * driver applies the compiled optimizer to their sample-weighted mean through a
 * {@link GradientStep}. Without shuffling and dropout, this is the same computation as
 * {@code fit(x, y, epochs(e).withBatchSize(batchSize).withShuffle(false))} in one JVM, up to float
 * rounding in the sums.
 *
 * <p>Shuffling ({@link #withShuffle}) draws each epoch's order from the seed, the same on every
 * executor; it is not the sequence {@code fit} draws. Dropout masks are seeded per step and
 * partition. BatchNormalization's moving statistics stay those of the driver's model (executors'
 * updates are discarded).
 *
 * <p>A failed task is retried by Spark: it recomputes the same gradient from the same broadcast
 * weights, so retries cannot corrupt the model. With {@link #withCheckpoint} the run writes its
 * state every {@code everySteps} steps and at each epoch end, and a new run with the same
 * directory continues from it.
 */
public final class GradientAveraging extends DistributedTrainer<GradientAveraging> {
    private int checkpointEvery;
    private int treeDepth = 2;

    private GradientAveraging(NetworkFactory factory) {
        super(factory, "gradient averaging", "step");
    }

    /**
     * A trainer for the models {@code factory} builds (the driver's copy is the one trained).
     *
     * @param factory builds the same compiled model on the driver and on each executor
     * @return the trainer
     */
    public static GradientAveraging of(NetworkFactory factory) {
        return new GradientAveraging(factory);
    }

    @Override
    GradientAveraging self() {
        return this;
    }

    /**
     * Checkpoints into {@code dir} every {@code everySteps} steps (0: epoch ends only) and resumes from it.
     *
     * @param dir a directory on a file system Hadoop can write (local, HDFS, S3)
     * @param everySteps steps between checkpoints, &gt;= 0
     * @return this trainer
     * @throws IllegalArgumentException when {@code everySteps} is negative
     */
    public GradientAveraging withCheckpoint(String dir, int everySteps) {
        if (everySteps < 0) {
            throw new IllegalArgumentException("everySteps must be >= 0, got " + everySteps);
        }
        this.checkpointDir = dir;
        this.checkpointEvery = everySteps;
        return this;
    }

    /**
     * Depth of the aggregation tree (default 2; deeper for many partitions).
     *
     * @param depth levels of {@code treeAggregate}, &gt; 0
     * @return this trainer
     * @throws IllegalArgumentException when {@code depth} is not positive
     */
    public GradientAveraging withTreeDepth(int depth) {
        this.treeDepth = positive("treeDepth", depth);
        return this;
    }

    @Override
    Run start(TrainingData data, SparkContext sc, Network master, GradientStep step) {
        long n = data.count();
        if (n == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
        int batches = (int) ((n + batchSize - 1) / batchSize);
        String runId = UUID.randomUUID().toString();
        NetworkFactory f = factory;
        Long seed = shuffleSeed;
        TaskFault injected = fault;
        int rows = batchSize;
        int depth = treeDepth;
        // Shape is not Serializable: the tasks take the dimensions.
        int[] xDims = master.inputShapes().get(0).toArray();
        int[] yDims = master.outputShapes().get(0).toArray();
        return new Run() {
            @Override
            public int stepsPerEpoch() {
                return batches;
            }

            @Override
            public StepLoss step(int e, int b, long s) {
                long from = (long) b * rows;
                long to = Math.min(n, from + rows);
                Broadcast<float[][]> weights = jsc.broadcast(Replicas.weightsOf(master));
                GradientSum sum = data.blocks().treeAggregate(new GradientSum(), (acc, block) -> {
                    injected.maybeFail(s);
                    Replicas.Replica r = Replicas.get(runId, f);
                    r.setWeights(weights.value());
                    int[] picked = EpochOrder.select(block, seed, e, n, from, to);
                    if (picked.length == 0) {
                        return acc;
                    }
                    Tensor x = gather(block.x(), picked, Shape.of(xDims));
                    Tensor y = gather(block.y(), picked, Shape.of(yDims));
                    TaskContext task = TaskContext.get();
                    long mix = s * 1_000_003L + (task == null ? 0 : task.partitionId());
                    BatchGradients g = r.step().compute(List.of(x), List.of(y),
                            new TrainingContext(new SplittableRandom(mix)));
                    return acc.add(g);
                }, GradientSum::merge, depth);
                weights.destroy();
                if (sum.samples != to - from) {
                    throw new IllegalStateException("step " + s + ": gradients of " + sum.samples
                            + " rows arrived for a batch of " + (to - from));
                }
                double penalty = step.apply(sum.mean());
                double loss = sum.loss / sum.samples + penalty;
                return new StepLoss(loss, loss * sum.samples, sum.samples);
            }

            @Override
            public void afterStep(int epoch, int b, long done) {
                if (checkpointDir != null && checkpointEvery > 0 && done % checkpointEvery == 0) {
                    checkpoint(master, step, epoch, b + 1, done, sc);
                }
            }

            @Override
            public void afterEpoch(int epoch, long done) {
                if (checkpointDir != null) {
                    checkpoint(master, step, epoch + 1, 0, done, sc);
                }
            }
        };
    }

    private void checkpoint(Network master, GradientStep step, int epoch, int position, long steps, SparkContext sc) {
        TrainingCheckpoint.of(master, step.optimizer(), epoch, position, steps)
                .write(checkpointDir, sc.hadoopConfiguration());
    }

    static Tensor gather(float[] data, int[] rows, Shape sample) {
        int size = sample.size();
        float[] out = new float[rows.length * size];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(data, rows[i] * size, out, i * size, size);
        }
        return Tensor.wrap(sample.prepend(rows.length), out);
    }
}
