package dev.engram.spark;

import dev.engram.models.BatchGradients;
import java.io.Serializable;

/**
 * Partial sums of a global batch's gradients, merged up Spark's aggregation tree: per parameter the
 * sample-weighted sum {@code sum_k samples_k * g_k}, the weighted loss sum and the sample count.
 */
final class GradientSum implements Serializable {
    private static final long serialVersionUID = 1L;

    float[][] sum;
    double loss;
    long samples;

    GradientSum add(BatchGradients g) {
        if (g.samples() == 0) {
            return this;
        }
        float[][] grads = g.gradients();
        if (sum == null) {
            sum = new float[grads.length][];
            for (int i = 0; i < grads.length; i++) {
                sum[i] = new float[grads[i].length];
            }
        }
        float w = g.samples();
        for (int i = 0; i < grads.length; i++) {
            float[] s = sum[i];
            float[] v = grads[i];
            for (int j = 0; j < v.length; j++) {
                s[j] += w * v[j];
            }
        }
        loss += g.loss() * g.samples();
        samples += g.samples();
        return this;
    }

    GradientSum merge(GradientSum other) {
        if (other.sum == null) {
            return this;
        }
        if (sum == null) {
            return other;
        }
        for (int i = 0; i < sum.length; i++) {
            for (int j = 0; j < sum[i].length; j++) {
                sum[i][j] += other.sum[i][j];
            }
        }
        loss += other.loss;
        samples += other.samples;
        return this;
    }

    /** The gradient of the whole batch's mean loss. */
    float[][] mean() {
        float[][] m = new float[sum.length][];
        for (int i = 0; i < sum.length; i++) {
            m[i] = new float[sum[i].length];
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] = sum[i][j] / samples;
            }
        }
        return m;
    }
}
