package dev.engram.io.keras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.activations.Activations;
import dev.engram.io.keras.HardSigmoidApproximation;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.topology.KerasTopology;
import dev.engram.layers.Layers;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Keras 3 refusal key on hard_sigmoid layers and the opt-in x/6 approximation. */
class Keras3GuardTest {
    static Sequential mixed() {
        return Sequential.seeded(3,
                Layers.lstm(4).withReturnSequences(true).inputShape(5, 2), // TF.js default: hard_sigmoid 0.2
                Layers.bidirectional(Layers.gru(3).withRecurrentActivation(Activations.sigmoid())),
                Layers.dense(3).withActivation(Activations.hardSigmoid(0.2, 0.5)),
                Layers.dense(2).withActivation(Activations.tanh()));
    }

    private static List<JsonNode> layers(ObjectNode json) {
        List<JsonNode> out = new java.util.ArrayList<>();
        json.get("config").get("layers").forEach(out::add);
        return out;
    }

    @Test
    void keras2ConfigGuardsExactlyTheHardSigmoidLayers() throws Exception {
        List<JsonNode> ls = layers(KerasTopology.toJson(mixed(), KerasDialect.KERAS_2));
        // [InputLayer, LSTM, Bidirectional(GRU), Dense(hard_sigmoid), Dense(tanh)]
        assertEquals("LSTM", ls.get(1).get("class_name").asText());
        assertFalse(ls.get(1).get("config").get("time_major").asBoolean(true));
        assertFalse(ls.get(2).get("config").get("layer").get("config").has("time_major"));
        assertTrue(ls.get(3).get("config").has("batch_size"));
        assertFalse(ls.get(4).get("config").has("batch_size"));
        for (KerasDialect d : List.of(KerasDialect.TFJS)) {
            String tfjs = KerasTopology.toJson(mixed(), d).toString();
            assertFalse(tfjs.contains("time_major") || tfjs.contains("batch_size"), tfjs);
        }
    }

    @Test
    void approximationIsExplicitAndReportsTheDeviation() throws Exception {
        Sequential m = mixed();
        float[] v = new float[6 * 5 * 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (2.5 * Math.sin(0.61 * i));
        }
        Tensor x = Tensor.of(Shape.of(6, 5, 2), v);
        HardSigmoidApproximation.Result r = HardSigmoidApproximation.toKeras3(m, List.of(x));
        Network copy = r.model();
        assertEquals(KerasDialect.KERAS_3.hardSigmoid(), ((dev.engram.layers.LstmConfig) copy.layers().get(0).config())
                .recurrentActivation());
        float[] a = m.predict(List.of(x)).get(0).toArray();
        float[] b = copy.predict(List.of(x)).get(0).toArray();
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        assertTrue(max > 1e-4, "the probes must exercise the difference");
        assertEquals(max, r.maxAbsDeviation(), 1e-12);
        assertTrue(r.toString().startsWith("hard_sigmoid 0.2x+0.5 -> x/6+0.5: max |deviation| "), r.toString());
        // The copy is writable as Keras 3 (the original is refused there).
        KerasTopology.toJson(copy, KerasDialect.KERAS_3);
    }
}
