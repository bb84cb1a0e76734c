package dev.engram.models;

import dev.engram.data.DataIterator;
import dev.engram.data.Dataset;
import dev.engram.data.Sample;
import dev.engram.losses.LossResult;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The compiled losses and metrics of a batch, logged under Keras/TF.js keys ({@code loss},
 * {@code <output>_loss}, {@code [<output>_]<metric>}), and {@code evaluate}/{@code predict} over
 * many batches. Training ({@link FitLoop}) scores its batches with the same code.
 */
final class Scoring {
    private Scoring() {
    }

    /**
     * The losses of one batch into {@code logs} ({@code loss}, and {@code <output>_loss} for several
     * outputs); returns the output gradients when asked. With {@code weights} ({@code [batch]}) each
     * sample's loss counts {@code w_n} times: the batch loss is {@code sum(w_n * l_n) / batch}, as
     * Keras's and TF.js's weighted losses.
     */
    static List<Tensor> score(Network net, FitLoop.Objective objective, List<Tensor> y, List<Tensor> pred,
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
    static void scoreMetrics(Network net, FitLoop.Objective objective, List<Tensor> y, List<Tensor> pred,
            Map<String, Double> logs, BiConsumer<String, double[]> statistics) {
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
    static Map<String, Metric> metricKeys(Network net, FitLoop.Objective objective) {
        Map<String, Metric> out = new LinkedHashMap<>();
        List<String> names = net.outputNames();
        for (String output : names) {
            for (Metric m : objective.metrics()) {
                out.put(names.size() > 1 ? output + "_" + m.name() : m.name(), m);
            }
        }
        return out;
    }

    static Map<String, Double> evaluate(Network net, FitLoop.Objective objective, List<Tensor> x, List<Tensor> y,
            int batchSize) {
        return evaluate(net, objective, x, y, null, batchSize);
    }

    /** The compiled losses (weighted by {@code sampleWeight} when given) and metrics, in batches. */
    static Map<String, Double> evaluate(Network net, FitLoop.Objective objective, List<Tensor> x, List<Tensor> y,
            Tensor sampleWeight, int batchSize) {
        FitLoop.requireSameBatch(net.name(), "evaluate", x, y);
        int n = x.get(0).shape().dim(0);
        if (sampleWeight != null) {
            SampleWeights.check(sampleWeight, n);
        }
        EpochTotals totals = new EpochTotals(metricKeys(net, objective));
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            List<Tensor> pred = net.predict(FitLoop.slice(x, from, to));
            Tensor w = sampleWeight == null ? null : sampleWeight.slice(from, to);
            score(net, objective, FitLoop.slice(y, from, to), pred, w,
                    false, new LinkedHashMap<>(), totals);
        }
        return n == 0 ? Map.of() : totals.results();
    }

    /** The compiled losses and metrics over a dataset of batches (its first {@code steps} batches, 0: all). */
    static Map<String, Double> evaluate(Network net, FitLoop.Objective objective, Dataset<Sample> data, int steps) {
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
                FitLoop.requireSameBatch(net.name(), "evaluate", batch.x(), batch.y());
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

    /** The targets fit the outputs: one per output, each of the output's shape or class indices for it. */
    static void checkTargets(String name, Graph g, List<Tensor> ys) {
        if (ys.size() != g.outputs.size()) {
            throw new IllegalArgumentException("model '" + name + "' has " + g.outputs.size()
                    + " output(s) but " + ys.size() + " target tensors were given");
        }
        for (int i = 0; i < ys.size(); i++) {
            Shape expected = g.outputs.get(i).shape().prepend(Shape.UNKNOWN);
            if (!expected.accepts(ys.get(i).shape()) && !isClassIndexTarget(expected, ys.get(i).shape())) {
                throw new IllegalArgumentException("model '" + name + "': targets for output '"
                        + g.outputs.get(i).name() + "' have shape " + ys.get(i).shape()
                        + " but the output has shape " + expected);
            }
        }
    }

    /** Class-index targets for a multi-class output: shape {@code [batch, ...]} or {@code [batch, ..., 1]}. */
    private static boolean isClassIndexTarget(Shape expected, Shape y) {
        if (expected.dim(-1) <= 1) {
            return false;
        }
        if (expected.withLast(1).accepts(y)) {
            return true;
        }
        if (y.rank() != expected.rank() - 1) {
            return false;
        }
        int[] withUnit = java.util.Arrays.copyOf(y.toArray(), y.rank() + 1);
        withUnit[y.rank()] = 1;
        return expected.withLast(1).accepts(Shape.of(withUnit));
    }
}
