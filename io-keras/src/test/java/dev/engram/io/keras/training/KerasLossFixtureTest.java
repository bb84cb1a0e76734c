package dev.engram.io.keras.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.losses.CosineSimilarityLoss;
import dev.engram.losses.Losses;
import dev.engram.models.FitOptions;
import dev.engram.models.History;
import dev.engram.models.Network;
import dev.engram.models.Verbosity;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Keras loss Engram reads beyond the first six ({@code src/test/fixtures-gen/keras/gen_losses.py}: mape,
 * msle, log_cosh, poisson, hinge with 0/1 labels, squared_hinge, categorical_hinge, kl_divergence with zero
 * targets, cosine_similarity), in tf-keras 2.18 {@code .h5} and Keras 3.10 {@code .keras} files compiled with it
 * and SGD: Engram loads the untrained file compiled, trains 2 epochs as Keras did and must reach Keras's weights
 * and losses (rtol 1e-5, atol 1e-6). The writers name each loss only in the form its format computes.
 */
class KerasLossFixtureTest {
    static final Path DIR = Path.of("src/test/resources/keras/losses");
    static final List<String> LOSSES = List.of("mean_absolute_percentage_error", "mean_squared_logarithmic_error",
            "log_cosh", "poisson", "hinge", "squared_hinge", "categorical_hinge", "kl_divergence", "cosine_similarity");

    static Stream<String> fixtures() {
        List<String> out = new ArrayList<>();
        for (String d : List.of("tfkeras2", "keras3")) {
            LOSSES.forEach(l -> out.add(d + "_" + l));
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void engramTrainsAsKerasDid(String name) throws Exception {
        JsonNode e = KerasOptimizerStateFixtureTest.JSON.readTree(DIR.resolve(name + ".expected.json").toFile());
        Network m = KerasModels.load(DIR.resolve(name + (name.startsWith("tfkeras2") ? ".h5" : ".keras")));
        assertNotNull(m.loss(), name + " loads compiled");
        Tensor x = Tensor.of(Shape.of(8, 3), floats(e.get("x")));
        Tensor y = Tensor.of(Shape.of(8, 3), floats(e.get("y")));
        History h = m.fit(x, y, FitOptions.epochs(2).withBatchSize(4).withShuffle(false).withVerbosity(Verbosity.SILENT));
        for (int i = 0; i < 2; i++) {
            double want = e.get("losses").get(i).asDouble();
            double got = h.get("loss").get(i);
            assertTrue(Math.abs(got - want) <= 1e-6 + 1e-5 * Math.abs(want), name + " epoch " + i + " loss " + got
                    + ", Keras " + want);
        }
        KerasOptimizerStateFixtureTest.compare(m, e.get("weightsAfter"), name);
    }

    /** Each origin's form is written only where that origin computes it; TF.js names its own forms. */
    @Test
    void writersNameOnlyTheFormTheirFormatComputes() throws Exception {
        var sgd = Optimizers.sgd(0.1);
        assertEquals("hinge", KerasTrainingConfigWriter.write(Losses.hinge(true), sgd, KerasDialect.KERAS_3, "f")
                .get("loss").asText());
        assertEquals("cosine_similarity", KerasTrainingConfigWriter.write(Losses.cosineSimilarity(
                CosineSimilarityLoss.TF_KERAS_FLOOR), sgd, KerasDialect.KERAS_2, "f").get("loss").asText());
        for (var tfjsForm : List.of(Losses.hinge(), Losses.kullbackLeiblerDivergence(), Losses.cosineProximity())) {
            ModelFormatException ex = org.junit.jupiter.api.Assertions.assertThrows(ModelFormatException.class,
                    () -> KerasTrainingConfigWriter.write(tfjsForm, sgd, KerasDialect.KERAS_3, "f"));
            assertTrue(ex.getMessage().contains("has no exact Keras name"), ex.getMessage());
        }
        ConfigNode where = new ConfigNode("model.json", "", null);
        assertEquals("kullback_leibler_divergence", TfjsTrainingConfig.write(Losses.kullbackLeiblerDivergence(),
                sgd, where).get("loss").asText());
        assertEquals(Losses.cosineProximity(), TfjsTrainingConfig.loss(new ConfigNode("m", "/loss",
                com.fasterxml.jackson.databind.node.TextNode.valueOf("cosineProximity"))));
        org.junit.jupiter.api.Assertions.assertThrows(ModelFormatException.class,
                () -> TfjsTrainingConfig.write(Losses.kullbackLeiblerDivergence(true), sgd, where));
    }

    private static float[] floats(JsonNode a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) a.get(i).asDouble();
        }
        return v;
    }
}
