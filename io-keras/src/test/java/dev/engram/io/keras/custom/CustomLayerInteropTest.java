package dev.engram.io.keras.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasCustomLayers;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.KerasFormat;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.SaveOptions;
import dev.engram.io.keras.h5.KerasInteropTest;
import dev.engram.io.keras.tfjs.TfjsNodeInteropTest;
import dev.engram.layers.Parameter;
import dev.engram.models.Network;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The custom layer's round trip back to the peers: Engram loads Keras's {@code custom_scale_shift},
 * changes every weight, writes a tf-keras 2 {@code .h5}, a Keras 3 {@code .h5} and a {@code .keras},
 * and tf-keras 2.18 / Keras 3.10, with {@code engram_test>ScaleShift} registered
 * ({@code custom_layers.py}), load each and predict what Engram predicts (rtol 1e-5, atol 1e-6); so does
 * TF.js 4.22 with its twin class registered ({@code tfjs-custom/custom_layers.js}) from Engram's model.json.
 */
@Tag("interop")
class CustomLayerInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("src/test/interop/keras/keras_predict.py");
    private static final Path LAYERS = Path.of("src/test/fixtures-gen/keras/custom_layers.py");

    @TempDir
    Path tmp;

    @BeforeAll
    static void register() {
        KerasCustomLayers.register(CustomLayerFilesTest.TYPE, ScaleShift::new);
    }

    @AfterAll
    static void unregister() {
        KerasCustomLayers.unregister(CustomLayerFilesTest.TYPE);
    }

    /** The Keras fixture with every weight changed, so that a reader that kept Keras's values would differ. */
    private static Network changedModel() throws Exception {
        Network m = KerasModels.load(CustomLayerFilesTest.fixture("keras3", "custom_scale_shift.keras"));
        int k = 0;
        for (Parameter p : m.parameters()) {
            float[] v = p.data().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (0.7 * Math.cos(0.9 * i + k) + 0.1);
            }
            p.assign(Tensor.of(p.shape(), v));
            k++;
        }
        return m;
    }

    private static Tensor input() {
        return FixtureCases.tensor(CustomLayerFilesTest.cases("keras3").at("/cases/1/inputs/0"));
    }

    @Test
    @EnabledIf("dev.engram.io.keras.tfjs.TfjsNodeInteropTest#nodeAndTfjsInstalled")
    void tfjsLoadsTheCustomLayerEngramWrote() throws Exception {
        Network m = changedModel();
        Path dir = tmp.resolve("tfjs");
        KerasModels.save(m, dir, KerasFormat.TFJS);
        Tensor x = input();
        JsonNode out = TfjsNodeInteropTest.runNode(dir, x, Path.of("src/test/fixtures-gen/tfjs-layers/custom_layers.js"));
        List<String> failures = new ArrayList<>();
        FixtureCases.compare(FixtureCases.tensor(out.at("/outputs/0")), m.predict(x), 1e-5, 1e-6, "tfjs", failures);
        assertEquals(List.of(), failures);
    }

    @Test
    @EnabledIf("dev.engram.io.keras.h5.KerasInteropTest#pythonAvailable")
    void kerasLoadsTheCustomLayerEngramWrote() throws Exception {
        Network m = changedModel();
        Tensor x = input();
        Tensor expected = m.predict(x);
        Path in = tmp.resolve("in.json");
        ObjectNode xs = JSON.createObjectNode();
        xs.set("shape", JSON.valueToTree(x.shape().toArray()));
        xs.set("data", JSON.valueToTree(x.toArray()));
        JSON.writeValue(in.toFile(), xs);
        record Target(String dialect, String file, KerasFormat format, SaveOptions options) {
        }
        for (Target t : List.of(new Target("tfkeras2", "m2.h5", KerasFormat.H5, SaveOptions.defaults()),
                new Target("keras3", "m3.h5", KerasFormat.H5, SaveOptions.defaults().withH5Dialect(KerasDialect.KERAS_3)),
                new Target("keras3", "m3.keras", KerasFormat.KERAS, SaveOptions.defaults()))) {
            Path file = tmp.resolve(t.file());
            KerasModels.save(m, file, t.format(), t.options());
            Path out = tmp.resolve(t.file() + ".out.json");
            KerasInteropTest.run(List.of(KerasInteropTest.python().toString(), SCRIPT.toString(), "--dialect", t.dialect(),
                    "--model", file.toString(), "--register", LAYERS.toString(), "--input", in.toString(), "--output",
                    out.toString()), tmp);
            List<String> failures = new ArrayList<>();
            FixtureCases.compare(FixtureCases.tensor(JSON.readTree(out.toFile())), expected, 1e-5, 1e-6, t.file(), failures);
            assertEquals(List.of(), failures);
        }
    }
}
