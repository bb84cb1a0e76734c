package dev.engram.io.keras.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.LoadedKerasModel;
import dev.engram.layers.Layer;
import dev.engram.layers.Parameter;
import dev.engram.models.FitOptions;
import dev.engram.models.History;
import dev.engram.models.Network;
import dev.engram.models.Verbosity;
import dev.engram.regularizers.ActivityScaling;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Training parity, step for step, of models with activity regularizers against the real tf-keras 2.18 and
 * Keras 3.10 ({@code fixtures-gen/keras/gen_activity_regularizer.py}): each file, loaded with the optimizer and
 * loss it was compiled with, trains on the same batches (of 4, 3 and 5 rows) as Keras's
 * {@code train_on_batch}; every step's reported loss and every weight after the last step must agree. The
 * models cover an L1 sparse code layer (the Keras autoencoder tutorial's), an LSTM whose sequence and both
 * states are penalised (one state reaches no loss) before a penalised Conv1D and Dense, and a masked
 * Embedding (padded steps penalised too) before a GRU, and an ActivityRegularization layer; Keras 3 also a
 * GlobalAveragePooling1D carrying the key (its base get_config saves it on any layer); SGD, Adam, SGD with
 * momentum and RMSprop. tf-keras divides each
 * output's penalty by the batch size and Keras 3 does not, so the two dialects' numbers differ.
 */
class ActivityRegularizerParityTest {
    static final Path DIR = Path.of("src/test/resources/keras/activity-regularizer");
    /** Float32 training over three steps (Adam divides by small square roots): Keras and Engram round differently. */
    static final double LOSS_RTOL = 2e-5;
    static final double WEIGHT_RTOL = 1e-4;
    static final double WEIGHT_ATOL = 2e-6;

    @TestFactory
    Stream<DynamicTest> everyFileTrainsAsKerasDid() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String dialect : List.of("tfkeras2", "keras3")) {
            try (Stream<Path> s = Files.list(DIR.resolve(dialect))) {
                for (Path json : s.filter(p -> p.toString().endsWith(".training.json")).sorted().toList()) {
                    JsonNode fixture = new ObjectMapper().readTree(json.toFile());
                    Iterator<Map.Entry<String, JsonNode>> files = fixture.get("files").fields();
                    while (files.hasNext()) {
                        Path file = json.resolveSibling(files.next().getValue().asText());
                        ActivityScaling scaling = dialect.equals("keras3") ? ActivityScaling.SUM : ActivityScaling.BATCH_MEAN;
                        tests.add(DynamicTest.dynamicTest(dialect + "/" + file.getFileName(),
                                () -> trainAndCompare(file, fixture, scaling)));
                    }
                }
            }
        }
        assertEquals(14, tests.size(), "four models: tf-keras .h5, Keras 3 .h5 and .keras; a fifth in Keras 3");
        return tests.stream();
    }

    private static void trainAndCompare(Path file, JsonNode fixture, ActivityScaling scaling) throws IOException {
        Network model = load(file, scaling);
        int step = 0;
        for (JsonNode s : fixture.get("steps")) {
            Tensor x = tensor(s.get("x"));
            Tensor y = tensor(s.get("y"));
            History h = model.fit(x, y, FitOptions.epochs(1).withBatchSize(x.shape().dim(0)).withShuffle(false)
                    .withVerbosity(Verbosity.SILENT));
            double expected = s.get("loss").asDouble();
            double got = h.get("loss").get(0);
            assertEquals(expected, got, LOSS_RTOL * Math.abs(expected), file + " step " + (step + 1) + " loss");
            step++;
        }
        assertWeights(model, fixture.get("weightsAfter"), file + " after " + step + " steps");
    }

    /**
     * A fixture file, compiled as Keras compiled it, with its activity regularizers checked to be there in
     * {@code scaling}.
     */
    static Network load(Path file, ActivityScaling scaling) throws IOException {
        LoadedKerasModel loaded = KerasModels.loadWithMetadata(file);
        Network model = loaded.model();
        if (file.toString().endsWith(".keras")) {
            // Keras 3.10 leaves an untrained model's optimizer out of compile_config: take the .h5's.
            Network h5 = KerasModels.load(file.resolveSibling(file.getFileName().toString().replace(".keras", ".h5")));
            model.compile(h5.losses(), h5.optimizer());
        } else {
            assertTrue(loaded.compile().compiled(), file + ": " + loaded.compile());
        }
        long regularized = model.layers().stream().filter(l -> l.activityRegularizer() != null).count();
        assertTrue(regularized >= 1, file + " must carry its activity regularizers");
        for (Layer l : model.layers()) {
            if (l.activityRegularizer() != null) {
                assertEquals(scaling, l.activityRegularizer().scaling(), file + " layer " + l.name());
            }
        }
        return model;
    }

    /** Every layer's weights against Keras's ({@code layer.get_weights()} order, flattened), by layer name. */
    static void assertWeights(Network model, JsonNode weightsAfter, String file) {
        Iterator<Map.Entry<String, JsonNode>> layers = weightsAfter.fields();
        while (layers.hasNext()) {
            Map.Entry<String, JsonNode> e = layers.next();
            Layer layer = model.layers().stream().filter(l -> l.name().equals(e.getKey())).findFirst().orElse(null);
            assertNotNull(layer, file + ": no layer " + e.getKey());
            List<Parameter> params = layer.parameters();
            assertEquals(e.getValue().size(), params.size(), file + " layer " + e.getKey() + " weight count");
            for (int i = 0; i < params.size(); i++) {
                float[] got = params.get(i).data();
                JsonNode want = e.getValue().get(i);
                assertEquals(want.size(), got.length, params.get(i).path());
                for (int j = 0; j < got.length; j++) {
                    double w = want.get(j).asDouble();
                    assertEquals(w, got[j], WEIGHT_RTOL * Math.abs(w) + WEIGHT_ATOL,
                            file + " " + params.get(i).path() + "[" + j + "]");
                }
            }
        }
    }

    /** A nested JSON array as a tensor of its shape. */
    static Tensor tensor(JsonNode a) {
        List<Integer> dims = new ArrayList<>();
        for (JsonNode n = a; n.isArray(); n = n.get(0)) {
            dims.add(n.size());
        }
        List<Float> flat = new ArrayList<>();
        flatten(a, flat);
        float[] v = new float[flat.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = flat.get(i);
        }
        return Tensor.of(Shape.of(dims.stream().mapToInt(Integer::intValue).toArray()), v);
    }

    private static void flatten(JsonNode n, List<Float> out) {
        if (n.isArray()) {
            n.forEach(c -> flatten(c, out));
        } else {
            out.add((float) n.asDouble());
        }
    }
}
