package dev.engram.io.keras.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.io.keras.KerasCustomLayers;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.KerasFormat;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.SaveOptions;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.layers.CustomLayerConfig;
import dev.engram.layers.Layer;
import dev.engram.losses.Losses;
import dev.engram.models.FitOptions;
import dev.engram.models.Network;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The custom-layer extension point on real Keras files: {@code custom_scale_shift} made by tf-keras
 * 2.18 and Keras 3.10 with the registered {@code engram_test>ScaleShift}
 * ({@code src/test/fixtures-gen/keras/gen_custom_layer.py}) loads with the Java {@link ScaleShift}
 * and predicts what Keras predicted (rtol 1e-5, atol 1e-6), as does TF.js 4.22's model of its
 * {@code tf.serialization.registerClass} twin ({@code src/test/fixtures-gen/tfjs-layers}); Engram's own files of the model carry
 * the names each peer looks the class up by, and load back.
 */
class CustomLayerFilesTest {
    static final String TYPE = "engram_test>ScaleShift";
    private static final Path DIR = Path.of("src/test/resources/keras/custom");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @BeforeAll
    static void register() {
        KerasCustomLayers.register(TYPE, ScaleShift::new);
    }

    @AfterAll
    static void unregister() {
        KerasCustomLayers.unregister(TYPE);
    }

    static Path fixture(String dialect, String file) {
        return DIR.resolve(dialect).resolve(file);
    }

    static JsonNode cases(String dialect) {
        return FixtureCases.json(fixture(dialect, "custom_scale_shift.cases.json"));
    }

    @Test
    void peerFilesLoadWithTheRegisteredLayerAndPredictAsKeras() throws IOException {
        for (Path file : List.of(fixture("tfkeras2", "custom_scale_shift.h5"), fixture("keras3", "custom_scale_shift.h5"),
                fixture("keras3", "custom_scale_shift.keras"))) {
            Network m = KerasModels.load(file);
            Layer layer = m.layers().get(1);
            ScaleShift s = assertInstanceOf(ScaleShift.class, layer, file.toString());
            assertEquals("scale_shift", s.name());
            assertEquals(TYPE, s.config().type());
            assertEquals(Map.of("offset", 0.25, "squash", true, "label", "engram"), s.config().options());
            assertEquals(List.of("scale", "shift_bias"), s.parameters().stream().map(p -> p.name()).toList());
            FixtureCases.assertCases(m, cases(file.getParent().getFileName().toString()), 1e-5, 1e-6, file.toString());
        }
    }

    @Test
    void aTfjsRegisteredClassLoadsByItsClassNameAndPredictsAsTfjs() throws IOException {
        Path dir = Path.of("src/test/resources/tfjs-custom/custom_scale_shift");
        Network m = KerasModels.load(dir.resolve("model.json"));
        ScaleShift s = assertInstanceOf(ScaleShift.class, m.layers().get(1));
        assertEquals(TYPE, s.config().type());
        assertEquals(Map.of("offset", 0.25, "squash", true, "label", "engram"), s.config().options());
        FixtureCases.assertCases(m, FixtureCases.json(dir.resolve("cases.json")), 1e-5, 1e-6, "tfjs custom_scale_shift");
    }

    @Test
    void engramFilesNameTheClassAsEachPeerLooksItUp() throws IOException {
        Network m = KerasModels.load(fixture("keras3", "custom_scale_shift.keras"));
        Path keras = tmp.resolve("m.keras");
        KerasModels.save(m, keras, KerasFormat.KERAS);
        try (ZipFile zip = new ZipFile(keras.toFile())) {
            JsonNode layer = JSON.readTree(zip.getInputStream(zip.getEntry("config.json"))).at("/config/layers/2");
            assertEquals("ScaleShift", layer.get("class_name").asText());
            assertEquals(TYPE, layer.get("registered_name").asText());
            assertEquals(0.25, layer.at("/config/offset").asDouble());
            assertTrue(layer.at("/config/squash").asBoolean());
            assertEquals("engram", layer.at("/config/label").asText());
        }
        Path tfjs = tmp.resolve("tfjs");
        KerasModels.save(m, tfjs, KerasFormat.TFJS);
        JsonNode json = JSON.readTree(tfjs.resolve("model.json").toFile());
        JsonNode layer = json.at("/modelTopology/config/layers/1");
        assertEquals("ScaleShift", layer.get("class_name").asText(), json.toString());
        assertEquals(List.of("scale_shift/scale", "scale_shift/shift_bias"),
                JSON.convertValue(json.at("/weightsManifest/0/weights").findValuesAsText("name"), List.class)
                        .subList(2, 4));
    }

