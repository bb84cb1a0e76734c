package dev.engram.layers;

import static dev.engram.testing.Numeric.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.activations.Activations;
import dev.engram.losses.Losses;
import dev.engram.models.FitOptions;
import dev.engram.models.History;
import dev.engram.models.Sequential;
import dev.engram.models.Verbosity;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GRU with {@code resetAfter = true} (the Keras 2.3+/3 cell, which TF.js cannot build) against a record
 * made by Keras 3.10 (engine/src/test/fixtures-gen/keras/gen_gru_reset_after.py): GRU(4, returnSequences,
 * goBackwards) -> GRU(3) -> Dense(2) with sigmoid gates and non-zero input and recurrent biases. The
 * first GRU's sequence and the model output match at rtol 1e-5 / atol 1e-6; one SGD(0.1) step on MSE
 * reproduces Keras's loss and every updated weight at rtol 1e-4 / atol 1e-5.
 */
class GruResetAfterKerasParityTest {
    private static final Path RECORD = Path.of("src/test/resources/keras/gru_reset_after/record.json");

    private static Sequential model() {
        Sequential m = new Sequential("keras_gru", 0);
        m.add(Layers.gru(4).withResetAfter(true).withRecurrentActivation(Activations.sigmoid())
                .withReturnSequences(true).withGoBackwards(true).withName("gru").inputShape(5, 3));
        m.add(Layers.gru(3).withResetAfter(true).withRecurrentActivation(Activations.sigmoid()).withName("gru_last"));
        m.add(Layers.dense(2).withName("dense"));
        return m;
    }

    private static List<Tensor> tensors(JsonNode list) {
        List<Tensor> out = new ArrayList<>();
        list.forEach(n -> out.add(FixtureCases.tensor(n)));
        return out;
    }

    @Test
    void forwardAndOneSgdStepMatchKeras() {
        JsonNode rec = FixtureCases.json(RECORD);
        Sequential m = model();
        m.setWeights(tensors(rec.get("initialWeights")));
        Tensor x = FixtureCases.tensor(rec.get("x"));
        double rtol = rec.get("tolerance").get("rtol").asDouble();
        double atol = rec.get("tolerance").get("atol").asDouble();
        assertClose("GRU sequence", FixtureCases.tensor(rec.get("gruSequence")).buffer(),
                m.layers().get(0).call(x).buffer(), rtol, atol);
        assertClose("model output", FixtureCases.tensor(rec.get("output")).buffer(), m.predict(x).buffer(), rtol, atol);

        double trtol = rec.get("trainingTolerance").get("rtol").asDouble();
        double tatol = rec.get("trainingTolerance").get("atol").asDouble();
        m.compile(Losses.meanSquaredError(), Optimizers.sgd(0.1));
        History h = m.fit(x, FixtureCases.tensor(rec.get("y")), FitOptions.epochs(1).withBatchSize(x.shape().dim(0))
                .withShuffle(false).withVerbosity(Verbosity.SILENT));
        assertClose("loss", new double[] {rec.get("loss").asDouble()}, new float[] {h.get("loss").get(0).floatValue()},
                trtol, tatol);
        List<Tensor> expected = tensors(rec.get("weightsAfterOneStep"));
        List<Tensor> got = m.getWeights();
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < got.size(); i++) {
            assertEquals(expected.get(i).shape(), got.get(i).shape(), "weight " + i);
            assertClose("weight " + i + " after one step", expected.get(i).buffer(), got.get(i).buffer(), trtol, tatol);
        }
    }
}
