package dev.engram.io.keras.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.io.keras.InteropModels;
import dev.engram.io.keras.TfjsWriteOptions;
import dev.engram.layers.Layers;
import dev.engram.losses.Losses;
import dev.engram.models.FitOptions;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import dev.engram.testing.interop.InteropPeers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live round trip with the real TensorFlow.js 4.22 (src/test/interop/tfjs): Engram writes a model,
 * Node's {@code tf.loadLayersModel} loads it and predicts, and the predictions must equal Engram's
 * (rtol 1e-5, atol 1e-6). Runs when {@code node} is on the PATH and {@code npm ci} has been run in
 * src/test/interop/tfjs.
 */
@Tag("interop")
@EnabledIf("nodeAndTfjsInstalled")
public class TfjsNodeInteropTest {
    private static final Path INTEROP = Path.of("src/test/interop/tfjs").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /**
     * Whether node and the pinned TF.js are installed (else the live tests are skipped, or fail under
     * {@code -Dengram.interop.required=true}).
     *
     * @return true when the live TF.js tests can run
     */
    public static boolean nodeAndTfjsInstalled() {
        String missing = null;
        if (InteropPeers.onPath("node").isEmpty()) {
            missing = "no node on the PATH";
        } else if (!Files.isDirectory(INTEROP.resolve("node_modules/@tensorflow/tfjs"))) {
            missing = "no " + INTEROP.resolve("node_modules/@tensorflow/tfjs") + " (run npm ci in " + INTEROP + ")";
        }
        return InteropPeers.available("TensorFlow.js 4.22 in Node", missing);
    }

