package dev.engram.io.keras.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.engram.activations.Activation;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every activation name TF.js 4.22, tf-keras 2.18 and Keras 3.10 write, read through
 * {@link KerasActivations} in the file's dialect, computes the peer's values and gradients on a grid
 * (fixtures by {@code fixtures-gen/tfjs-corpus/gen_activations.js} and {@code fixtures-gen/keras/gen_activations.py}),
 * and writes back under a name that reads as the same function (except TF.js's {@code gelu_new}, refused on write).
 *
 * <p>Values at rtol 1e-5 / atol 1e-6. Gradients at rtol 1e-5 / atol 1e-5: the peers compose several float32 ops
 * for the backward pass where Engram evaluates the analytic derivative in double (e.g. TF.js's mish gradient is
 * four float ops), which costs a few float ulps near zero.
 */
class KerasActivationsPeerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (Map.Entry<String, KerasDialect> peer : Map.of("tfjs", KerasDialect.TFJS, "keras3", KerasDialect.KERAS_3,
                "tfkeras2", KerasDialect.KERAS_2).entrySet()) {
            JsonNode rec = JSON.readTree(Path.of("src/test/resources/activations", peer.getKey() + ".json").toFile());
            rec.get("activations").fieldNames().forEachRemaining(name -> out.add(Arguments.of(peer.getKey(),
                    peer.getValue(), name, rec)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("cases")
    void matchesThePeerAndWritesBackTheSameFunction(String peer, KerasDialect dialect, String name, JsonNode rec)
            throws ModelFormatException {
        String peerName = camelToSnake(name);
        Activation a = KerasActivations.fromName(new ConfigNode(peer + ".json", "/" + name, TextNode.valueOf(peerName)),
                dialect);
        float[] x = floats(rec.get("x"));
        float[] w = floats(rec.get("w"));
        int cols = rec.get("rows").asInt();
        int rows = x.length / cols;
        float[] y = new float[x.length];
        a.forward(x, 0, y, 0, rows, cols);
        float[] dx = new float[x.length];
        a.backward(x, 0, y, 0, w, 0, dx, 0, rows, cols);
        JsonNode expected = rec.get("activations").get(name);
        assertClose(peer + " " + name + " value", x, floats(expected.get("y")), y, 1e-6);
        assertClose(peer + " " + name + " gradient", x, floats(expected.get("dx")), dx, 1e-5);

        ConfigNode where = new ConfigNode("out", "/" + name, null);
        if (name.equals("gelu_new")) {
            // TF.js parity: tfjs-layers 4.22 cannot deserialise its own "gelu_new" (see KerasActivations), so
            // writing it would make a file no TF.js loads.
            assertThrows(ModelFormatException.class, () -> KerasActivations.toName(a, dialect, where));
            return;
        }
        String written = KerasActivations.toName(a, dialect, where);
        Activation back = KerasActivations.fromName(new ConfigNode("out", "/", TextNode.valueOf(written)), dialect);
        assertEquals(a, back, () -> name + " written as " + written);
    }

    /** TF.js's class names are camelCase ({@code hardSigmoid}); its files hold the snake_case form. */
    private static String camelToSnake(String name) {
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static void assertClose(String what, float[] x, float[] expected, float[] actual, double atol) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-5 * Math.abs(expected[i]) + atol;
            int at = i;
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol, () -> what + " at x=" + x[at] + ": peer "
                    + expected[at] + ", Engram " + actual[at]);
        }
    }

    private static float[] floats(JsonNode a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) a.get(i).asDouble();
        }
        return f;
    }
}
