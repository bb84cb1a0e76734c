package dev.engram.spark;

import dev.engram.layers.TrainingContext;
import dev.engram.models.BatchGradients;
import dev.engram.models.GradientStep;
import dev.engram.models.Network;
import dev.engram.optimizers.Optimizer;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Synchronous data-parallel training by parameter averaging, as Deeplearning4j's
 * {@code ParameterAveragingTrainingMaster}: in each round every partition starts from the driver's
 * weights and optimizer state, takes {@code averagingFrequency} local steps of {@code batchSize}
 * rows of its own data with the compiled optimizer, and the driver replaces its weights and
 * optimizer state by the mean over the partitions. One round communicates once per
 * {@code averagingFrequency} steps, so it scales further than gradient averaging, at the price of
 * a different (not fit-equal) trajectory: with P partitions an epoch takes about
 * {@code rows / (P * batchSize)} steps of averaged progress instead of {@code rows / batchSize}.
 *
 * <p>An epoch is enough rounds for the largest partition to see each of its rows once (partitions
 * cycle through their rows, reshuffled per epoch when a seed is given). Retried tasks redo the same
 * round from the same broadcast state; checkpoints and the listener work as in
 * {@link GradientAveraging}.
 */
public final class ParameterAveraging extends DistributedTrainer<ParameterAveraging> {
    private int averagingFrequency = 5;

    private ParameterAveraging(NetworkFactory factory) {
        super(factory, "parameter averaging", "round");
    }

    /**
     * A trainer for the models {@code factory} builds.
     *
     * @param factory builds the same compiled model on the driver and on each executor
     * @return the trainer
     */
    public static ParameterAveraging of(NetworkFactory factory) {
        return new ParameterAveraging(factory);
    }

    @Override
    ParameterAveraging self() {
        return this;
    }

    /**
     * Local steps between averagings (default 5, as DL4J).
     *
     * @param k local steps per round, &gt; 0
     * @return this trainer
     * @throws IllegalArgumentException when {@code k} is not positive
     */
    public ParameterAveraging withAveragingFrequency(int k) {
        this.averagingFrequency = positive("averagingFrequency", k);
        return this;
    }

    /**
     * Checkpoints into {@code dir} after every round and resumes from it.
     *
     * @param dir a directory on a file system Hadoop can write (local, HDFS, S3)
     * @return this trainer
     */
    public ParameterAveraging withCheckpoint(String dir) {
        this.checkpointDir = dir;
        return this;
    }

    /** What one partition sends back from a round: summed weights and optimizer state, its loss. */
    static final class RoundSum implements Serializable {
        private static final long serialVersionUID = 1L;
        float[][] weights;
        Map<String, float[]> state;
        double loss;
        long lossSamples;
        int partitions;
        long iterations;

        RoundSum merge(RoundSum o) {
            if (o.partitions == 0) {
                return this;
            }
            if (partitions == 0) {
                return o;
            }
            for (int i = 0; i < weights.length; i++) {
                add(weights[i], o.weights[i]);
            }
            o.state.forEach((k, v) -> add(state.get(k), v));
            loss += o.loss;
            lossSamples += o.lossSamples;
            partitions += o.partitions;
            iterations = Math.max(iterations, o.iterations);
            return this;
        }

        private static void add(float[] a, float[] b) {
            for (int j = 0; j < a.length; j++) {
                a[j] += b[j];
            }
        }
    }

