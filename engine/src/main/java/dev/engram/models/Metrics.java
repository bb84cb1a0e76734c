package dev.engram.models;

import dev.engram.tensor.Tensor;

/**
 * Built-in metrics: accuracy in its three forms, mean squared and mean absolute error, and Keras's
 * root mean squared error, mean absolute percentage error, precision, recall, AUC (ROC and PR) and
 * top-k accuracy.
 *
 * <p>{@link #accuracy()} chooses its form from the shapes, which agrees with Keras's choice from the
 * loss in every regular case: a single output column means binary accuracy (threshold 0.5); targets
 * with as many columns as the predictions mean categorical accuracy (arg-max match); otherwise the
 * targets are class indices (sparse categorical accuracy).
 */
public final class Metrics {
    private Metrics() {
    }

    /**
     * Accuracy, resolved from the shapes (see the class comment).
     *
     * @return a metric logged as {@code accuracy}
     */
    public static Metric accuracy() {
        return metric("accuracy", (t, p) -> {
            int classes = p.shape().dim(-1);
            if (classes == 1) {
                return binary(t, p);
            }
            return t.shape().dim(-1) == classes && t.rank() == p.rank() ? categorical(t, p) : sparse(t, p);
        });
    }

    /**
     * Fraction of predictions on the same side of 0.5 as their 0/1 targets.
     *
     * @return a metric with values in [0, 1]
     */
    public static Metric binaryAccuracy() {
        return metric("binaryAccuracy", Metrics::binary);
    }

    /**
     * Fraction of rows whose arg-max matches the one-hot target's arg-max.
     *
     * @return a metric with values in [0, 1]
     */
    public static Metric categoricalAccuracy() {
        return metric("categoricalAccuracy", Metrics::categorical);
    }

    /**
     * Fraction of rows whose arg-max equals the integer class index in the target.
     *
     * @return a metric with values in [0, 1]
     */
    public static Metric sparseCategoricalAccuracy() {
        return metric("sparseCategoricalAccuracy", Metrics::sparse);
    }

    /**
     * Mean squared error.
     *
     * @return a metric averaging the squared difference over every element
     */
    public static Metric meanSquaredError() {
        return metric("mse", (t, p) -> {
            requireSameSize("mse", t, p);
            double s = 0;
            for (int i = 0; i < p.size(); i++) {
                double d = p.buffer()[i] - t.buffer()[i];
                s += d * d;
            }
            return s / p.size();
        });
    }

    /**
     * Mean absolute error.
     *
     * @return a metric averaging the absolute difference over every element
     */
    public static Metric meanAbsoluteError() {
        return metric("mae", (t, p) -> {
            requireSameSize("mae", t, p);
            double s = 0;
            for (int i = 0; i < p.size(); i++) {
                s += Math.abs(p.buffer()[i] - t.buffer()[i]);
            }
            return s / p.size();
        });
    }

    /**
     * Keras {@code RootMeanSquaredError}: the square root of the mean squared error over every element
     * of the epoch (not the mean of the batches' roots). Log key {@code root_mean_squared_error}.
     *
     * @return the metric
     */
    public static Metric rootMeanSquaredError() {
        return new Metric() {
            @Override
            public String name() {
                return "root_mean_squared_error";
            }

            @Override
            public double compute(Tensor yTrue, Tensor yPred) {
                return result(statistics(yTrue, yPred));
            }

            @Override
            public double[] statistics(Tensor yTrue, Tensor yPred) {
                requireSameSize(name(), yTrue, yPred);
                double s = 0;
                for (int i = 0; i < yPred.size(); i++) {
                    double d = yPred.buffer()[i] - yTrue.buffer()[i];
                    s += d * d;
                }
                return new double[] {s, yPred.size()};
            }

            @Override
            public double result(double[] sums) {
                return sums[1] == 0 ? Double.NaN : Math.sqrt(sums[0] / sums[1]);
            }

            @Override
            public String toString() {
                return name();
            }
        };
    }

    /**
     * Keras {@code MeanAbsolutePercentageError}: {@code 100 * mean |(t - p) / max(|t|, 1e-7)|} over
     * every element. Log key {@code mean_absolute_percentage_error}.
     *
     * @return the metric, in percent
     */
    public static Metric meanAbsolutePercentageError() {
        return metric("mean_absolute_percentage_error", (t, p) -> {
            requireSameSize("mean_absolute_percentage_error", t, p);
            double s = 0;
            for (int i = 0; i < p.size(); i++) {
                double truth = t.buffer()[i];
                s += Math.abs((truth - p.buffer()[i]) / Math.max(Math.abs(truth), 1e-7));
            }
            return p.size() == 0 ? 0 : 100 * s / p.size();
        });
    }

    /**
     * Keras {@code Precision()}: {@code tp / (tp + fp)} with predictions {@code > 0.5} positive, over the epoch.
     *
     * @return a metric logged as {@code precision}, 0 when nothing is predicted positive
     */
    public static Metric precision() {
        return ConfusionMetrics.precisionOrRecall("precision", 0.5, true);
    }

    /**
     * Keras {@code Recall()}: {@code tp / (tp + fn)} with predictions {@code > 0.5} positive, over the epoch.
     *
     * @return a metric logged as {@code recall}, 0 when no target is positive
     */
    public static Metric recall() {
        return ConfusionMetrics.precisionOrRecall("recall", 0.5, false);
    }

