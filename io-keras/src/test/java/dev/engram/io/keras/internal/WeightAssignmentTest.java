package dev.engram.io.keras.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.Layers;
import dev.engram.models.Sequential;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Strict two-sided weight matching and Keras 1 LSTM gate fusion. */
class WeightAssignmentTest {
    private static Tensor ramp(float start, int... shape) {
        float[] v = new float[Shape.of(shape).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = start + i;
        }
        return Tensor.of(Shape.of(shape), v);
    }

    private static Sequential lstmModel() {
        Sequential m = new Sequential("m", 1);
        m.add(Layers.lstm(16).withName("lstm_1").inputShape(5, 3));
        return m;
    }

    @Test
    void mismatchNamesBothSides() {
        Sequential m = lstmModel();
        List<LayerWeights> w = List.of(new LayerWeights("lstm_1", List.of(
                new NamedTensor("lstm_1/kernel:0", ramp(0, 3, 16)), new NamedTensor("lstm_1/bias:0", ramp(0, 16)))));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> WeightAssignment.assign(m, w, "m.h5"));
        assertEquals("m.h5 at layer 'lstm_1': file has 2 weights [kernel [3,16], bias [16]] but the layer expects"
                + " 3 [kernel [3,64], recurrentKernel [16,64], bias [64]]", e.getMessage());
    }

    @Test
    void weightsForAnUnknownLayerAreRejectedButWeightlessLayersIgnored() throws Exception {
        Sequential m = new Sequential("m", 1);
        m.add(Layers.dense(2).withName("dense").inputShape(3));
        List<LayerWeights> ok = List.of(new LayerWeights("input_1", List.of()), new LayerWeights("dense", List.of(
                new NamedTensor("dense/kernel", ramp(1, 3, 2)), new NamedTensor("dense/bias", ramp(7, 2)))));
        WeightAssignment.assign(m, ok, "f");
        assertEquals(ramp(1, 3, 2), m.getWeights().get(0));
        List<LayerWeights> extra = new ArrayList<>(ok);
        extra.add(new LayerWeights("dense_9", List.of(new NamedTensor("dense_9/bias", ramp(0, 2)))));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> WeightAssignment.assign(m, extra, "f"));
        assertEquals("f at layer 'dense_9': the file has 1 weight [bias [2]] for this layer, but the model has no layer"
                + " of that name; model layers: [dense]", e.getMessage());
    }

    @Test
    void keras1LstmGatesAreFusedInEngineOrder() throws Exception {
        Sequential m = new Sequential("m", 1);
        m.add(Layers.lstm(2).withName("lstm_1").inputShape(4, 3));
        List<NamedTensor> ts = new ArrayList<>();
        String[] fileOrder = {"i", "c", "f", "o"};
        for (int g = 0; g < 4; g++) {
            float base = 100 * (g + 1);
            ts.add(new NamedTensor("lstm_1_W_" + fileOrder[g], ramp(base, 3, 2)));
            ts.add(new NamedTensor("lstm_1_U_" + fileOrder[g], ramp(base + 10, 2, 2)));
            ts.add(new NamedTensor("lstm_1_b_" + fileOrder[g], ramp(base + 20, 2)));
        }
        WeightAssignment.assign(m, List.of(new LayerWeights("lstm_1", ts)), "k1.h5");
        // Engine blocks i, f, c, o -> file gates i (100), f (300), c (200), o (400).
        Tensor bias = m.getWeights().get(2);
        assertEquals(Tensor.of(new float[] {120, 121, 320, 321, 220, 221, 420, 421}), bias);
        Tensor kernelRow0 = m.getWeights().get(0).slice(0, 1);
        assertEquals(Tensor.of(new float[][] {{100, 101, 300, 301, 200, 201, 400, 401}}), kernelRow0);
    }
}
