package dev.engram.spark;

import dev.engram.models.GradientStep;
import dev.engram.models.Network;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the synchronous trainers share: their settings, and the run around their steps (the driver's
 * model and {@link GradientStep}, resuming from a checkpoint, the epoch loop with its mean losses,
 * the listener, the Spark job names and the log). A trainer supplies one step: a synchronous
 * gradient step of {@link GradientAveraging} or an averaging round of {@link ParameterAveraging}.
 *
 * @param <T> the trainer, so that the settings chain
 */
abstract class DistributedTrainer<T extends DistributedTrainer<T>> {
    static final Logger LOG = LoggerFactory.getLogger("dev.engram.spark");

    final NetworkFactory factory;
    /** The trainer's name in job descriptions and the log, e.g. {@code gradient averaging}. */
    private final String name;
    /** What one step is called in job descriptions and the log: {@code step} or {@code round}. */
    private final String unit;
    int epochs = 1;
    int batchSize = 32;
    Long shuffleSeed;
    String checkpointDir;
    TrainingListener listener = new TrainingListener() {
    };
    TaskFault fault = TaskFault.NONE;

    DistributedTrainer(NetworkFactory factory, String name, String unit) {
        this.factory = factory;
        this.name = name;
        this.unit = unit;
    }

    /** This trainer as its own type. */
    abstract T self();

    /**
     * Number of epochs (default 1).
     *
     * @param n passes over the data, &gt; 0
     * @return this trainer
     * @throws IllegalArgumentException when {@code n} is not positive
     */
    public T withEpochs(int n) {
        this.epochs = positive("epochs", n);
        return self();
    }

    /**
     * Rows per step (default 32): per global batch split over the partitions for gradient
     * averaging, per local step on each partition for parameter averaging.
     *
     * @param n rows per step, &gt; 0
     * @return this trainer
     * @throws IllegalArgumentException when {@code n} is not positive
     */
    public T withBatchSize(int n) {
        this.batchSize = positive("batchSize", n);
        return self();
    }

    /**
     * Shuffles the rows every epoch in an order drawn from {@code seed} (default: Dataset order).
     *
     * @param seed the seed of the per-epoch row order
     * @return this trainer
     */
    public T withShuffle(long seed) {
        this.shuffleSeed = seed;
        return self();
    }

    /**
     * Receives progress on the driver.
     *
     * @param l called after each step (or averaging round) and epoch
     * @return this trainer
     */
    public T withListener(TrainingListener l) {
        this.listener = l;
        return self();
    }

    T withFault(TaskFault f) {
        this.fault = f;
        return self();
    }

    /** One step's loss for the listener, and its contribution to the epoch mean. */
    record StepLoss(double loss, double weightedSum, long samples) {
    }

    /** One training run of a trainer on the driver. */
    interface Run {
        /** Steps (or rounds) per epoch. */
        int stepsPerEpoch();

        /** Runs step {@code position} of {@code epoch}; {@code done} steps came before it in the whole run. */
        StepLoss step(int epoch, int position, long done);

        /** Writes a checkpoint after the step if the trainer's policy asks for one. */
        void afterStep(int epoch, int position, long done);

        /** Writes a checkpoint at the end of an epoch if the trainer's policy asks for one. */
        void afterEpoch(int epoch, long done);
    }

    /** Prepares a run on {@code data} for the driver's compiled {@code master}. */
    abstract Run start(TrainingData data, SparkContext sc, Network master, GradientStep step);

    /**
     * Trains on {@code data} and returns the driver's model.
     *
     * @param data the packed training rows
     * @return the trained model, the per-epoch mean losses and the steps (or rounds) taken
     * @throws IllegalArgumentException when {@code data} has no rows
     */
    public final TrainingResult fit(TrainingData data) {
        SparkContext sc = data.blocks().context();
        Network master = factory.create();
        GradientStep step = GradientStep.of(master);
        Run run = start(data, sc, master, step);
        int startEpoch = 0;
        int startPosition = 0;
        long done = 0;
        TrainingCheckpoint c = TrainingCheckpoint.resume(checkpointDir, sc.hadoopConfiguration(), master,
                step.optimizer());
        if (c != null) {
            startEpoch = c.epoch();
            startPosition = c.position();
            done = c.steps();
            LOG.info("resuming from {} at epoch {} {} {}", checkpointDir, startEpoch, unit, startPosition);
        }
        List<Double> losses = new ArrayList<>();
        for (int epoch = startEpoch; epoch < epochs; epoch++) {
            double total = 0;
            long seen = 0;
            for (int p = (epoch == startEpoch ? startPosition : 0); p < run.stepsPerEpoch(); p++) {
                sc.setJobDescription("engram " + name + " epoch " + epoch + " " + unit + " " + p);
                StepLoss s = run.step(epoch, p, done);
                total += s.weightedSum();
                seen += s.samples();
                done++;
                listener.onStep(epoch, done, s.loss());
                run.afterStep(epoch, p, done);
            }
            double mean = seen == 0 ? Double.NaN : total / seen;
            losses.add(mean);
            LOG.info("{} epoch {}/{}: loss {}", name, epoch + 1, epochs, mean);
            listener.onEpochEnd(epoch, mean);
            run.afterEpoch(epoch, done);
        }
        sc.setJobDescription(null);
        return new TrainingResult(master, losses, done);
    }

    static int positive(String what, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException(what + " must be > 0, got " + n);
        }
        return n;
    }
}
