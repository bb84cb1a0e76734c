package dev.engram.spark;

import dev.engram.layers.TrainingContext;
import dev.engram.models.BatchGradients;
import dev.engram.models.GradientStep;
import dev.engram.models.Network;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
public final class GradientAveraging {
    private static final Logger LOG = LoggerFactory.getLogger("dev.engram.spark");

    private final NetworkFactory factory;
    private int epochs = 1;
    private int batchSize = 32;
    private Long shuffleSeed;
    private String checkpointDir;
    private int checkpointEvery;
    private int treeDepth = 2;
    private TrainingListener listener = new TrainingListener() {
    };
    private TaskFault fault = TaskFault.NONE;

    private GradientAveraging(NetworkFactory factory) {
        this.factory = factory;
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

    /**
     * Number of epochs (default 1).
     *
     * @param n passes over the data, &gt; 0
     * @return this trainer
     * @throws IllegalArgumentException when {@code n} is not positive
     */
    public GradientAveraging withEpochs(int n) {
        this.epochs = positive("epochs", n);
        return this;
    }

    /**
     * Rows per global batch (default 32), split over the partitions.
     *
     * @param n rows per synchronous step, &gt; 0
     * @return this trainer
     * @throws IllegalArgumentException when {@code n} is not positive
     */
    public GradientAveraging withBatchSize(int n) {
        this.batchSize = positive("batchSize", n);
        return this;
    }

    /**
     * Shuffles the rows each epoch with an order drawn from {@code seed} (default: Dataset order).
     *
     * @param seed the seed of the per-epoch row order
     * @return this trainer
     */
    public GradientAveraging withShuffle(long seed) {
        this.shuffleSeed = seed;
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

    /**
     * Receives progress on the driver.
     *
     * @param l called after each step and epoch
     * @return this trainer
     */
    public GradientAveraging withListener(TrainingListener l) {
        this.listener = l;
        return this;
    }

    GradientAveraging withFault(TaskFault f) {
        this.fault = f;
        return this;
    }

    /**
     * Trains on {@code data} and returns the driver's model.
     *
     * @param data the packed training rows
     * @return the trained model, the per-epoch mean losses and the steps taken
     * @throws IllegalArgumentException when {@code data} has no rows
     */
    public TrainingResult fit(TrainingData data) {
        SparkContext sc = data.blocks().context();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
        Network master = factory.create();
        GradientStep step = GradientStep.of(master);
        long n = data.count();
        if (n == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        int batches = (int) ((n + batchSize - 1) / batchSize);
        int startEpoch = 0;
        int startBatch = 0;
        long steps = 0;
        TrainingCheckpoint c = TrainingCheckpoint.resume(checkpointDir, sc.hadoopConfiguration(), master,
                step.optimizer());
        if (c != null) {
            startEpoch = c.epoch();
            startBatch = c.position();
            steps = c.steps();
            LOG.info("resuming from {} at epoch {} batch {}", checkpointDir, startEpoch, startBatch);
        }
        String runId = UUID.randomUUID().toString();
        NetworkFactory f = factory;
        Long seed = shuffleSeed;
        TaskFault injected = fault;
        // Shape is not Serializable: the tasks take the dimensions.
        int[] xDims = master.inputShapes().get(0).toArray();
        int[] yDims = master.outputShapes().get(0).toArray();
        List<Double> losses = new ArrayList<>();
        for (int epoch = startEpoch; epoch < epochs; epoch++) {
            double total = 0;
            long seen = 0;
            for (int b = (epoch == startEpoch ? startBatch : 0); b < batches; b++) {
                long from = (long) b * batchSize;
                long to = Math.min(n, from + batchSize);
                Broadcast<float[][]> weights = jsc.broadcast(Replicas.weightsOf(master));
                final int e = epoch;
                final long s = steps;
                sc.setJobDescription("engram gradient averaging epoch " + epoch + " step " + b);
                GradientSum sum = data.blocks().treeAggregate(new GradientSum(), (acc, block) -> {
                    injected.maybeFail(s);
                    Replicas.Replica r = Replicas.get(runId, f);
                    r.setWeights(weights.value());
                    int[] rows = EpochOrder.select(block, seed, e, n, from, to);
                    if (rows.length == 0) {
                        return acc;
                    }
                    Tensor x = gather(block.x(), rows, Shape.of(xDims));
                    Tensor y = gather(block.y(), rows, Shape.of(yDims));
                    TaskContext task = TaskContext.get();
                    long mix = s * 1_000_003L + (task == null ? 0 : task.partitionId());
                    BatchGradients g = r.step().compute(List.of(x), List.of(y),
                            new TrainingContext(new SplittableRandom(mix)));
                    return acc.add(g);
                }, GradientSum::merge, treeDepth);
                weights.destroy();
                if (sum.samples != to - from) {
                    throw new IllegalStateException("step " + steps + ": gradients of " + sum.samples
                            + " rows arrived for a batch of " + (to - from));
                }
                double penalty = step.apply(sum.mean());
                double loss = sum.loss / sum.samples + penalty;
                total += loss * sum.samples;
                seen += sum.samples;
                steps++;
                listener.onStep(epoch, steps, loss);
                if (checkpointDir != null && checkpointEvery > 0 && steps % checkpointEvery == 0) {
                    checkpoint(master, step, epoch, b + 1, steps, sc);
                }
            }
            double mean = seen == 0 ? Double.NaN : total / seen;
            losses.add(mean);
            LOG.info("gradient averaging epoch {}/{}: loss {}", epoch + 1, epochs, mean);
            listener.onEpochEnd(epoch, mean);
            if (checkpointDir != null) {
                checkpoint(master, step, epoch + 1, 0, steps, sc);
            }
        }
        sc.setJobDescription(null);
        return new TrainingResult(master, losses, steps);
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

    static int positive(String what, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException(what + " must be > 0, got " + n);
        }
        return n;
    }
}
