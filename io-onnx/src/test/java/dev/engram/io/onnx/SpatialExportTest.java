package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.onnx.export.OnnxEmitters;
import dev.engram.layers.Layers;
import dev.engram.layers.Padding;
import dev.engram.models.Network;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The spatial emitters beyond their one registry sample: 3-D pooling on NCDHW in both layouts, and
 * same-padded strided pooling of an image whose size is unknown at export ({@code auto_pad SAME_UPPER}
 * in place of explicit pads), run by ONNX Runtime and io-onnx's runtime against the engine.
 */
class SpatialExportTest {

    @Test
    void volumePoolingRunsInBothRuntimes() throws Exception {
        EmitterRegistryTest.check("pooling3d", "pooling3d", SpatialLayerSamples.volume());
    }

    @Test
    void channelsFirstFlattenMovesTheChannelsLast() throws Exception {
        EmitterRegistryTest.check("flatten_cf", "flatten_cf", NetworkModels.seq(
                Layers.averagePooling2d(2, 1).withDataFormat(dev.engram.layers.DataFormat.CHANNELS_FIRST).inputShape(3, 4, 5),
                Layers.flatten().withDataFormat(dev.engram.layers.DataFormat.CHANNELS_FIRST), Layers.dense(2)));
    }

    @Test
    void samePaddingOfAnUnknownSizeUsesAutoPad() throws Exception {
        Network model = NetworkModels.seq(Layers.maxPooling2d(3, 2).withStrides(2, 2).withPadding(Padding.SAME)
                .inputShape(Shape.UNKNOWN, Shape.UNKNOWN, 2), Layers.averagePooling2d(2, 2).withStrides(2, 3)
                .withPadding(Padding.SAME), Layers.globalAveragePooling2d());
        byte[] onnx = OnnxExporter.toBytes(model, OnnxExportOptions.defaults());
        assertTrue(new String(onnx, java.nio.charset.StandardCharsets.ISO_8859_1).contains("SAME_UPPER"));
        for (int[] size : new int[][] {{7, 5}, {8, 9}}) {
            Shape in = Shape.of(2, size[0], size[1], 2);
            float[] d = new float[in.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) Math.sin(0.37 * i + 0.2);
            }
            Tensor x = Tensor.wrap(in, d);
            Tensor expected = model.predict(x);
            Tensor ort = OrtRunner.runAll(onnx, ExportNetworkOrtTest.inputNames(model), List.of(x)).get(0);
            Map<String, Tensor> ours = OnnxModel.load(onnx, "auto_pad.onnx").predict(
                    Map.of(ExportNetworkOrtTest.inputNames(model).get(0), x));
            float[] e = expected.toArray();
            float[] o = ort.toArray();
            float[] r = ours.values().iterator().next().toArray();
            for (int i = 0; i < e.length; i++) {
                assertTrue(Math.abs(e[i] - o[i]) <= 1e-6 + 1e-5 * Math.abs(e[i]), "ORT " + i + " at " + in);
                assertTrue(Math.abs(e[i] - r[i]) <= 1e-6 + 1e-5 * Math.abs(e[i]), "runtime " + i + " at " + in);
            }
        }
        assertTrue(OnnxEmitters.supported().contains("Max/AveragePooling2D/3D"));
    }
}
