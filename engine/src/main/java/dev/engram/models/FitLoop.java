package dev.engram.models;

import dev.engram.layers.ForwardPass;
import dev.engram.layers.Parameter;
import dev.engram.layers.TrainingContext;
import dev.engram.losses.Loss;
import dev.engram.losses.LossResult;
import dev.engram.optimizers.Optimizer;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
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

    static History fit(TrainableNetwork net, Objective objective, List<Tensor> x, List<Tensor> y, FitOptions options) {
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
        int batchSize = options.batchSize();
        int batches = (n + batchSize - 1) / batchSize;
        SplittableRandom random = options.seed() != null ? new SplittableRandom(options.seed()) : new SplittableRandom();
        TrainingContext context = new TrainingContext(random);
        List<Callback> callbacks = new ArrayList<>(options.callbacks());
        Verbosity v = options.verbosity();
        if (v == Verbosity.AUTO) {
            v = System.console() != null ? Verbosity.PROGRESS_BAR : Verbosity.EPOCH_LINES;
        }
        if (v != Verbosity.SILENT) {
            callbacks.add(new ProgressLogger(System.out, v == Verbosity.PROGRESS_BAR));
        }
        Session session = new Session(net, options.epochs(), batches);
        History history = new History();
        List<Parameter> params = net.parameters();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }

        callbacks.forEach(c -> c.onTrainBegin(session));
        for (int epoch = 0; epoch < options.epochs() && !session.stop; epoch++) {
            final int e = epoch;
            callbacks.forEach(c -> c.onEpochBegin(session, e));
            if (options.shuffle()) {
                shuffle(order, random);
            }
            Map<String, Double> totals = new LinkedHashMap<>();
            for (int b = 0; b < batches; b++) {
                int from = b * batchSize;
                int to = Math.min(n, from + batchSize);
                List<Tensor> bx;
                List<Tensor> by;
                if (options.shuffle()) {
                    int[] idx = Arrays.copyOfRange(order, from, to);
                    bx = gather(trainX, idx);
                    by = gather(trainY, idx);
                } else {
                    bx = slice(trainX, from, to);
                    by = slice(trainY, from, to);
                }
                for (Parameter p : params) {
                    p.zeroGrad();
                }
                ForwardPass pass = net.forward(bx, context);
                Map<String, Double> logs = new LinkedHashMap<>();
                List<Tensor> grads = score(net, objective, by, pass.outputs(), true, logs);
                // TF.js parity: the regularizer penalties are added to the total loss that fit reports
                // (training.ts totalLossFunction); its test function (evaluate, val_loss) leaves them out.
                double penalty = 0;
                for (Parameter p : params) {
                    penalty += p.regularize();
                }
                double loss = logs.get("loss") + penalty;
                logs.put("loss", loss);
                if (!Double.isFinite(loss)) {
                    throw new NonFiniteLossException(epoch, options.epochs(), b, batches, loss);
                }
                pass.backwardAll(grads);
                objective.optimizer().step(params);
                // Keras parity: constraints project the variables after every update. TF.js's fit never
                // applies them (they run only in LayerVariable.write, which its optimizers bypass).
                for (Parameter p : params) {
                    p.constrain();
                }
                int size = to - from;
                logs.forEach((k, val) -> totals.merge(k, val * size, Double::sum));
                final int batch = b;
                callbacks.forEach(c -> c.onBatchEnd(session, e, batch, logs));
            }
            Map<String, Double> epochLogs = new LinkedHashMap<>();
            final int count = n;
            totals.forEach((k, val) -> epochLogs.put(k, val / count));
            if (valX != null) {
                evaluate(net, objective, valX, valY, batchSize).forEach((k, val) -> epochLogs.put("val_" + k, val));
            }
            history.record(epochLogs);
            callbacks.forEach(c -> c.onEpochEnd(session, e, epochLogs));
        }
        callbacks.forEach(c -> c.onTrainEnd(session));
        return history;
    }

    /** Losses and metrics of one batch into {@code logs}; returns the output gradients when asked. */
    private static List<Tensor> score(TrainableNetwork net, Objective objective, List<Tensor> y, List<Tensor> pred,
            boolean withGradient, Map<String, Double> logs) {
        List<String> names = net.outputNames();
        boolean several = pred.size() > 1;
        double total = 0;
        List<Tensor> grads = new ArrayList<>(pred.size());
        Map<String, Double> parts = new LinkedHashMap<>();
        for (int i = 0; i < pred.size(); i++) {
            LossResult r = objective.losses().get(i).evaluate(y.get(i), pred.get(i), withGradient);
            total += r.value();
            grads.add(r.gradient());
            if (several) {
                parts.put(names.get(i) + "_loss", (double) r.value());
            }
        }
        logs.put("loss", total);
        logs.putAll(parts);
        for (int i = 0; i < pred.size(); i++) {
            for (Metric m : objective.metrics()) {
                logs.put(several ? names.get(i) + "_" + m.name() : m.name(), m.compute(y.get(i), pred.get(i)));
            }
        }
        return grads;
    }

    static Map<String, Double> evaluate(TrainableNetwork net, Objective objective, List<Tensor> x, List<Tensor> y,
            int batchSize) {
        requireSameBatch(net.name(), "evaluate", x, y);
        int n = x.get(0).shape().dim(0);
        Map<String, Double> totals = new LinkedHashMap<>();
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            List<Tensor> by = slice(y, from, to);
            List<Tensor> pred = net.predictAll(slice(x, from, to));
            Map<String, Double> logs = new LinkedHashMap<>();
            score(net, objective, by, pred, false, logs);
            int size = to - from;
            logs.forEach((k, val) -> totals.merge(k, val * size, Double::sum));
        }
        Map<String, Double> out = new LinkedHashMap<>();
        totals.forEach((k, v) -> out.put(k, n == 0 ? Double.NaN : v / n));
        return out;
    }

    private static List<Tensor> slice(List<Tensor> ts, int from, int to) {
        return ts.stream().map(t -> t.slice(from, to)).toList();
    }

    private static List<Tensor> gather(List<Tensor> ts, int[] idx) {
        return ts.stream().map(t -> t.gather(idx)).toList();
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
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

    /** The callbacks' view of one fit call. */
    private static final class Session implements TrainingSession {
        private final TrainableNetwork net;
        private final int epochs;
        private final int batches;
        private boolean stop;

        Session(TrainableNetwork net, int epochs, int batches) {
            this.net = net;
            this.epochs = epochs;
            this.batches = batches;
        }

        @Override
        public int epochs() {
            return epochs;
        }

        @Override
        public int batchesPerEpoch() {
            return batches;
        }

        @Override
        public void stopTraining() {
            stop = true;
        }

        @Override
        public List<Tensor> weights() {
            return net.parameters().stream().map(Parameter::value).toList();
        }

        @Override
        public void setWeights(List<Tensor> weights) {
            List<Parameter> ps = net.parameters();
            for (int i = 0; i < ps.size(); i++) {
                ps.get(i).assign(weights.get(i));
            }
        }
    }
}