    @Override
    Run start(TrainingData data, SparkContext sc, Network master, GradientStep step) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
        Optimizer optimizer = step.optimizer();
        int largest = data.blocks().map(TrainingData.Block::rows).fold(0, Math::max);
        int rounds = Math.max(1, (largest + batchSize * averagingFrequency - 1) / (batchSize * averagingFrequency));
        String runId = UUID.randomUUID().toString();
        NetworkFactory f = factory;
        Long seed = shuffleSeed;
        int b = batchSize;
        int k = averagingFrequency;
        TaskFault injected = fault;
        int[] xDims = master.inputShapes().get(0).toArray();
        int[] yDims = master.outputShapes().get(0).toArray();
        return new Run() {
            @Override
            public int stepsPerEpoch() {
                return rounds;
            }

            @Override
            public StepLoss step(int e, int r0, long roundIndex) {
                Broadcast<float[][]> weights = jsc.broadcast(Replicas.weightsOf(master));
                Map<String, float[]> stateNow = new LinkedHashMap<>();
                optimizer.state().forEach((key, t) -> stateNow.put(key, t.toArray()));
                Broadcast<Map<String, float[]>> state = jsc.broadcast(stateNow);
                long iterations = optimizer.iterations();
                RoundSum sum = data.blocks().treeAggregate(new RoundSum(), (acc, block) -> {
                    injected.maybeFail(roundIndex);
                    int[] order = localOrder(block.rows(), seed, e, TaskContext.get().partitionId());
                    int first = r0 * k * b;
                    if (first >= block.rows()) {
                        // No rows left this epoch: like DL4J, only partitions that trained are averaged.
                        return acc;
                    }
                    Replicas.Replica r = Replicas.get(runId, f);
                    r.setWeights(weights.value());
                    restore(r.step().optimizer(), state.value(), iterations);
                    double loss = 0;
                    long samples = 0;
                    TrainingContext ctx = new TrainingContext(new SplittableRandom(iterations * 31 + first));
                    for (int s = 0; s < k; s++) {
                        int from = first + s * b;
                        if (from >= block.rows()) {
                            break;
                        }
                        int to = Math.min(block.rows(), from + b);
                        int[] rows = java.util.Arrays.copyOfRange(order, from, to);
                        BatchGradients g = r.step().compute(
                                List.of(GradientAveraging.gather(block.x(), rows, Shape.of(xDims))),
                                List.of(GradientAveraging.gather(block.y(), rows, Shape.of(yDims))), ctx);
                        double penalty = r.step().apply(g.gradients());
                        loss += (g.loss() + penalty) * g.samples();
                        samples += g.samples();
                    }
                    RoundSum mine = new RoundSum();
                    mine.weights = Replicas.weightsOf(r.network());
                    mine.state = new LinkedHashMap<>();
                    r.step().optimizer().state().forEach((key, t) -> mine.state.put(key, t.toArray()));
                    mine.loss = loss;
                    mine.lossSamples = samples;
                    mine.partitions = 1;
                    mine.iterations = r.step().optimizer().iterations();
                    return acc.merge(mine);
                }, RoundSum::merge, 2);
                weights.destroy();
                state.destroy();
                if (sum.partitions > 0) {
                    average(master, optimizer, sum);
                }
                double loss = sum.lossSamples == 0 ? Double.NaN : sum.loss / sum.lossSamples;
                return new StepLoss(loss, sum.loss, sum.lossSamples);
            }

            @Override
            public void afterStep(int epoch, int round, long done) {
                if (checkpointDir != null) {
                    TrainingCheckpoint.of(master, optimizer, round + 1 == rounds ? epoch + 1 : epoch,
                            (round + 1) % rounds, done).write(checkpointDir, sc.hadoopConfiguration());
                }
            }

            @Override
            public void afterEpoch(int epoch, long done) {
                // Every round ends with a checkpoint already.
            }
        };
    }

    private static void restore(Optimizer optimizer, Map<String, float[]> state, long iterations) {
        Map<String, Tensor> s = new LinkedHashMap<>();
        state.forEach((key, v) -> s.put(key, Tensor.of(Shape.of(v.length), v)));
        optimizer.setState(s, iterations);
    }

    private static void average(Network master, Optimizer optimizer, RoundSum sum) {
        float inv = 1f / sum.partitions;
        for (float[] w : sum.weights) {
            for (int j = 0; j < w.length; j++) {
                w[j] *= inv;
            }
        }
        Replicas.setWeights(master, sum.weights);
        Map<String, float[]> avg = sum.state;
        avg.values().forEach(v -> {
            for (int j = 0; j < v.length; j++) {
                v[j] *= inv;
            }
        });
        restore(optimizer, avg, sum.iterations);
    }

    private static int[] localOrder(int rows, Long seed, int epoch, int partition) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        if (seed != null) {
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch * 65_537L + partition);
            for (int i = rows - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }
}
