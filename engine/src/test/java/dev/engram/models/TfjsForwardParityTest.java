package dev.engram.models;

import static dev.engram.testing.Numeric.assertClose;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.layers.Layer;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import dev.engram.testing.FixturePaths;
import dev.engram.testing.TfjsFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forward parity with TensorFlow.js 4.22: engine models given the fixtures' weights reproduce every
 * case's output and every layer's output (layerOutputs) at the fixture's tolerance (rtol 1e-5, atol
 * 1e-6). Runs on the module's own fixtures and on the shared set when it is present; fixtures whose
 * layers the engine does not have yet are skipped.
 */
class TfjsForwardParityTest {

    static Stream<Path> fixtures() throws IOException {
        List<Path> dirs = new ArrayList<>();
        collect(FixturePaths.tfjs(), dirs);
        FixturePaths.shared().ifPresent(p -> {
            try {
                collect(p.resolve("tfjs"), dirs);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return dirs.stream();
    }

    private static void collect(Path root, List<Path> out) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> s = Files.list(root)) {
            s.filter(d -> Files.exists(d.resolve("cases.json"))).sorted().forEach(out::add);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyCaseAndLayerMatches(Path dir) {
        Sequential model = TfjsFixture.model(dir);
        JsonNode cases = FixtureCases.json(dir.resolve("cases.json"));
        double rtol = cases.get("tolerance").get("rtol").asDouble();
        double atol = cases.get("tolerance").get("atol").asDouble();
        Assumptions.assumeTrue(cases.get("cases").size() > 0);
        for (JsonNode c : cases.get("cases")) {
            String name = dir.getFileName() + "/" + c.get("name").asText();
            Tensor x = FixtureCases.tensor(c.get("inputs").get(0));
            Tensor expected = FixtureCases.tensor(c.get("outputs").get(0));
            Tensor got = model.predict(x);
            org.junit.jupiter.api.Assertions.assertEquals(expected.shape(), got.shape(), name + " output shape");
            assertClose(name, expected.buffer(), got.buffer(), rtol, atol);

            Tensor h = x;
            Tensor mask = null;
            int i = 0;
            for (Layer layer : model.layers()) {
                List<Tensor> in = List.of(h);
                h = layer.callAll(in, mask).get(0);
                mask = layer.computeMask(in, mask);
                JsonNode lo = c.get("layerOutputs").get(i++);
                assertClose(name + " layer " + layer.name(), FixtureCases.tensor(lo).buffer(), h.buffer(), rtol, atol);
            }
        }
    }
}
