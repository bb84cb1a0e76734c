package dev.engram.models;

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
 * update; the epoch loss is the batch-size-weighted mean of the batch losses.
 */
final class FitLoop {
    private FitLoop() {
    }

    static History fit(TrainableNetwork net, Loss loss, Optimizer optimizer, List<Metric> metrics,
            Tensor x, Tensor y, FitOptions options) {
        requireSameBatch(net.name(), "fit", x, y);
        Tensor trainX = x;
        Tensor trainY = y;
        Tensor valX = options.validationX();
        Tensor valY = options.validationY();
        if (valX != null) {
            requireSameBatch(net.name(), "validationData", valX, valY);
        } else if (options.validationSplit() > 0) {
            int n = x.shape().dim(0);
            int splitAt = (int) Math.floor(n * (1 - options.validationSplit()));
            if (splitAt == 0 || splitAt == n) {
                throw new IllegalArgumentException("validationSplit " + options.validationSplit() + " of " + n
                        + " samples leaves " + (splitAt == 0 ? "no training" : "no validation") + " samples");
            }
            trainX = x.slice(0, splitAt);
            trainY = y.slice(0, splitAt);
            valX = x.slice(splitAt, n);
            valY = y.slice(splitAt, n);
        }
        int n = trainX.shape().dim(0);
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
                Tensor bx;
                Tensor by;
                if (options.shuffle()) {
                    int[] idx = java.util.Arrays.copyOfRange(order, from, to);
                    bx = trainX.gather(idx);
                    by = trainY.gather(idx);
                } else {
                    bx = trainX.slice(from, to);
                    by = trainY.slice(from, to);
                }
                for (Parameter p : params) {
                    p.zeroGrad();
                }
                ForwardPass pass = net.forward(bx, context);
                LossResult lr = loss.evaluate(by, pass.output(), true);
                if (!Float.isFinite(lr.value())) {
                    throw new NonFiniteLossException(epoch, options.epochs(), b, batches, lr.value());
                }
                Map<String, Double> logs = new LinkedHashMap<>();
                logs.put("loss", (double) lr.value());
                for (Metric m : metrics) {
                    logs.put(m.name(), m.compute(by, pass.output()));
                }
                pass.backward(lr.gradient());
                optimizer.step(params);
                int size = to - from;
                logs.forEach((k, val) -> totals.merge(k, val * size, Double::sum));
                final int batch = b;
                callbacks.forEach(c -> c.onBatchEnd(session, e, batch, logs));
            }
            Map<String, Double> epochLogs = new LinkedHashMap<>();
            totals.forEach((k, val) -> epochLogs.put(k, val / n));
            if (valX != null) {
                evaluate(net, loss, metrics, valX, valY, batchSize)
                        .forEach((k, val) -> epochLogs.put("val_" + k, val));
            }
            history.record(epochLogs);
            callbacks.forEach(c -> c.onEpochEnd(session, e, epochLogs));
        }
        callbacks.forEach(c -> c.onTrainEnd(session));
        return history;
    }

    static Map<String, Double> evaluate(TrainableNetwork net, Loss loss, List<Metric> metrics, Tensor x, Tensor y,
            int batchSize) {
        requireSameBatch(net.name(), "evaluate", x, y);
        int n = x.shape().dim(0);
        Map<String, Double> totals = new LinkedHashMap<>();
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            Tensor by = y.slice(from, to);
            Tensor pred = net.predict(x.slice(from, to));
            int size = to - from;
            totals.merge("loss", (double) loss.evaluate(by, pred, false).value() * size, Double::sum);
            for (Metric m : metrics) {
                totals.merge(m.name(), m.compute(by, pred) * size, Double::sum);
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        totals.forEach((k, v) -> out.put(k, n == 0 ? Double.NaN : v / n));
        return out;
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    static void requireSameBatch(String model, String what, Tensor x, Tensor y) {
        if (x.rank() == 0 || y.rank() == 0 || x.shape().dim(0) != y.shape().dim(0)) {
            throw new IllegalArgumentException(what + " on model '" + model + "': x has "
                    + (x.rank() == 0 ? 0 : x.shape().dim(0)) + " samples (shape " + x.shape() + ") but y has "
                    + (y.rank() == 0 ? 0 : y.shape().dim(0)) + " (shape " + y.shape() + "); the first axis is the batch");
        }
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
            List<Tensor> w = new ArrayList<>();
            for (Parameter p : net.parameters()) {
                w.add(p.value());
            }
            return w;
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
