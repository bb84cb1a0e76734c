package dev.engram.models;

import dev.engram.data.Sample;
import dev.engram.losses.Loss;
import dev.engram.losses.LossResult;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.Map;

/**
 * Per-sample loss weights, as Keras 3 and TF.js apply them: the weighted batch loss is
 * {@code sum(w_n * l_n) / batch} (TF.js {@code computeWeightedLoss}, Keras's
 * {@code sum_over_batch_size}), so its gradient is the unweighted one with each sample's rows scaled
 * by {@code w_n}. Class weights become sample weights from the targets (Keras
 * {@code class_weight_to_sample_weights}): the class of a sample is the arg-max of a one-hot row,
 * else its rounded value; classes missing from the map weigh 1.
 */
final class SampleWeights {
    private SampleWeights() {
    }

    /** The weights of a batch: its own, those of its classes, or null for none. */
    static Tensor of(Sample batch, Map<Integer, Double> classWeight) {
        if (batch.sampleWeight() != null) {
            check(batch.sampleWeight(), batch.batchSize());
            return batch.sampleWeight();
        }
        return classWeight == null ? null : fromClasses(batch.y().get(0), classWeight);
    }

    static void check(Tensor w, int n) {
        if (w.size() != n || w.rank() > 2 || w.rank() == 2 && w.shape().dim(1) != 1) {
            throw new IllegalArgumentException("sample weights of shape " + w.shape() + " do not give one weight to each of "
                    + n + " samples; expected shape [" + n + "]");
        }
    }

    static Tensor fromClasses(Tensor y, Map<Integer, Double> classWeight) {
        int n = y.shape().dim(0);
        int per = y.size() / Math.max(1, n);
        float[] w = new float[n];
        float[] t = y.buffer();
        for (int i = 0; i < n; i++) {
            int cls;
            if (per > 1) {
                int best = 0;
                for (int k = 1; k < per; k++) {
                    if (t[i * per + k] > t[i * per + best]) {
                        best = k;
                    }
                }
                cls = best;
            } else {
                cls = (int) Math.rint(t[i]);
            }
            w[i] = classWeight.getOrDefault(cls, 1.0).floatValue();
        }
        return Tensor.wrap(Shape.of(n), w);
    }

    /** {@code loss} on a batch with per-sample weights. */
    static LossResult weighted(Loss loss, Tensor y, Tensor pred, Tensor weights, boolean withGradient) {
        int n = pred.shape().dim(0);
        check(weights, n);
        float[] w = weights.buffer();
        LossResult whole = withGradient ? loss.evaluate(y, pred, true) : null;
        // Each sample's own loss: the loss of a batch of one is its per-sample mean.
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (w[i] != 0) {
                sum += (double) w[i] * loss.evaluate(y.slice(i, i + 1), pred.slice(i, i + 1), false).value();
            }
        }
        Tensor grad = null;
        if (whole != null) {
            float[] g = whole.gradient().toArray();
            int per = g.length / n;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < per; k++) {
                    g[i * per + k] *= w[i];
                }
            }
            grad = Tensor.wrap(pred.shape(), g);
        }
        return new LossResult((float) (sum / n), grad);
    }
}