    @Test
    void everyFormatRoundTripsOptionsAndWeights() throws IOException {
        Network m = KerasModels.load(fixture("tfkeras2", "custom_scale_shift.h5"));
        JsonNode cases = cases("tfkeras2");
        int k = 0;
        for (var target : List.of(Map.entry(KerasFormat.H5, SaveOptions.defaults()),
                Map.entry(KerasFormat.H5, SaveOptions.defaults().withH5Dialect(KerasDialect.KERAS_3)),
                Map.entry(KerasFormat.KERAS, SaveOptions.defaults()), Map.entry(KerasFormat.TFJS, SaveOptions.defaults()))) {
            Path out = tmp.resolve("out" + k++ + (target.getKey() == KerasFormat.TFJS ? ""
                    : target.getKey() == KerasFormat.KERAS ? ".keras" : ".h5"));
            KerasModels.save(m, out, target.getKey(), target.getValue());
            Network back = KerasModels.load(target.getKey() == KerasFormat.TFJS ? out.resolve("model.json") : out);
            assertEquals(((CustomLayerConfig) m.layers().get(1).config()).options(), ((CustomLayerConfig) back.layers().get(1).config()).options());
            FixtureCases.assertCases(back, cases, 1e-6, 1e-7, out.toString());
        }
    }

    @Test
    void aLoadedModelTrainsThroughTheCustomBackwardPass() throws IOException {
        Network m = KerasModels.load(fixture("keras3", "custom_scale_shift.keras"));
        m.compile(Losses.meanSquaredError(), Optimizers.sgd(0.05));
        Tensor x = FixtureCases.tensor(cases("keras3").at("/cases/1/inputs/0"));
        Tensor y = Tensor.filled(m.predict(x).shape(), 0.3f);
        float[] scaleBefore = m.layers().get(1).parameters().get(0).data().clone();
        double before = m.evaluate(x, y).get("loss");
        m.fit(x, y, FitOptions.epochs(5).withBatchSize(4).withShuffle(false));
        assertTrue(m.evaluate(x, y).get("loss") < before, "loss falls");
        assertTrue(scaleBefore[0] != m.layers().get(1).parameters().get(0).data()[0], "scale is trained");
    }

    @Test
    void anUnregisteredClassIsRefusedWithItsName() {
        KerasCustomLayers.unregister(TYPE);
        try {
            UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class,
                    () -> KerasModels.load(fixture("keras3", "custom_scale_shift.keras")));
            assertEquals("ScaleShift", e.className());
            assertEquals("scale_shift", e.layerName());
        } finally {
            KerasCustomLayers.register(TYPE, ScaleShift::new);
        }
    }

    @Test
    void aClassPartSharedByTwoTypesIsAmbiguousInTfjsFiles() throws IOException {
        Network m = KerasModels.load(fixture("keras3", "custom_scale_shift.keras"));
        Path tfjs = tmp.resolve("tfjs");
        KerasModels.save(m, tfjs, KerasFormat.TFJS);
        KerasCustomLayers.register("other_pkg>ScaleShift", ScaleShift::new);
        try {
            ModelFormatException e = assertThrows(ModelFormatException.class,
                    () -> KerasModels.load(tfjs.resolve("model.json")));
            assertTrue(e.getMessage().contains("layer 'scale_shift' of class ScaleShift matches several registered custom"
                    + " layer types [engram_test>ScaleShift, other_pkg>ScaleShift]"), e.getMessage());
        } finally {
            KerasCustomLayers.unregister("other_pkg>ScaleShift");
        }
    }
}
