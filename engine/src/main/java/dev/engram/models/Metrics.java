package dev.engram.models;

import dev.engram.tensor.Tensor;

/**
 * Built-in metrics: accuracy in its three forms, mean squared and mean absolute error.
 *
 * <p>{@link #accuracy()} chooses its form from the shapes, which agrees with Keras's choice from the
 * loss in every regular case: a single output column means binary accuracy (threshold 0.5); targets
 * with as many columns as the predictions mean categorical accuracy (arg-max match); otherwise the
 * targets are class indices (sparse categorical accuracy).
 */
public final class Metrics {
    private Metrics() {
    }

    /** Accuracy, resolved from the shapes (see the class comment). */
    public static Metric accuracy() {
        return metric("accuracy", (t, p) -> {
            int classes = p.shape().dim(-1);
            if (classes == 1) {
                return binary(t, p);
            }
            return t.shape().dim(-1) == classes && t.rank() == p.rank() ? categorical(t, p) : sparse(t, p);
        });
    }

    /** Fraction of predictions on the same side of 0.5 as their 0/1 targets. */
    public static Metric binaryAccuracy() {
        return metric("binaryAccuracy", Metrics::binary);
    }

    /** Fraction of rows whose arg-max matches the one-hot target's arg-max. */
    public static Metric categoricalAccuracy() {
        return metric("categoricalAccuracy", Metrics::categorical);
    }

    /** Fraction of rows whose arg-max equals the integer class index in the target. */
    public static Metric sparseCategoricalAccuracy() {
        return metric("sparseCategoricalAccuracy", Metrics::sparse);
    }

    /** Mean squared error. */
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

    /** Mean absolute error. */
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
