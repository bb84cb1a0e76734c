package dev.engram.testing;

import dev.engram.activations.Activation;

/** A Dense layer in double precision (softmax handled row-wise): a test oracle. */
public final class ReferenceDense {
    private ReferenceDense() {
    }

    /** {@code act(x · k + b)} over {@code rows} rows of {@code in} features; {@code b} may be null. */
    public static double[] run(double[] x, double[] k, double[] b, int rows, int in, int units, Activation act) {
        double[] y = new double[rows * units];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < units; j++) {
                double v = b == null ? 0 : b[j];
                for (int p = 0; p < in; p++) {
                    v += x[r * in + p] * k[p * units + j];
                }
                y[r * units + j] = v;
                max = Math.max(max, v);
            }
            if (!act.isElementwise()) {
                double sum = 0;
                for (int j = 0; j < units; j++) {
                    y[r * units + j] = Math.exp(y[r * units + j] - max);
                    sum += y[r * units + j];
                }
                for (int j = 0; j < units; j++) {
                    y[r * units + j] /= sum;
                }
            } else {
                for (int j = 0; j < units; j++) {
                    y[r * units + j] = act.value(y[r * units + j]);
                }
            }
        }
        return y;
    }
}