    private static Tensor ramp(int... shape) {
        int n = Shape.of(shape).size();
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (Math.sin(0.91 * i + 0.3) * 2.0);
        }
        return Tensor.of(Shape.of(shape), v);
    }

    /** Engram models that cover LSTM options and Dense activations. */
    private static Map<String, Sequential> models() {
        Sequential tutorial = new Sequential("tutorial", 11);
        tutorial.add(Layers.lstm(16).inputShape(1, 1));
        tutorial.add(Layers.dense(1));

        Sequential options = new Sequential("options", 12);
        options.add(Layers.lstm(7).withReturnSequences(true).withGoBackwards(true).withActivation(Activations.relu())
                .withRecurrentActivation(Activations.sigmoid()).inputShape(5, 3));
        options.add(Layers.lstm(4).withUseBias(false).withUnitForgetBias(true)
                .withRecurrentActivation(Activations.hardSigmoid()));
        options.add(Layers.dropout(0.3));
        options.add(Layers.dense(3).withActivation(Activations.softmax()));

        Sequential perStep = new Sequential("per_step", 13);
        perStep.add(Layers.lstm(5).withReturnSequences(true).withActivation(Activations.softsign()).inputShape(4, 2));
        perStep.add(Layers.dense(2).withActivation(Activations.elu()));

        Sequential dense = new Sequential("dense_acts", 14);
        List<Activation> acts = List.of(Activations.relu(), Activations.tanh(), Activations.sigmoid(),
                Activations.hardSigmoid(), Activations.selu(), Activations.softplus(), Activations.relu6(),
                Activations.swish(), Activations.gelu(false), Activations.linear());
        dense.add(Layers.dense(9).withActivation(Activations.elu()).inputShape(6));
        for (Activation a : acts) {
            dense.add(Layers.dense(9).withActivation(a));
        }
        dense.add(Layers.dense(4).withActivation(Activations.softmax()).withUseBias(false));
        return Map.of("tutorial", tutorial, "options", options, "per_step", perStep, "dense_acts", dense);
    }

    private static Tensor input(Sequential m) {
        int[] in = m.inputShape().toArray();
        int[] shape = new int[in.length + 1];
        shape[0] = 3;
        System.arraycopy(in, 0, shape, 1, in.length);
        return ramp(shape);
    }

    @TestFactory
    Stream<DynamicTest> tfjsPredictsWhatEngramPredicts() {
        return models().entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> DynamicTest.dynamicTest(
                e.getKey(), () -> {
                    Sequential m = e.getValue();
                    Path dir = tmp.resolve(e.getKey());
                    TfjsModelWriter.write(m, dir, TfjsWriteOptions.defaults());
                    Tensor x = input(m);
                    JsonNode out = runNode(dir, x);
                    FixtureCases.assertClose(m.predict(x), FixtureCases.tensor(out.at("/outputs/0")), 1e-5, 1e-6, e.getKey());
                }));
    }

    @Test
    void tfjsLoadsShardsAndOptimizerState() throws Exception {
        Sequential m = models().get("options");
        m.compile(Losses.categoricalCrossentropy(), Optimizers.adam(0.02));
        Tensor x = ramp(8, 5, 3);
        float[] y = new float[24];
        for (int i = 0; i < 8; i++) {
            y[3 * i + i % 3] = 1;
        }
        m.fit(x, Tensor.of(Shape.of(8, 3), y), FitOptions.epochs(2).withBatchSize(3).withShuffle(false).withSeed(1));
        Path dir = tmp.resolve("with_optimizer");
        TfjsModelWriter.write(m, dir, TfjsWriteOptions.defaults().withIncludeOptimizer(true).withShardBytes(512));
        assertTrue(Files.exists(dir.resolve("group1-shard2of" + (Files.list(dir).filter(
                p -> p.getFileName().toString().startsWith("group1-")).count()) + ".bin")));
        JsonNode out = runNode(dir, x);
        FixtureCases.assertClose(m.predict(x), FixtureCases.tensor(out.at("/outputs/0")), 1e-5, 1e-6, "predict");
        JsonNode opt = out.get("optimizer");
        assertEquals("Adam", opt.get("className").asText());
        Map<String, Tensor> state = m.optimizer().state();
        JsonNode ws = opt.get("weights");
        assertEquals("iter", ws.get(0).get("name").asText());
        assertEquals(m.optimizer().iterations(), ws.get(0).at("/data/0").asLong());
        assertEquals(state.size() + 1, ws.size());
        for (int i = 1; i < ws.size(); i++) {
            String name = ws.get(i).get("name").asText().replace("recurrent_kernel", "recurrentKernel");
            Tensor want = state.get(name);
            Tensor got = FixtureCases.tensor(ws.get(i));
            assertEquals(want, got.reshape(want.shape()), name);
        }
    }

    /** Functional graphs and GRU/Bidirectional/Embedding/Conv1D/normalization models: one predict call each. */
    @TestFactory
    Stream<DynamicTest> tfjsPredictsWhatEngramPredictsForGraphsAndNewLayers() {
        return predictEach(InteropModels.models(false));
    }

    /** The issue-18 layers TF.js 4.22 has (pooling, Permute, rectifiers, PReLU, Softmax, noise layers). */
    @TestFactory
    Stream<DynamicTest> tfjsPredictsWhatEngramPredictsForSequenceLayers() {
        return predictEach(dev.engram.io.keras.SequenceInteropModels.models(
                dev.engram.io.keras.SequenceInteropModels.Peer.TFJS));
    }

    private Stream<DynamicTest> predictEach(java.util.Map<String, Network> models) {
        return models.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Network m = e.getValue();
            Path dir = tmp.resolve("graph_" + e.getKey());
            TfjsModelWriter.write(m, dir, TfjsWriteOptions.defaults());
            List<Tensor> xs = InteropModels.inputs(m);
            ObjectNode req = JSON.createObjectNode();
            ArrayNode ins = req.putArray("inputs");
            for (Tensor x : xs) {
                ObjectNode t = ins.addObject();
                t.set("shape", JSON.valueToTree(x.shape().toArray()));
                t.set("data", JSON.valueToTree(x.toArray()));
            }
            Path inputs = dir.resolve("inputs.json");
            Path outputs = dir.resolve("outputs.json");
            JSON.writeValue(inputs.toFile(), req);
            Process p = new ProcessBuilder("node", INTEROP.resolve("predict_graph.js").toString(), dir.toString(),
                    inputs.toString(), outputs.toString()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "node timed out");
            assertEquals(0, p.exitValue(), "node failed:\n" + log);
            JsonNode out = JSON.readTree(outputs.toFile());
            List<Tensor> want = m.predict(xs);
            assertEquals(want.size(), out.get("outputs").size(), "outputs");
            for (int i = 0; i < want.size(); i++) {
                FixtureCases.assertClose(want.get(i), FixtureCases.tensor(out.get("outputs").get(i)), 1e-5, 1e-6,
                        e.getKey() + " output " + i);
            }
        }));
    }

    private JsonNode runNode(Path modelDir, Tensor x) throws IOException, InterruptedException {
        return runNode(modelDir, x, null);
    }

    /**
     * TF.js 4.22's prediction for {@code x} from the model directory, after {@code define(tf)} of
     * {@code customLayers} (a module registering custom layer classes) when it is not null.
     *
     * @param modelDir     the directory with model.json
     * @param x            the input batch
     * @param customLayers a custom-layer module, or null
     * @return predict.js's output JSON
     * @throws IOException          when the files cannot be written or read
     * @throws InterruptedException when interrupted while node runs
     */
    public static JsonNode runNode(Path modelDir, Tensor x, Path customLayers) throws IOException, InterruptedException {
        ObjectNode req = JSON.createObjectNode();
        ObjectNode in = req.putArray("inputs").addObject();
        ArrayNode shape = in.putArray("shape");
        for (int d : x.shape().toArray()) {
            shape.add(d);
        }
        ArrayNode data = in.putArray("data");
        for (float f : x.buffer()) {
            data.add(f);
        }
        Path inputs = modelDir.resolve("inputs.json");
        Path outputs = modelDir.resolve("outputs.json");
        JSON.writeValue(inputs.toFile(), req);
        List<String> cmd = new ArrayList<>(List.of("node", INTEROP.resolve("predict.js").toString(), modelDir.toString(),
                inputs.toString(), outputs.toString()));
        if (customLayers != null) {
            cmd.add(customLayers.toAbsolutePath().toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "node timed out");
        assertEquals(0, p.exitValue(), "node failed:\n" + log);
        JsonNode out = JSON.readTree(outputs.toFile());
        assertEquals("4.22.0", out.get("tfjsVersion").asText());
        return out;
    }
}
