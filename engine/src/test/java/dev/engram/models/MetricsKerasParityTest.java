package dev.engram.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.losses.Losses;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Metrics, weighted losses and class weights against Keras 3.10
 * (engine/src/test/fixtures-gen/keras/gen_metrics.py): each metric is fed the same batches as Keras's
 * stateful metric, and its running value after every batch (the sum of the statistics so far) and its
 * final value must agree at 1e-5 relative.
 */
class MetricsKerasParityTest {
    private static final Path RECORD = Path.of("src/test/resources/keras/metrics/record.json");
    private static final JsonNode REC = FixtureCases.json(RECORD);

    private static void check(Metric m, String key, String data, String yKey) {
        JsonNode expected = REC.get("metrics").get(key);
        double[] sums = null;
        int b = 0;
        for (JsonNode batch : REC.get(data)) {
            double[] s = m.statistics(FixtureCases.tensor(batch.get(yKey)), FixtureCases.tensor(batch.get("p")));
            if (sums == null) {
                sums = s;
            } else {
                for (int i = 0; i < s.length; i++) {
                    sums[i] += s[i];
                }
            }
            double want = expected.get("running").get(b++).asDouble();
            assertEquals(want, m.result(sums), 1e-5 * Math.max(1, Math.abs(want)), key + " after batch " + b);
        }
        double fin = expected.get("final").asDouble();
        assertEquals(fin, m.result(sums), 1e-5 * Math.max(1, Math.abs(fin)), key);
    }

    @Test
    void confusionMetricsMatchKeras() {
        check(Metrics.precision(), "precision", "binary", "y");
        check(Metrics.recall(), "recall", "binary", "y");
        check(Metrics.auc(), "auc", "binary", "y");
        check(Metrics.prAuc(), "pr_auc", "binary", "y");
        check(Metrics.auc("auc_7", 7, false), "auc_7", "binary", "y");
    }

    @Test
    void regressionMetricsMatchKeras() {
        check(Metrics.rootMeanSquaredError(), "root_mean_squared_error", "regression", "y");
        check(Metrics.meanAbsolutePercentageError(), "mean_absolute_percentage_error", "regression", "y");
    }

    @Test
    void topKAccuracyMatchesKerasIncludingTiesAtTheBoundary() {
        check(Metrics.topKCategoricalAccuracy(2), "top_k_categorical_accuracy", "categorical", "y");
        check(Metrics.sparseTopKCategoricalAccuracy(3), "sparse_top_k_categorical_accuracy", "categorical", "cls");
    }

    @Test
    void weightedLossAndClassWeightsMatchKeras() {
        JsonNode w = REC.get("weighted_mse");
        float value = SampleWeights.weighted(Losses.meanSquaredError(), FixtureCases.tensor(w.get("y")),
                FixtureCases.tensor(w.get("p")), FixtureCases.tensor(w.get("w")), false).value();
        assertEquals(w.get("loss").asDouble(), value, 1e-5 * Math.abs(w.get("loss").asDouble()));

        JsonNode cw = REC.get("class_weight");
        Map<Integer, Double> weights = new LinkedHashMap<>();
        cw.get("weights").fields().forEachRemaining(e -> weights.put(Integer.parseInt(e.getKey()), e.getValue().asDouble()));
        Tensor oneHot = SampleWeights.fromClasses(FixtureCases.tensor(cw.get("one_hot").get("y")), weights);
        assertArrayEquals(FixtureCases.tensor(cw.get("one_hot").get("w")).buffer(), oneHot.buffer());
        Tensor binary = SampleWeights.fromClasses(FixtureCases.tensor(cw.get("binary").get("y")), Map.of(0, 0.25, 1, 4.0));
        assertArrayEquals(FixtureCases.tensor(cw.get("binary").get("w")).buffer(), binary.buffer());
    }
}
