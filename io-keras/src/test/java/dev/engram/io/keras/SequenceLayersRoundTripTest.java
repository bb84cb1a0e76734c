package dev.engram.io.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.keras.SequenceInteropModels.Peer;
import dev.engram.io.keras.KerasH5Options;
import dev.engram.io.keras.h5.KerasH5Reader;
import dev.engram.io.keras.h5.KerasH5Writer;
import dev.engram.io.keras.kerasv3.KerasV3Archive;
import dev.engram.io.keras.tfjs.TfjsModelReader;
import dev.engram.io.keras.tfjs.TfjsModelWriter;
import dev.engram.io.keras.TfjsWriteOptions;
import dev.engram.layers.DataFormat;
import dev.engram.layers.Layer;
import dev.engram.layers.Layers;
import dev.engram.layers.UnitNormalizationConfig;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue-18 layers through every format that can hold them and back: TF.js model.json, Keras 2
 * and Keras 3 h5, .keras. The model read back has the same layer configs (per-origin mask behaviour
 * included) and predicts the same numbers. Also the refusals: a Keras-only layer in TF.js,
 * TF.js-inexpressible options, ThresholdedReLU in Keras 3, a UnitNormalization floor of the other
 * Keras generation, channels-first ZeroPadding1D in tf-keras, and a Lambda layer.
 */
class SequenceLayersRoundTripTest {
    @TempDir
    Path tmp;

    private interface Format {
        Network roundTrip(Network m, Path file) throws Exception;
    }

    private static final Format TFJS = (m, f) -> {
        TfjsModelWriter.write(m, f, TfjsWriteOptions.defaults());
        return TfjsModelReader.read(f.resolve("model.json"));
    };
    private static final Format K2 = (m, f) -> {
        KerasH5Writer.write(m, f);
        return KerasH5Reader.read(f);
    };
    private static final Format K3 = (m, f) -> {
        KerasH5Writer.write(m, f, KerasH5Options.keras3());
        return KerasH5Reader.read(f);
    };
    private static final Format ARCHIVE = (m, f) -> {
        KerasV3Archive.write(m, f);
        return KerasV3Archive.read(f);
    };

    private static Map<String, Format> formats(Peer p) {
        return switch (p) {
            case TFJS -> Map.of("model.json", TFJS);
            case KERAS_BOTH -> Map.of("keras2.h5", K2, "keras3.h5", K3, ".keras", ARCHIVE);
            case TF_KERAS -> Map.of("keras2.h5", K2);
            case KERAS3 -> Map.of("keras3.h5", K3, ".keras", ARCHIVE);
        };
    }

    @TestFactory
    List<DynamicTest> everyFormatGivesBackTheSameModel() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Peer p : Peer.values()) {
            for (var model : SequenceInteropModels.models(p).entrySet()) {
                for (var f : formats(p).entrySet()) {
                    tests.add(DynamicTest.dynamicTest(model.getKey() + " " + f.getKey(), () -> {
                        Network m = model.getValue();
                        Network back = f.getValue().roundTrip(m, tmp.resolve(model.getKey() + "_" + p + f.getKey()
                                .replace('.', '_')));
                        assertEquals(m.layers().size(), back.layers().size());
                        for (int i = 0; i < m.layers().size(); i++) {
                            Layer a = m.layers().get(i);
                            Layer b = back.layers().get(i);
                            assertEquals(fields(a.config()), fields(b.config()), a.name());
                        }
                        List<Tensor> xs = InteropModels.inputs(m);
                        assertEquals(m.predict(xs), back.predict(xs), model.getKey() + " " + f.getKey());
                    }));
                }
            }
        }
        return tests;
    }

    /**
     * A config record's components but name, input shape (assigned, inferred), initializers (dialect forms) and
     * the recurrent layers' settings (not issue 18's layers; their round trips are tested elsewhere).
     */
    private static Map<String, Object> fields(Object config) throws ReflectiveOperationException {
        Map<String, Object> out = new java.util.TreeMap<>();
        out.put("class", config.getClass().getSimpleName());
        for (var c : config.getClass().getRecordComponents()) {
            if (!List.of("name", "inputShape", "identity", "settings").contains(c.getName())
                    && !c.getName().endsWith("Initializer")) {
                out.put(c.getName(), String.valueOf(c.getAccessor().invoke(config)));
            }
        }
        return out;
    }

    private static String tfjsRefusal(Path dir, Network m) {
        return assertThrows(ModelFormatException.class, () -> TfjsModelWriter.write(m, dir, TfjsWriteOptions.defaults()))
                .getMessage();
    }

    @Test
    void formatsRefuseWhatTheyCannotSay() {
        String crop = tfjsRefusal(tmp.resolve("crop"), Sequential.seeded(1, Layers.cropping1d(1, 1).inputShape(4, 2)));
        assertTrue(crop.contains("(Cropping1D) has no TFJS form"), crop);
        String relu = tfjsRefusal(tmp.resolve("relu"), Sequential.seeded(1, Layers.relu().withThreshold(0.5)
                .inputShape(3)));
        assertTrue(relu.contains("TF.js's ReLU has only maxValue"), relu);
        String elu = tfjsRefusal(tmp.resolve("elu"), Sequential.seeded(1, Layers.elu().withAlpha(0.5).inputShape(3)));
        assertTrue(elu.contains("TF.js 4.22 supports only alpha 1"), elu);
        String thresholded = assertThrows(ModelFormatException.class, () -> KerasH5Writer.write(Sequential.seeded(1,
                Layers.thresholdedRelu().inputShape(3)), tmp.resolve("t.h5"), KerasH5Options.keras3())).getMessage();
        assertTrue(thresholded.contains("Layers.relu().withThreshold(1.0)"), thresholded);
        String floor = assertThrows(ModelFormatException.class, () -> KerasH5Writer.write(Sequential.seeded(1,
                Layers.unitNormalization().inputShape(3)), tmp.resolve("u.h5"))).getMessage();
        assertTrue(floor.contains("floors the norm at 1.0E-12") && floor.contains("its floor is 1.0E-6"), floor);
        String cf = assertThrows(ModelFormatException.class, () -> KerasH5Writer.write(Sequential.seeded(1,
                Layers.zeroPadding1d(1, 1).withDataFormat(DataFormat.CHANNELS_FIRST).inputShape(3, 4)),
                tmp.resolve("z.h5"))).getMessage();
        assertTrue(cf.contains("channels_first") && cf.contains("save it as Keras 3"), cf);
        String pool = tfjsRefusal(tmp.resolve("pool"), Sequential.seeded(1, Layers.maxPooling1d(2)
                .withDataFormat(DataFormat.CHANNELS_FIRST).inputShape(3, 4)));
        assertTrue(pool.contains("channels_first"), pool);
        assertEquals(UnitNormalizationConfig.TF_KERAS_NORM_FLOOR, 1e-6);
    }

    /** A Keras 3 file with a Lambda layer (made by gen_keras.py): refused with the layer's name and a hint. */
    @Test
    void aLambdaLayerIsRefusedWithItsNameAndAHint() {
        UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class, () -> KerasV3Archive.read(
                Path.of("src/test/resources/keras/keras3/lambda_refused.keras")));
        assertTrue(e.getMessage().contains("layer 'double' is a Lambda layer") && e.getMessage().contains("rewrite it"),
                e.getMessage());
    }
}
