package dev.engram.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gradients of one batch's loss, not yet applied (from {@link TrainingStep#gradients}): one array
 * per model parameter in {@code parameters()} order (zeros for frozen parameters), the batch's logs
 * and its number of samples. The gradient is that of the batch's mean loss (plus regularization).
 *
 * @param gradients one gradient per parameter, in the model's parameter order
 * @param logs      the batch's loss (with regularization) and metrics, as {@code fit}'s batch logs
 * @param samples   the batch size
 */
public record BatchGradients(List<float[]> gradients, Map<String, Double> logs, int samples) {

    /** Copies the list. */
    public BatchGradients {
        gradients = List.copyOf(gradients);
        logs = Map.copyOf(logs);
    }

    /**
     * The gradient of the mean loss over the union of the batches: the sample-weighted mean of their
     * gradients (what one step on all their samples at once would use, up to float rounding). The
     * logs are the sample-weighted means of the batches' logs.
     *
     * @throws IllegalArgumentException for no parts or parts with different parameter counts/sizes
     */
    public static BatchGradients combine(List<BatchGradients> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("combine needs at least one batch's gradients");
        }
        int n = parts.get(0).gradients().size();
        long total = 0;
        for (BatchGradients p : parts) {
            if (p.gradients().size() != n) {
                throw new IllegalArgumentException("combine: gradients for " + p.gradients().size()
                        + " parameters next to gradients for " + n);
            }
            total += p.samples();
        }
        List<float[]> sum = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] acc = new double[parts.get(0).gradients().get(i).length];
            for (BatchGradients p : parts) {
                float[] g = p.gradients().get(i);
                if (g.length != acc.length) {
                    throw new IllegalArgumentException("combine: parameter " + i + " has gradients of " + g.length
                            + " and " + acc.length + " values");
                }
                for (int k = 0; k < g.length; k++) {
                    acc[k] += (double) g[k] * p.samples();
                }
            }
            float[] mean = new float[acc.length];
            for (int k = 0; k < acc.length; k++) {
                mean[k] = (float) (acc[k] / total);
            }
            sum.add(mean);
        }
        Map<String, Double> logs = new java.util.LinkedHashMap<>();
        for (BatchGradients p : parts) {
            p.logs().forEach((k, v) -> logs.merge(k, v * p.samples(), Double::sum));
        }
        long count = total;
        logs.replaceAll((k, v) -> v / count);
        return new BatchGradients(sum, logs, (int) Math.min(Integer.MAX_VALUE, total));
    }
}