    /**
     * Keras {@code AUC()}: area under the ROC curve, 200 thresholds, interpolation. Log key {@code auc}.
     *
     * @return the metric, in [0, 1]
     */
    public static Metric auc() {
        return ConfusionMetrics.auc("auc", 200, false);
    }

    /**
     * Keras {@code AUC(curve="PR")}: area under the precision-recall curve, 200 thresholds. Log key {@code pr_auc}.
     *
     * @return the metric, in [0, 1]
     */
    public static Metric prAuc() {
        return ConfusionMetrics.auc("pr_auc", 200, true);
    }

    /**
     * Keras {@code AUC(num_thresholds, curve)} with another number of thresholds and a chosen log key.
     *
     * @param name the log key
     * @param thresholds the number of thresholds, &gt;= 2 (Keras's {@code num_thresholds}, default 200)
     * @param precisionRecallCurve true for the precision-recall curve, false for the ROC curve
     * @return the metric, in [0, 1]
     * @throws IllegalArgumentException when {@code thresholds} is below 2
     */
    public static Metric auc(String name, int thresholds, boolean precisionRecallCurve) {
        return ConfusionMetrics.auc(name, thresholds, precisionRecallCurve);
    }

    /**
     * Keras {@code TopKCategoricalAccuracy(k)}: the fraction of rows whose one-hot target class is
     * among the {@code k} highest predictions (ties at the boundary count as in, as
     * {@code in_top_k}). Log key {@code top_k_categorical_accuracy}.
     *
     * @param k how many of the highest predictions count as a hit, &gt; 0
     * @return a metric with values in [0, 1]
     */
    public static Metric topKCategoricalAccuracy(int k) {
        return topK("top_k_categorical_accuracy", k, false);
    }

    /**
     * As {@link #topKCategoricalAccuracy} with class indices as targets; log key sparse_top_k_categorical_accuracy.
     *
     * @param k how many of the highest predictions count as a hit, &gt; 0
     * @return a metric with values in [0, 1]
     */
    public static Metric sparseTopKCategoricalAccuracy(int k) {
        return topK("sparse_top_k_categorical_accuracy", k, true);
    }

    private static Metric topK(String name, int k, boolean sparse) {
        if (k <= 0) {
            throw new IllegalArgumentException(name + ": k must be > 0, got " + k);
        }
        return metric(name, (t, p) -> {
            int c = p.shape().dim(-1);
            int rows = p.size() / c;
            if (sparse ? t.size() != rows : t.size() != p.size()) {
                throw new IllegalArgumentException(name + ": targets of shape " + t.shape()
                        + " do not fit predictions of shape " + p.shape());
            }
            int hits = 0;
            for (int r = 0; r < rows; r++) {
                int target = sparse ? (int) t.buffer()[r] : argMax(t.buffer(), r * c, c);
                float v = p.buffer()[r * c + target];
                int above = 0;
                for (int j = 0; j < c; j++) {
                    above += p.buffer()[r * c + j] > v ? 1 : 0;
                }
                hits += above < k ? 1 : 0;
            }
            return rows == 0 ? 0 : (double) hits / rows;
        });
    }

    private static double binary(Tensor t, Tensor p) {
        requireSameSize("binaryAccuracy", t, p);
        int hits = 0;
        for (int i = 0; i < p.size(); i++) {
            hits += ((p.buffer()[i] > 0.5f) == (t.buffer()[i] > 0.5f)) ? 1 : 0;
        }
        return p.size() == 0 ? 0 : (double) hits / p.size();
    }

    private static double categorical(Tensor t, Tensor p) {
        requireSameSize("categoricalAccuracy", t, p);
        int c = p.shape().dim(-1);
        int rows = p.size() / c;
        int hits = 0;
        for (int r = 0; r < rows; r++) {
            hits += argMax(p.buffer(), r * c, c) == argMax(t.buffer(), r * c, c) ? 1 : 0;
        }
        return rows == 0 ? 0 : (double) hits / rows;
    }

    private static double sparse(Tensor t, Tensor p) {
        int c = p.shape().dim(-1);
        int rows = p.size() / c;
        if (t.size() != rows) {
            throw new IllegalArgumentException("sparseCategoricalAccuracy: targets of shape " + t.shape()
                    + " do not hold one class index per prediction row of shape " + p.shape());
        }
        int hits = 0;
        for (int r = 0; r < rows; r++) {
            hits += argMax(p.buffer(), r * c, c) == (int) t.buffer()[r] ? 1 : 0;
        }
        return rows == 0 ? 0 : (double) hits / rows;
    }

    private static int argMax(float[] a, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (a[off + i] > a[off + best]) {
                best = i;
            }
        }
        return best;
    }

    private static void requireSameSize(String metric, Tensor t, Tensor p) {
        if (t.size() != p.size()) {
            throw new IllegalArgumentException(metric + ": yTrue shape " + t.shape() + " does not match yPred shape "
                    + p.shape());
        }
    }

    private interface Formula {
        double apply(Tensor yTrue, Tensor yPred);
    }

    private static Metric metric(String name, Formula f) {
        return new Metric() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double compute(Tensor yTrue, Tensor yPred) {
                return f.apply(yTrue, yPred);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
