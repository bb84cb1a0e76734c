package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.engram.layers.LayerConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.LeakyReluLayerConfig;
import dev.engram.layers.Parameter;
import dev.engram.layers.PreluConfig;
import dev.engram.layers.ThresholdedReluLayerConfig;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ONNX {@code LeakyRelu}, {@code ThresholdedRelu} and {@code PRelu} (constant slope) convert to the engine's
 * LeakyReLU, ThresholdedReLU and PReLU layers on vectors and batch-major sequences: Engram's own export of such
 * models (whose nodes ONNX Runtime runs, EmitterRegistryTest) converts back to the same layers, weights and
 * predictions; Elu and Softmax come back as activations. Max/AveragePooling1D's export (MaxPool/AveragePool between
 * Transposes to and from channels-first), ZeroPadding1D's (Pad) and Cropping1D's (Slice) convert back to the same
 * layers.
 */
class FirstSliceImportTest {

    private static void randomize(Network m) {
        int k = 0;
        for (Parameter p : m.parameters()) {
            float[] v = new float[p.shape().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (0.6 * Math.sin(0.7 * i + k) + 0.1);
            }
            p.assign(Tensor.of(p.shape(), v));
            k++;
        }
    }

    private static Sequential roundTrip(Sequential m) throws Exception {
        byte[] onnx = OnnxExporter.toBytes(m, OnnxExportOptions.defaults());
        return OnnxModel.load(onnx, "rectifiers.onnx").toSequential();
    }

    private static Tensor ramp(int... shape) {
        float[] v = new float[Shape.of(shape).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (1.7 * Math.sin(0.53 * i + 0.2));
        }
        return Tensor.of(Shape.of(shape), v);
    }

    @Test
    void vectorRectifiersConvertToTheirLayers() throws Exception {
        Sequential m = Sequential.seeded(3, Layers.dense(5).inputShape(4), Layers.leakyRelu().withAlpha(0.2),
                Layers.dense(4), Layers.prelu(), Layers.thresholdedRelu().withTheta(0.15), Layers.dense(2));
        randomize(m);
        Sequential back = roundTrip(m);
        List<LayerConfig<?>> configs = back.layers().stream().<LayerConfig<?>>map(l -> l.config()).toList();
        assertEquals(0.2, assertInstanceOf(LeakyReluLayerConfig.class, configs.get(1)).alpha(), 1e-7);
        assertEquals(List.of(), assertInstanceOf(PreluConfig.class, configs.get(3)).sharedAxes());
        assertEquals(0.15, assertInstanceOf(ThresholdedReluLayerConfig.class, configs.get(4)).theta(), 1e-7);
        assertEquals(m.getWeights(), back.getWeights());
        Tensor x = ramp(3, 4);
        assertEquals(m.predict(x), back.predict(x));
    }

    @Test
    void sequenceRectifiersKeepSharedAxes() throws Exception {
        Sequential m = Sequential.seeded(4, Layers.lstm(3).withReturnSequences(true).inputShape(5, 2),
                Layers.leakyRelu().withAlpha(0.3), Layers.prelu().withSharedAxes(1),
                Layers.thresholdedRelu().withTheta(0.05), Layers.elu(), Layers.dense(2));
        randomize(m);
        Sequential back = roundTrip(m);
        PreluConfig p = assertInstanceOf(PreluConfig.class, back.layers().get(2).config());
        assertEquals(List.of(1), p.sharedAxes());
        assertEquals(Shape.of(1, 3), back.layers().get(2).parameters().get(0).shape());
        Tensor x = ramp(2, 5, 2);
        Tensor want = m.predict(x);
        Tensor got = back.predict(x);
        float[] a = want.toArray();
        float[] b = got.toArray();
        assertEquals(want.shape(), got.shape());
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-6f + 1e-5f * Math.abs(a[i]), "element " + i);
        }
    }

    @Test
    void windowPoolsPadsAndCropsConvertToTheirLayers() throws Exception {
        Sequential m = Sequential.seeded(5, Layers.lstm(3).withReturnSequences(true).inputShape(9, 2),
                Layers.maxPooling1d(3).withStrides(2), Layers.leakyRelu().withAlpha(0.1),
                Layers.averagePooling1d(3).withStrides(1).withPadding(dev.engram.layers.Padding.SAME),
                Layers.maxPooling1d(2).withStrides(1).withPadding(dev.engram.layers.Padding.SAME),
                Layers.zeroPadding1d(2, 1), Layers.cropping1d(1, 2), Layers.cropping1d(1, 0), Layers.dense(2));
        randomize(m);
        Sequential back = roundTrip(m);
        for (int i : new int[] {1, 3, 4, 5, 6, 7}) {
            assertEquals(m.layers().get(i).config().withName(null), back.layers().get(i).config().withName(null),
                    "layer " + i);
        }
        Tensor x = ramp(2, 9, 2);
        float[] a = m.predict(x).toArray();
        float[] b = back.predict(x).toArray();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-6f + 1e-5f * Math.abs(a[i]), "element " + i);
        }
    }
}
