package dev.engram.io.keras.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.KerasFormat;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.SaveOptions;
import dev.engram.io.keras.h5.KerasInteropTest;
import dev.engram.io.keras.internal.Networks;
import dev.engram.losses.Losses;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.optimizers.AdamEpsilon;
import dev.engram.optimizers.Optimizer;
import dev.engram.optimizers.Optimizers;
import dev.engram.optimizers.RmsPropForm;
import dev.engram.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live resume across Engram and the real tf-keras 2.18 / Keras 3.10 (the pinned venv, as
 * {@link KerasInteropTest}): Engram trains K epochs, saves with its optimizer state, Keras loads the
 * file and trains K more, and the weights must match Engram training 2K epochs (rtol 1e-5, atol 1e-6):
 * tf-keras 2 {@code .h5} and Keras 3 {@code .keras}.
 * The reverse (Keras trains K, Engram resumes) runs the fixture generator into a temporary directory
 * and checks Engram against it as {@link KerasOptimizerStateFixtureTest} does with the committed files.
 */
@Tag("interop")
@EnabledIf("pythonAvailable")
class OptimizerStateInteropTest {
    private static final Path SCRIPT = Path.of("src/test/fixtures-gen/keras/gen_optimizer_state.py");
    private static final int K = 3;

    @TempDir
    Path tmp;

    static boolean pythonAvailable() {
        return KerasInteropTest.pythonAvailable();
    }

    /** The generator's optimizers, as the engine's. tf-keras 2 Nadam is refused (see TrainingConfigs). */
    private static Map<String, Supplier<Optimizer>> optimizers(boolean keras3) {
        Map<String, Supplier<Optimizer>> m = new LinkedHashMap<>();
        m.put("sgd", () -> Optimizers.sgd(0.05));
        m.put("sgd_momentum", () -> Optimizers.sgd(0.05, 0.9, false));
        m.put("sgd_nesterov", () -> Optimizers.sgd(0.05, 0.9, true));
        m.put("adam", () -> Optimizers.adam(0.01).withEpsilonForm(AdamEpsilon.EPSILON_HAT));
        m.put("adamw", () -> Optimizers.adamw(0.01, 0.05));
        m.put("adagrad", () -> Optimizers.adagrad(0.1));
        m.put("adamax", () -> Optimizers.adamax(0.01));
        m.put("rmsprop", () -> Optimizers.rmsprop(0.01));
        m.put("rmsprop_centered_momentum", () -> Optimizers.rmsprop(0.01, 0.8, 0.5, 1e-6, true)
                .withForm(RmsPropForm.KERAS));
        if (keras3) {
            m.put("nadam", () -> Optimizers.nadam(0.01));
        }
        return m;
    }

    @Test
    void kerasResumesWhatEngramSaved() throws Exception {
        JsonNode data = KerasOptimizerStateFixtureTest.JSON.readTree(
                KerasOptimizerStateFixtureTest.DIR.resolve("keras3_adam.expected.json").toFile());
        Tensor x = KerasOptimizerStateFixtureTest.x(data);
        Tensor y = KerasOptimizerStateFixtureTest.y(data);
        for (String target : List.of("tfkeras2", "keras3")) {
            boolean keras3 = !target.equals("tfkeras2");
            String dialect = keras3 ? "keras3" : "tfkeras2";
            boolean h5 = !target.equals("keras3");
            Map<String, Network> full = new LinkedHashMap<>();
            List<String> files = new ArrayList<>();
            for (var e : optimizers(keras3).entrySet()) {
                Sequential half = KerasOptimizerStateFixtureTest.model();
                half.compile(Losses.meanSquaredError(), e.getValue().get());
                KerasOptimizerStateFixtureTest.fit(half, x, y, K);
                Path p = tmp.resolve(target + "_" + e.getKey() + (h5 ? ".h5" : ".keras"));
                KerasModels.save(half, p, h5 ? KerasFormat.H5 : KerasFormat.KERAS, SaveOptions.defaults()
                        .withOptimizerState(true).withH5Dialect(keras3 ? KerasDialect.KERAS_3 : KerasDialect.KERAS_2));
                files.add(p.toString());
                Sequential whole = KerasOptimizerStateFixtureTest.model();
                whole.compile(Losses.meanSquaredError(), e.getValue().get());
                KerasOptimizerStateFixtureTest.fit(whole, x, y, 2 * K);
                full.put(p.toString(), whole);
            }
            Path out = tmp.resolve(target + "-resumed.json");
            run(List.of(KerasInteropTest.python().toString(), SCRIPT.toString(), "resume", "--dialect", dialect,
                    "--models", String.join(",", files), "--output", out.toString()));
            JsonNode resumed = KerasOptimizerStateFixtureTest.JSON.readTree(out.toFile());
            for (var e : full.entrySet()) {
                JsonNode r = resumed.get(e.getKey());
                String what = Path.of(e.getKey()).getFileName().toString();
                assertEquals(2 * K, r.get("iterationsAtLoad").asInt(), what + ": Keras sees Engram's iterations");
                double worst = KerasOptimizerStateFixtureTest.compare(e.getValue(), r.get("weightsAfter"), what);
                System.out.printf("optimizer state %s: Keras (%s) resumed Engram's checkpoint, max relative"
                        + " difference from Engram %d epochs %.2e%n", what, r.get("optimizer").asText(), 2 * K, worst);
            }
        }
    }

    @Test
    void engramResumesWhatKerasJustSaved() throws Exception {
        for (String dialect : List.of("tfkeras2", "keras3")) {
            run(List.of(KerasInteropTest.python().toString(), SCRIPT.toString(), "gen", "--dialect", dialect,
                    "--out", tmp.toString()));
            for (String o : optimizers(dialect.equals("keras3")).keySet()) {
                String name = dialect + "_" + o;
                JsonNode e = KerasOptimizerStateFixtureTest.JSON.readTree(tmp.resolve(name + ".expected.json").toFile());
                Network m = KerasModels.load(tmp.resolve(name + (dialect.equals("keras3") ? ".keras" : ".h5")));
                assertEquals(e.get("iterationsAtSave").asLong(), m.optimizer().iterations(), name);
                KerasOptimizerStateFixtureTest.fit(m, KerasOptimizerStateFixtureTest.x(e),
                        KerasOptimizerStateFixtureTest.y(e), K);
                double worst = KerasOptimizerStateFixtureTest.compare(m, e.get("weightsAfter"), name);
                System.out.printf("optimizer state %s: Engram resumed Keras's fresh checkpoint, max relative"
                        + " difference %.2e%n", name, worst);
            }
        }
    }

    private void run(List<String> cmd) throws Exception {
        KerasInteropTest.run(cmd, tmp);
    }
}
