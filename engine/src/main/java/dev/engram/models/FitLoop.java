package dev.engram.models;

import dev.engram.data.DataIterator;
import dev.engram.data.Dataset;
import dev.engram.data.Sample;
import dev.engram.layers.ForwardPass;
import dev.engram.layers.Parameter;
import dev.engram.layers.TrainingContext;
import dev.engram.losses.Loss;
import dev.engram.losses.LossResult;
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
 * parameters. {@code evaluate} and {@code val_loss} leave the penalty out.
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
        Validation validation = vx == null ? null : () -> evaluate(net, objective, vx, vy, options.batchSize());
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
            validation = () -> evaluate(net, objective, options.validationDataset(), options.validationSteps());
        } else if (options.validationX() != null) {
            validation = () -> evaluate(net, objective, options.validationX(), options.validationY(),
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
        Session session = new Session(net, objective.optimizer(), options.epochs(), source, metricKeys(net, objective));
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
     * logged {@code loss}); returns the batch logs. A non-finite loss leaves the gradients at zero.
     */
    static BatchScore gradientsOf(Network net, Objective objective, List<Parameter> params, List<Tensor> x,
            List<Tensor> y, Tensor weights, TrainingContext context, boolean regularize) {
        for (Parameter p : params) {
            p.zeroGrad();
        }
        ForwardPass pass = net.forward(x, context);
        Map<String, Double> logs = new LinkedHashMap<>();
        List<Tensor> grads = score(net, objective, y, pass.outputs(), weights, true, logs, null);
        // TF.js parity: the regularizer penalties are added to the total loss that fit reports
        // (training.ts totalLossFunction); its test function (evaluate, val_loss) leaves them out.
        double penalty = 0;
        if (regularize) {
            for (Parameter p : params) {
                penalty += p.regularize();
            }
        }
        double loss = logs.get("loss") + penalty;
        logs.put("loss", loss);
        Map<String, double[]> stats = new LinkedHashMap<>();
        scoreMetrics(net, objective, y, pass.outputs(), logs, stats::put);
        if (Double.isFinite(loss)) {
            pass.backwardAll(grads);
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

    /**
     * The losses of one batch into {@code logs} ({@code loss}, and {@code <output>_loss} for several
     * outputs); returns the output gradients when asked. With {@code weights} ({@code [batch]}) each
     * sample's loss counts {@code w_n} times: the batch loss is {@code sum(w_n * l_n) / batch}, as
     * Keras's and TF.js's weighted losses.
     */
    private static List<Tensor> score(Network net, Objective objective, List<Tensor> y, List<Tensor> pred,
            Tensor weights, boolean withGradient, Map<String, Double> logs, EpochTotals totals) {
        List<String> names = net.outputNames();
        boolean several = pred.size() > 1;
        double total = 0;
        List<Tensor> grads = new ArrayList<>(pred.size());
        Map<String, Double> parts = new LinkedHashMap<>();
        for (int i = 0; i < pred.size(); i++) {
            LossResult r = weights == null
                    ? objective.losses().get(i).evaluate(y.get(i), pred.get(i), withGradient)
                    : SampleWeights.weighted(objective.losses().get(i), y.get(i), pred.get(i), weights, withGradient);
            total += r.value();
            grads.add(r.gradient());
            if (several) {
                parts.put(names.get(i) + "_loss", (double) r.value());
            }
        }
        logs.put("loss", total);
        logs.putAll(parts);
        if (totals != null) {
            int size = pred.get(0).shape().dim(0);
            logs.forEach((k, v) -> totals.addMean(k, v, size));
            scoreMetrics(net, objective, y, pred, logs, totals::add);
        }
        return grads;
    }

    /** The metrics of one batch into {@code logs} (batch values) and {@code statistics} (for sums). */
    private static void scoreMetrics(Network net, Objective objective, List<Tensor> y, List<Tensor> pred,
            Map<String, Double> logs, java.util.function.BiConsumer<String, double[]> statistics) {
        List<String> names = net.outputNames();
        boolean several = pred.size() > 1;
        for (int i = 0; i < pred.size(); i++) {
            for (Metric m : objective.metrics()) {
                double[] stats = m.statistics(y.get(i), pred.get(i));
                String key = several ? names.get(i) + "_" + m.name() : m.name();
                logs.put(key, m.result(stats));
                statistics.accept(key, stats);
            }
        }
    }

    /** Which log keys belong to which metric. */
    static Map<String, Metric> metricKeys(Network net, Objective objective) {
        Map<String, Metric> out = new LinkedHashMap<>();
        List<String> names = net.outputNames();
        for (String output : names) {
            for (Metric m : objective.metrics()) {
                out.put(names.size() > 1 ? output + "_" + m.name() : m.name(), m);
            }
        }
        return out;
    }

    static Map<String, Double> evaluate(Network net, Objective objective, List<Tensor> x, List<Tensor> y,
            int batchSize) {
        return evaluate(net, objective, x, y, null, batchSize);
    }

    /** The compiled losses (weighted by {@code sampleWeight} when given) and metrics, in batches. */
    static Map<String, Double> evaluate(Network net, Objective objective, List<Tensor> x, List<Tensor> y,
            Tensor sampleWeight, int batchSize) {
        requireSameBatch(net.name(), "evaluate", x, y);
        int n = x.get(0).shape().dim(0);
        if (sampleWeight != null) {
            SampleWeights.check(sampleWeight, n);
        }
        EpochTotals totals = new EpochTotals(metricKeys(net, objective));
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            List<Tensor> pred = net.predict(slice(x, from, to));
            score(net, objective, slice(y, from, to), pred, sampleWeight == null ? null : sampleWeight.slice(from, to),
                    false, new LinkedHashMap<>(), totals);
        }
        return n == 0 ? Map.of() : totals.results();
    }

    /** The compiled losses and metrics over a dataset of batches (its first {@code steps} batches, 0: all). */
    static Map<String, Double> evaluate(Network net, Objective objective, Dataset<Sample> data, int steps) {
        EpochTotals totals = new EpochTotals(metricKeys(net, objective));
        int b = 0;
        try (DataIterator<Sample> it = data.iterator()) {
            while ((steps == 0 || b < steps) && it.hasNext()) {
                Sample batch = it.next();
                b++;
                if (batch.y().isEmpty()) {
                    throw new IllegalArgumentException("evaluate on model '" + net.name() + "': batch " + (b - 1)
                            + " has no targets");
                }
                requireSameBatch(net.name(), "evaluate", batch.x(), batch.y());
                score(net, objective, batch.y(), net.predict(batch.x()), batch.sampleWeight(), false,
                        new LinkedHashMap<>(), totals);
            }
        }
        return totals.results();
    }

    /** Inference over a dataset of batches (targets ignored), outputs concatenated along the batch axis. */
    static List<Tensor> predict(Network net, Dataset<Sample> data) {
        List<List<Tensor>> parts = new ArrayList<>();
        try (DataIterator<Sample> it = data.iterator()) {
            while (it.hasNext()) {
                parts.add(net.predict(it.next().x()));
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("predict on model '" + net.name() + "': the dataset is empty");
        }
        List<Tensor> out = new ArrayList<>();
        for (int o = 0; o < parts.get(0).size(); o++) {
            List<Tensor> batches = new ArrayList<>(parts.size());
            for (List<Tensor> p : parts) {
                batches.add(p.get(o));
            }
            out.add(concat(batches));
        }
        return out;
    }

    /** Batches of one output concatenated along the batch axis. */
    static Tensor concat(List<Tensor> batches) {
        int rows = 0;
        int size = 0;
        for (Tensor t : batches) {
            rows += t.shape().dim(0);
            size += t.size();
        }
        float[] all = new float[size];
        int at = 0;
        for (Tensor t : batches) {
            System.arraycopy(t.buffer(), 0, all, at, t.size());
            at += t.size();
        }
        return Tensor.wrap(batches.get(0).shape().dropFirst().prepend(rows), all);
    }

    private static List<Tensor> slice(List<Tensor> ts, int from, int to) {
        return ts.stream().map(t -> t.slice(from, to)).toList();
    }

    private static List<Tensor> gather(List<Tensor> ts, int[] idx) {
        return ts.stream().map(t -> t.gather(idx)).toList();
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

    /** The callbacks' view of one fit call, and the loop's position. */
    private static final class Session implements TrainingSession {
        private final Network net;
        private final Optimizer optimizer;
        private final int epochs;
        private final BatchSource source;
        int currentBatchSize;
        long seed;
        int epoch;
        int batch;
        final Map<String, Metric> metricOf;
        EpochTotals totals;
        boolean stop;
        boolean begun;
        boolean inEpochEnd;

        Session(Network net, Optimizer optimizer, int epochs, BatchSource source,
                Map<String, Metric> metricOf) {
            this.metricOf = metricOf;
            this.totals = new EpochTotals(metricOf);
            this.net = net;
            this.optimizer = optimizer;
            this.epochs = epochs;
            this.source = source;
        }

        @Override
        public int epochs() {
            return epochs;
        }

        @Override
        public int batchesPerEpoch() {
            return source.batchesPerEpoch();
        }

        @Override
        public int batchSize() {
            return source.batchSize();
        }

        @Override
        public int currentBatchSize() {
            return currentBatchSize;
        }

        @Override
        public long samplesPerEpoch() {
            return source.samplesPerEpoch();
        }

        @Override
        public int epoch() {
            // In onEpochEnd the position already points at the next epoch; callbacks see the finished one.
            return inEpochEnd ? epoch - 1 : epoch;
        }

        @Override
        public void stopTraining() {
            stop = true;
        }

        @Override
        public boolean stopRequested() {
            return stop;
        }

        @Override
        public Network model() {
            return net;
        }

        @Override
        public Optimizer optimizer() {
            return optimizer;
        }

        @Override
        public List<Tensor> weights() {
            return net.parameters().stream().map(Parameter::value).toList();
        }

        @Override
        public void setWeights(List<Tensor> weights) {
            net.setWeights(weights);
        }

        @Override
        public TrainingState state() {
            double lr = optimizer.schedule() == null ? optimizer.learningRate() : Double.NaN;
            return new TrainingState(epoch, batch, weights(), optimizer.state(), optimizer.iterations(), lr, seed,
                    totals.flatten(), totals.samples);
        }

        @Override
        public void resume(TrainingState state) {
            if (begun) {
                throw new IllegalStateException("model '" + net.name() + "': a training state can be resumed only"
                        + " before the first epoch (in onTrainBegin or with FitOptions.withResume)");
            }
            setWeights(state.weights());
            optimizer.setState(state.optimizerState(), state.iterations());
            if (!Double.isNaN(state.learningRate()) && optimizer.schedule() == null) {
                optimizer.setLearningRate(state.learningRate());
            }
            seed = state.seed();
            epoch = state.epoch();
            batch = state.batch();
            totals = EpochTotals.restore(metricOf, state.epochTotals(), state.epochSamples());
        }
    }
}
