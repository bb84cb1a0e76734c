package dev.engram.models;

import dev.engram.tensor.Tensor;

/**
 * Keras's thresholded confusion-matrix metrics: precision, recall and AUC. Every element of the
 * predictions is one decision; a target counts as positive when non-zero. The statistics are counts
 * (true and false positives per threshold, positives and negatives), summed over the batches of an
 * epoch as Keras's metric variables.
 */
final class ConfusionMetrics {
    private ConfusionMetrics() {
    }

    /** Keras {@code Precision()}/{@code Recall()}: one threshold, a prediction is positive when {@code > threshold}. */
    static Metric precisionOrRecall(String name, double threshold, boolean precision) {
        return new Metric() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double compute(Tensor yTrue, Tensor yPred) {
                return result(statistics(yTrue, yPred));
            }

            @Override
            public double[] statistics(Tensor yTrue, Tensor yPred) {
                requireSameSize(name, yTrue, yPred);
                double tp = 0;
                double fp = 0;
                double fn = 0;
                float[] t = yTrue.buffer();
                float[] p = yPred.buffer();
                for (int i = 0; i < p.length; i++) {
                    boolean positive = p[i] > threshold;
                    boolean actual = t[i] != 0;
                    tp += positive && actual ? 1 : 0;
                    fp += positive && !actual ? 1 : 0;
                    fn += !positive && actual ? 1 : 0;
                }
                return new double[] {tp, fp, fn};
            }

            @Override
            public double result(double[] s) {
                double d = precision ? s[0] + s[1] : s[0] + s[2];
                return d == 0 ? 0 : s[0] / d; // Keras divide_no_nan
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /**
     * Keras {@code AUC(num_thresholds, curve)} with interpolation: thresholds {@code -eps},
     * {@code i/(n-1)} and {@code 1+eps}; predictions clipped to [0, 1] and bucketed as Keras's evenly
     * spaced path ({@code ceil(p * (n-1)) - 1}, at least 0); ROC by the trapezoidal rule, PR by
     * Davis and Goadrich's interpolation as Keras's {@code interpolate_pr_auc}.
     */
    static Metric auc(String name, int thresholds, boolean pr) {
        if (thresholds < 2) {
            throw new IllegalArgumentException("AUC needs at least 2 thresholds, got " + thresholds);
        }
        int n = thresholds;
        return new Metric() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double compute(Tensor yTrue, Tensor yPred) {
                return result(statistics(yTrue, yPred));
            }

            /** {@code tp[0..n), fp[0..n), positives, negatives}. */
            @Override
            public double[] statistics(Tensor yTrue, Tensor yPred) {
                requireSameSize(name, yTrue, yPred);
                double[] bucketsTp = new double[n];
                double[] bucketsFp = new double[n];
                double pos = 0;
                double neg = 0;
                float[] t = yTrue.buffer();
                float[] p = yPred.buffer();
                float scale = n - 1;
                for (int i = 0; i < p.length; i++) {
                    float v = Math.min(1f, Math.max(0f, p[i]));
                    int bucket = Math.max(0, (int) Math.ceil(v * scale) - 1);
                    if (t[i] != 0) {
                        bucketsTp[bucket]++;
                        pos++;
                    } else {
                        bucketsFp[bucket]++;
                        neg++;
                    }
                }
                double[] s = new double[2 * n + 2];
                // tp[j] counts predictions in buckets >= j (above threshold j): a reverse cumulative sum.
                double tp = 0;
                double fp = 0;
                for (int j = n - 1; j >= 0; j--) {
                    tp += bucketsTp[j];
                    fp += bucketsFp[j];
                    s[j] = tp;
                    s[n + j] = fp;
                }
                s[2 * n] = pos;
                s[2 * n + 1] = neg;
                return s;
            }

            @Override
            public double result(double[] s) {
                double pos = s[2 * n];
                double neg = s[2 * n + 1];
                double sum = 0;
                if (pr) {
                    for (int j = 0; j < n - 1; j++) {
                        double tpA = s[j];
                        double tpB = s[j + 1];
                        double pA = s[j] + s[n + j];
                        double pB = s[j + 1] + s[n + j + 1];
                        double dtp = tpA - tpB;
                        double dp = pA - pB;
                        double slope = noNan(dtp, Math.max(dp, 0));
                        double intercept = tpB - slope * pB;
                        double ratio = pA > 0 && pB > 0 ? noNan(pA, Math.max(pB, 0)) : 1;
                        // fn at threshold j+1 is pos - tp[j+1]: tp + fn is all positives.
                        sum += noNan(slope * (dtp + intercept * Math.log(ratio)), Math.max(pos, 0));
                    }
                    return sum;
                }
                for (int j = 0; j < n - 1; j++) {
                    double x0 = noNan(s[n + j], neg);
                    double x1 = noNan(s[n + j + 1], neg);
                    double y0 = noNan(s[j], pos);
                    double y1 = noNan(s[j + 1], pos);
                    sum += (x0 - x1) * (y0 + y1) / 2;
                }
                return sum;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private static double noNan(double a, double b) {
        return b == 0 ? 0 : a / b;
    }

    static void requireSameSize(String metric, Tensor t, Tensor p) {
        if (t.size() != p.size()) {
            throw new IllegalArgumentException(metric + ": yTrue shape " + t.shape() + " does not match yPred shape "
                    + p.shape());
        }
    }
}
