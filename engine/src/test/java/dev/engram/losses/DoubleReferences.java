package dev.engram.losses;

/**
 * Independent double-precision implementations of the loss formulas, written from the TF.js
 * definitions (not from the engine code), used as oracles for values and finite differences.
 * Every function takes flat row-major data whose last axis has length {@code last}.
 */
final class DoubleReferences {
    static final double EPS = 1e-7;

    private DoubleReferences() {
    }

    /** A loss of flat targets and predictions. */
    interface Fn {
        double apply(double[] t, double[] p);
    }

    static double clip(double x) {
        return Math.min(Math.max(x, EPS), 1 - EPS);
    }

    /** Mean over the last axis, then over rows, of an element function. */
    interface Elem {
        double apply(double t, double p);
    }

    static Fn elementwise(int last, Elem f) {
        return (t, p) -> {
            int rows = p.length / last;
            double total = 0;
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int j = 0; j < last; j++) {
                    s += f.apply(t[r * last + j], p[r * last + j]);
                }
                total += s / last;
            }
            return total / rows;
        };
    }

    static Fn mse(int last) {
        return elementwise(last, (t, p) -> (p - t) * (p - t));
    }

    static Fn mae(int last) {
        return elementwise(last, (t, p) -> Math.abs(p - t));
    }

    static Fn huber(int last, double delta) {
        return elementwise(last, (t, p) -> {
            double e = Math.abs(p - t);
            return e <= delta ? 0.5 * e * e : delta * (e - 0.5 * delta);
        });
    }

    /** The textbook form {@code -(t log c + (1 - t) log(1 - c))}, equal to TF.js's logit form. */
    static Fn binaryCrossentropy(int last) {
        return elementwise(last, (t, p) -> {
            double c = clip(p);
            return -(t * Math.log(c) + (1 - t) * Math.log(1 - c));
        });
    }

    static Fn categoricalCrossentropy(int last) {
        return (t, p) -> {
            int rows = p.length / last;
            double total = 0;
            for (int r = 0; r < rows; r++) {
                total += rowCrossentropy(t, p, r * last, last);
            }
            return total / rows;
        };
    }

    /** {@code labels} holds one class index per row; predictions are clipped before normalising. */
    static Fn sparseCategoricalCrossentropy(int last) {
        return (labels, p) -> {
            int rows = p.length / last;
            double[] oneHot = new double[p.length];
            double[] clipped = new double[p.length];
            for (int r = 0; r < rows; r++) {
                oneHot[r * last + (int) Math.floor(labels[r])] = 1;
            }
            for (int i = 0; i < p.length; i++) {
                clipped[i] = clip(p[i]);
            }
            double total = 0;
            for (int r = 0; r < rows; r++) {
                total += rowCrossentropy(oneHot, clipped, r * last, last);
            }
            return total / rows;
        };
    }

    private static double rowCrossentropy(double[] t, double[] p, int off, int n) {
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += p[off + k];
        }
        double loss = 0;
        for (int k = 0; k < n; k++) {
            loss -= t[off + k] * Math.log(clip(p[off + k] / s));
        }
        return loss;
    }
}
