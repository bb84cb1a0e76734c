package dev.engram.models;

import dev.engram.data.DataIterator;
import dev.engram.data.Dataset;
import dev.engram.data.Sample;
import dev.engram.layers.ForwardPass;
import dev.engram.layers.Parameter;
import dev.engram.layers.TrainingContext;
import dev.engram.losses.Loss;
import dev.engram.optimizers.Optimizer;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The mini-batch training loop shared by all models, with TF.js semantics: validation rows are cut
 * from the end before shuffling; each batch's loss is measured in its forward pass, before its
 * update; the epoch loss is the batch-size-weighted mean of the batch losses. With several outputs
 * the loss is the sum of the per-output losses, each also logged as {@code <output>_loss}.
 *
 * <p>Regularizers and constraints attached to parameters: each batch adds the regularization penalty
 * of the weights before its update to the logged {@code loss} (not to {@code <output>_loss}) and its
 * gradient to the parameter gradients; after each optimizer step the constraints project the
 * parameters. {@code evaluate} and {@code val_loss} leave the penalty out. Activity regularizers
 * (penalties on layer outputs, {@link dev.engram.layers.Layer#activityRegularizer()}) add their
 * penalty of each training batch's forward pass to the logged {@code loss} the same way.
 */
final class FitLoop {
    private FitLoop() {
    }

    /** The compiled training objective of a model. */
    record Objective(List<Loss> losses, Optimizer optimizer, List<Metric> metrics) {
    }

    static History fit(Network net, Objective objective, List<Tensor> x, List<Tensor> y, FitOptions options) {
        requireSameBatch(net.name(), "fit", x, y);
        List<Tensor> trainX = x;
        List<Tensor> trainY = y;
        List<Tensor> valX = options.validationX();
        List<Tensor> valY = options.validationY();
        int n = x.get(0).shape().dim(0);
        if (valX != null) {
            requireSameBatch(net.name(), "validationData", valX, valY);
        } else if (options.validationSplit() > 0) {
            int splitAt = (int) Math.floor(n * (1 - options.validationSplit()));
            if (splitAt == 0 || splitAt == n) {
                throw new IllegalArgumentException("validationSplit " + options.validationSplit() + " of " + n
                        + " samples leaves " + (splitAt == 0 ? "no training" : "no validation") + " samples");
            }
            trainX = slice(x, 0, splitAt);
            trainY = slice(y, 0, splitAt);
            valX = slice(x, splitAt, n);
            valY = slice(y, splitAt, n);
            n = splitAt;
        }
        if (n == 0) {
            throw new IllegalArgumentException("fit on model '" + net.name() + "' needs at least one sample");
        }
        Tensor weights = options.sampleWeight();
        if (weights != null) {
            SampleWeights.check(weights, x.get(0).shape().dim(0));
            weights = weights.slice(0, n);
        }
        List<Tensor> vx = valX;
        List<Tensor> vy = valY;
        Validation validation = vx == null ? null : () -> Scoring.evaluate(net, objective, vx, vy, options.batchSize());
        return run(net, objective, BatchSource.of(trainX, trainY, weights, options.batchSize(), options.shuffle()),
                validation, options);
    }

    /** {@code fit} on a dataset of batches, validated on the options' validation dataset or tensors. */
    static History fit(Network net, Objective objective, Dataset<Sample> data, FitOptions options) {
        if (options.sampleWeight() != null) {
            throw new IllegalArgumentException("fit on a dataset takes sample weights from its samples"
                    + " (Sample.withSampleWeight), not from FitOptions.withSampleWeight");
        }
        if (options.validationSplit() > 0) {
            throw new IllegalArgumentException("fit on a dataset cannot split off validation rows; give"
                    + " withValidationData(dataset) or tensors");
        }
        Validation validation = null;
        if (options.validationDataset() != null) {
            validation = () -> Scoring.evaluate(net, objective, options.validationDataset(), options.validationSteps());
        } else if (options.validationX() != null) {
            validation = () -> Scoring.evaluate(net, objective, options.validationX(), options.validationY(),
                    options.batchSize());
        }
        BatchSource source = BatchSource.of(data, options.stepsPerEpoch());
        try {
            return run(net, objective, source, validation, options);
        } finally {
            source.close();
        }
    }

    /** The validation step of each epoch end. */
    private interface Validation {
        Map<String, Double> run();
    }

    private static History run(Network net, Objective objective, BatchSource source, Validation validation,
            FitOptions options) {
        if (options.classWeight() != null && net.outputNames().size() > 1) {
            throw new IllegalArgumentException("classWeight is supported for models with a single output (as Keras);"
                    + " model '" + net.name() + "' has " + net.outputNames().size());
        }
        FitSession session = new FitSession(net, objective.optimizer(), options.epochs(), source,
                Scoring.metricKeys(net, objective));
        session.seed = options.seed() != null ? options.seed() : new SplittableRandom().nextLong();
        session.epoch = options.initialEpoch();
        if (options.resume() != null) {
            session.resume(options.resume());
        }
        History history = new History();
        List<Callback> callbacks = callbacks(options, history);
        List<Parameter> params = net.parameters();

        callbacks.forEach(c -> c.onTrainBegin(session));
        session.begun = true;
        while (session.epoch < options.epochs() && !session.stop) {
            final int e = session.epoch;
            callbacks.forEach(c -> c.onEpochBegin(session, e));
            try (DataIterator<Sample> batches = source.epoch(e, session.batch, session.seed)) {
                while (!session.stop && batches.hasNext()) {
                    final int b = session.batch;
                    callbacks.forEach(c -> c.onBatchBegin(session, e, b));
                    Sample batch = batches.next();
                    int size = batch.batchSize();
                    session.currentBatchSize = size;
                    if (batch.y().isEmpty()) {
                        throw new IllegalArgumentException("fit on model '" + net.name() + "': batch " + b
                                + " has no targets");
                    }
                    requireSameBatch(net.name(), "fit", batch.x(), batch.y());
                    Map<String, Double> logs = trainBatch(net, objective, params, batch,
                            options.classWeight(), new TrainingContext(EpochRandom.forBatch(session.seed, e, b)),
                            session.totals);
                    double loss = logs.get("loss");
                    session.totals.samples += size;
                    session.batch = b + 1;
                    callbacks.forEach(c -> c.onBatchEnd(session, e, b, logs));
                    if (!Double.isFinite(loss) && !session.stop) {
                        throw new NonFiniteLossException(e, options.epochs(), b, source.batchesPerEpoch(), loss);
                    }
                }
                if (!session.stop && !batches.hasNext()) {
                    source.passEnded(session.batch, session.totals.samples);
                }
            }
            if (session.totals.samples == 0) {
                throw new IllegalArgumentException("fit on model '" + net.name() + "': epoch " + (e + 1)
                        + " had no training data");
            }
            Map<String, Double> epochLogs = new LinkedHashMap<>(session.totals.results());
            if (validation != null) {
                validation.run().forEach((k, val) -> epochLogs.put("val_" + k, val));
            }
            // The epoch is complete: a state taken in onEpochEnd resumes at the next epoch.
            session.epoch = e + 1;
            session.batch = 0;
            session.totals = new EpochTotals(session.metricOf);
            session.inEpochEnd = true;
            callbacks.forEach(c -> c.onEpochEnd(session, e, epochLogs));
            session.inEpochEnd = false;
        }
        callbacks.forEach(c -> c.onTrainEnd(session));
        return history;
    }

    /**
     * The user's callbacks, then the history recorder, then the progress output unless the user gave
     * one (Keras 3 appends its History and ProgbarLogger the same way).
     */
    private static List<Callback> callbacks(FitOptions options, History history) {
        List<Callback> callbacks = new ArrayList<>(options.callbacks());
        callbacks.add(new Callback() {
            @Override
            public void onEpochEnd(TrainingSession session, int epoch, Map<String, Double> logs) {
                history.record(logs);
            }
        });
        if (callbacks.stream().noneMatch(c -> c instanceof Progress)) {
            Verbosity v = options.verbosity();
            if (v == Verbosity.AUTO) {
                v = System.console() != null ? Verbosity.PROGRESS_BAR : Verbosity.EPOCH_LINES;
            }
            if (v != Verbosity.SILENT) {
                callbacks.add(v == Verbosity.PROGRESS_BAR ? Progress.bar(System.out) : Progress.lines(System.out));
            }
        }
        return callbacks;
    }

    /**
     * One update on one batch; returns its logs. A non-finite loss skips the update so that the
     * weights stay finite for a callback (e.g. TerminateOnNaN) to stop or the loop to report.
     */
    private static Map<String, Double> trainBatch(Network net, Objective objective, List<Parameter> params,
            Sample batch, Map<Integer, Double> classWeight, TrainingContext context, EpochTotals totals) {
        BatchScore score = gradientsOf(net, objective, params, batch.x(), batch.y(),
                SampleWeights.of(batch, classWeight), context, true);
        // The penalised loss enters the epoch mean; the metrics their statistics.
        int size = batch.batchSize();
        score.logs().forEach((k, v) -> {
            if (!totals.isMetric(k)) {
                totals.addMean(k, v, size);
            }
        });
        score.metricStats().forEach(totals::add);
        if (Double.isFinite(score.logs().get("loss"))) {
            applyGradients(objective, params);
        }
        return score.logs();
    }

    /** A batch's logs and the statistics behind its metric values. */
    record BatchScore(Map<String, Double> logs, Map<String, double[]> metricStats) {
    }

    /**
     * The one training step of every trainer ({@code fit} and {@link GradientStep}): forward pass,
     * the compiled losses (each sample's loss weighted by {@code weights}, {@code [batch]}, when
     * given) and backward pass. Afterwards the parameters' {@code grad()} hold the gradients of the
     * batch loss, plus the regularizers' when {@code regularize} (whose penalty then enters the
     * logged {@code loss}); the activity regularizers' penalty and gradients always enter. Returns the
     * batch logs. A non-finite loss leaves the gradients at zero.
     */
    static BatchScore gradientsOf(Network net, Objective objective, List<Parameter> params, List<Tensor> x,
            List<Tensor> y, Tensor weights, TrainingContext context, boolean regularize) {
        for (Parameter p : params) {
            p.zeroGrad();
        }
        ForwardPass pass = net.forward(x, context);
        Map<String, Double> logs = new LinkedHashMap<>();
        List<Tensor> grads = Scoring.score(net, objective, y, pass.outputs(), weights, true, logs, null);
        // TF.js parity: the regularizer penalties are added to the total loss that fit reports
        // (training.ts totalLossFunction); its test function (evaluate, val_loss) leaves them out.
        // Activity regularizers depend on the batch, so every step counts them (GradientStep.compute too);
        // their gradients are already in the pass's backward.
        double penalty = pass.activityPenalty();
        if (regularize) {
            for (Parameter p : params) {
                penalty += p.regularize();
            }
        }
        double loss = logs.get("loss") + penalty;
        logs.put("loss", loss);
        Map<String, double[]> stats = new LinkedHashMap<>();
        Scoring.scoreMetrics(net, objective, y, pass.outputs(), logs, stats::put);
        if (Double.isFinite(loss)) {
            // A step needs no gradient with respect to the data: the first layers may skip theirs.
            pass.backwardParameters(grads);
        } else {
            // The regularizers already added their gradients; a skipped update must leave none behind.
            for (Parameter p : params) {
                p.zeroGrad();
            }
        }
        return new BatchScore(logs, stats);
    }

    /** The optimizer's step on the parameters' gradients, then the constraints (Keras parity). */
    static void applyGradients(Objective objective, List<Parameter> params) {
        objective.optimizer().step(params);
        // Keras parity: constraints project the variables after every update. TF.js's fit never
        // applies them (they run only in LayerVariable.write, which its optimizers bypass).
        for (Parameter p : params) {
            p.constrain();
        }
    }

    static List<Tensor> slice(List<Tensor> ts, int from, int to) {
        return ts.stream().map(t -> t.slice(from, to)).toList();
    }

    /** Every x and y tensor must have the same first (batch) dimension. */
    static void requireSameBatch(String model, String what, List<Tensor> x, List<Tensor> y) {
        int n = batchOf(x.get(0));
        for (List<Tensor> group : List.of(x, y)) {
            for (Tensor t : group) {
                if (batchOf(t) != n) {
                    throw new IllegalArgumentException(what + " on model '" + model + "': x has " + n
                            + " samples (shape " + x.get(0).shape() + ") but " + (group == x ? "another input" : "y")
                            + " has " + batchOf(t) + " (shape " + t.shape() + "); the first axis is the batch");
                }
            }
        }
    }

    private static int batchOf(Tensor t) {
        return t.rank() == 0 ? 0 : t.shape().dim(0);
    }
}
