package dev.engram.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.layers.Conv2DConfig;
import dev.engram.layers.SpatialPoolingConfig;
import dev.engram.losses.Losses;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import dev.engram.testing.FixturePaths;
import dev.engram.testing.TfjsFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The canonical TF.js MNIST convnet (Conv2D 5x5x8 relu -> MaxPooling2D 2x2 -> Conv2D 5x5x16 relu ->
 * MaxPooling2D -> Flatten -> Dense 10 softmax; Adam, categorical cross-entropy) trained step for step
 * against TF.js 4.22's record {@code mnist_convnet_adam}: from the same initial weights and data, the
 * loss of every one of the 6 steps matches to rtol 1e-5 and every weight after every step to the record's
 * tolerance (rtol 1e-4, atol 1e-4: a tenth of one Adam step of lr 1e-3; see the record's note).
 */
class MnistConvnetParityTest {
    private static final double LOSS_RTOL = 1e-5;

    @Test
    void everyStepMatchesTfjs() {
        Path dir = FixturePaths.tfjs("mnist_convnet_adam");
        JsonNode rec = FixtureCases.json(dir.resolve("training.json"));
        double rtol = rec.get("trainingTolerance").get("rtol").asDouble();
        double atol = rec.get("trainingTolerance").get("atol").asDouble();
        Sequential model = TfjsFixture.model(dir.resolve("initial"));
        assertEquals(List.of(Conv2DConfig.class, SpatialPoolingConfig.class, Conv2DConfig.class,
                SpatialPoolingConfig.class), model.layers().subList(0, 4).stream().map(l -> l.config().getClass()).toList());
        List<String> names = new ArrayList<>();
        rec.get("initialWeights").forEach(w -> names.add(w.get("name").asText()));
        int[] order = TfjsFixture.tfjsIndexOf(model, names);
        model.compile(Losses.categoricalCrossentropy(), Optimizers.adam());

        List<Double> losses = new ArrayList<>();
        List<List<Tensor>> steps = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onBatchEnd(TrainingSession s, int epoch, int batch, Map<String, Double> logs) {
                losses.add(logs.get("loss"));
                steps.add(s.weights());
            }
        };
        model.fit(FixtureCases.tensor(rec.get("x")), FixtureCases.tensor(rec.get("y")),
                FitOptions.epochs(rec.get("epochs").asInt()).withBatchSize(rec.get("batchSize").asInt())
                        .withShuffle(false).withVerbosity(Verbosity.SILENT).withCallbacks(recorder));

        List<Double> expectedLosses = new ArrayList<>();
        rec.get("batchLosses").forEach(e -> e.forEach(l -> expectedLosses.add(l.asDouble())));
        JsonNode expectedSteps = rec.get("weightsAfterEachStep");
        assertEquals(expectedLosses.size(), losses.size(), "steps");
        assertEquals(expectedSteps.size(), steps.size(), "weight snapshots");
        double worstLoss = 0;
        double worstWeight = 0;
        for (int step = 0; step < losses.size(); step++) {
            double e = expectedLosses.get(step);
            double err = Math.abs(losses.get(step) - e);
            worstLoss = Math.max(worstLoss, err / Math.abs(e));
            assertTrue(err <= LOSS_RTOL * Math.abs(e), "loss of step " + (step + 1) + ": TF.js " + e + ", Engram "
                    + losses.get(step));
            for (int i = 0; i < order.length; i++) {
                JsonNode w = expectedSteps.get(step).get(order[i]);
                float[] want = FixtureCases.tensor(w).buffer();
                float[] got = steps.get(step).get(i).buffer();
                assertEquals(want.length, got.length, w.get("name").asText());
                for (int j = 0; j < want.length; j++) {
                    double d = Math.abs(got[j] - want[j]);
                    worstWeight = Math.max(worstWeight, d);
                    assertTrue(d <= atol + rtol * Math.abs(want[j]), w.get("name").asText() + "[" + j + "] after step "
                            + (step + 1) + ": TF.js " + want[j] + ", Engram " + got[j]);
                }
            }
        }
        System.out.printf("[mnist parity] %d steps: max loss rel err %.2e, max weight abs err %.2e%n", losses.size(),
                worstLoss, worstWeight);
    }
}
