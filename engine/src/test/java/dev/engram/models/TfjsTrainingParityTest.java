package dev.engram.models;

import static dev.engram.testing.Numeric.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.losses.Loss;
import dev.engram.losses.Losses;
import dev.engram.optimizers.Optimizer;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import dev.engram.testing.FixturePaths;
import dev.engram.testing.TfjsFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Training parity with TensorFlow.js: starting from a record's initial weights, with its data,
 * optimizer, loss and batch size (no shuffling), {@code fit} reproduces TF.js's loss for every batch,
 * the weights after the first update, and the epoch losses and weights after every epoch, within
 * the record's training tolerance (rtol 1e-4, atol 1e-5).
 */
class TfjsTrainingParityTest {

    static Stream<Path> records() throws IOException {
        List<Path> out = new ArrayList<>();
        List<Path> roots = new ArrayList<>(List.of(FixturePaths.tfjs()));
        FixturePaths.shared().ifPresent(p -> roots.add(p.resolve("tfjs")));
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.list(root)) {
                    s.filter(d -> Files.exists(d.resolve("training.json"))).sorted().forEach(out::add);
                }
            }
        }
        return out.stream();
    }

    static Optimizer optimizer(JsonNode spec) {
        JsonNode c = spec.get("config");
        double lr = c.get("learningRate").asDouble();
        return switch (spec.get("className").asText()) {
            case "Adam" -> Optimizers.adam(lr, c.get("beta1").asDouble(), c.get("beta2").asDouble(),
                    c.get("epsilon").asDouble());
            case "SGD" -> Optimizers.sgd(lr);
            case "Momentum" -> Optimizers.sgd(lr, c.get("momentum").asDouble(), c.get("useNesterov").asBoolean());
            case "RMSProp" -> Optimizers.rmsprop(lr, c.get("decay").asDouble(), c.get("momentum").asDouble(),
                    c.get("epsilon").asDouble(), c.get("centered").asBoolean());
            case "Adamax" -> Optimizers.adamax(lr, c.get("beta1").asDouble(), c.get("beta2").asDouble(),
                    c.get("epsilon").asDouble(), c.get("decay").asDouble());
            case "Adadelta" -> Optimizers.adadelta(lr, c.get("rho").asDouble(), c.get("epsilon").asDouble());
            case "Adagrad" -> Optimizers.adagrad(lr, c.get("initialAccumulatorValue").asDouble());
            default -> throw new IllegalArgumentException("optimizer " + spec);
        };
    }

    static Loss loss(String name) {
        return switch (name) {
            case "meanSquaredError" -> Losses.meanSquaredError();
            case "categoricalCrossentropy" -> Losses.categoricalCrossentropy();
            case "meanAbsoluteError" -> Losses.meanAbsoluteError();
            case "binaryCrossentropy" -> Losses.binaryCrossentropy();
            default -> throw new IllegalArgumentException("loss " + name);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void fitReproducesTheTfjsRecord(Path dir) {
        JsonNode rec = FixtureCases.json(dir.resolve("training.json"));
        double rtol = rec.get("trainingTolerance").get("rtol").asDouble();
        double atol = rec.get("trainingTolerance").get("atol").asDouble();
        Sequential model = TfjsFixture.model(dir.resolve(rec.get("initialModel").asText()).getParent());
        List<String> tfjsNames = new ArrayList<>();
        rec.get("initialWeights").forEach(w -> tfjsNames.add(w.get("name").asText()));
        int[] order = TfjsFixture.tfjsIndexOf(model, tfjsNames);
        assertWeights("initial weights", rec.get("initialWeights"), order, model.getWeights(), 0, 0);
        model.compile(loss(rec.get("loss").asText()), optimizer(rec.get("optimizer")));

        List<List<Double>> batchLosses = new ArrayList<>();
        List<List<Tensor>> epochWeights = new ArrayList<>();
        List<List<Tensor>> firstStep = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onEpochBegin(TrainingSession s, int epoch) {
                batchLosses.add(new ArrayList<>());
            }

            @Override
            public void onBatchEnd(TrainingSession s, int epoch, int batch, Map<String, Double> logs) {
                batchLosses.get(epoch).add(logs.get("loss"));
                if (epoch == 0 && batch == 0) {
                    firstStep.add(s.weights());
                }
            }

            @Override
            public void onEpochEnd(TrainingSession s, int epoch, Map<String, Double> logs) {
                epochWeights.add(s.weights());
            }
        };
        History history = model.fit(FixtureCases.tensor(rec.get("x")), FixtureCases.tensor(rec.get("y")),
                FitOptions.epochs(rec.get("epochs").asInt()).withBatchSize(rec.get("batchSize").asInt())
                        .withShuffle(false).withVerbosity(Verbosity.SILENT).withCallbacks(recorder));

        assertWeights("after the first step", rec.get("weightsAfterFirstStep"), order, firstStep.get(0), rtol, atol);
        JsonNode expectedBatches = rec.get("batchLosses");
        assertEquals(expectedBatches.size(), batchLosses.size(), "epochs run");
        for (int e = 0; e < expectedBatches.size(); e++) {
            assertClose("batch losses of epoch " + (e + 1), doubles(expectedBatches.get(e)),
                    floats(batchLosses.get(e)), rtol, atol);
        }
        assertClose("epoch losses", doubles(rec.get("history").get("loss")), floats(history.get("loss")), rtol, atol);
        JsonNode epochs = rec.get("weightsAfterEachEpoch");
        for (int e = 0; e < epochs.size(); e++) {
            assertWeights("after epoch " + (e + 1), epochs.get(e).get("weights"), order, epochWeights.get(e), rtol, atol);
        }
    }

    /** Compares engine weight {@code i} with TF.js weight {@code order[i]} (TF.js lists non-trainable weights last). */
    private static void assertWeights(String when, JsonNode expected, int[] order, List<Tensor> got, double rtol,
            double atol) {
        assertEquals(expected.size(), got.size(), "weight count " + when);
        for (int i = 0; i < got.size(); i++) {
            JsonNode w = expected.get(order[i]);
            Tensor e = FixtureCases.tensor(w);
            assertEquals(e.shape(), got.get(i).shape(), w.get("name").asText());
            assertClose(w.get("name").asText() + " " + when, e.buffer(), got.get(i).buffer(), rtol, atol);
        }
    }

    private static double[] doubles(JsonNode a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).asDouble();
        }
        return d;
    }

    private static float[] floats(List<Double> a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = a.get(i).floatValue();
        }
        return f;
    }
}
