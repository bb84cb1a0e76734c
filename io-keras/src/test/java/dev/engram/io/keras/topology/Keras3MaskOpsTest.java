package dev.engram.io.keras.topology;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.kerasv3.KerasV3Archive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras 3's saved mask operations are read only when they compute the mask Engram propagates (the Keras 3.10
 * fixture {@code merge_masks} loads and matches in GeneratedFixturesTest); a file whose mask argument says
 * otherwise is refused naming the layer.
 */
class Keras3MaskOpsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURE = Path.of("src/test/resources/keras/keras3/merge_masks.keras");
    /** Keras 3.10's functional Masking: NotEqual + Any operations as the consumers' mask argument. */
    private static final Path MASKING = Path.of("src/test/resources/keras/keras3/functional_masking.keras");

    @TempDir
    Path tmp;

    /** The merge fixture with its config changed by {@code edit}. */
    private Path edited(Consumer<JsonNode> edit) throws IOException {
        return edited(FIXTURE, edit);
    }

    /** {@code fixture} with its config changed by {@code edit}. */
    private Path edited(Path fixture, Consumer<JsonNode> edit) throws IOException {
        Path out = tmp.resolve("edited-" + System.nanoTime() + ".keras");
        try (ZipFile zip = new ZipFile(fixture.toFile()); var os = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                os.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("config.json")) {
                    JsonNode config = JSON.readTree(zip.getInputStream(e));
                    edit.accept(config);
                    os.write(JSON.writeValueAsBytes(config));
                } else {
                    zip.getInputStream(e).transferTo(os);
                }
                os.closeEntry();
            }
        }
        return out;
    }

    private static ObjectNode layer(JsonNode config, String name) {
        for (JsonNode l : config.get("config").get("layers")) {
            if (l.get("name").asText().equals(name) || l.path("config").path("name").asText().equals(name)) {
                return (ObjectNode) l;
            }
        }
        throw new AssertionError("no layer " + name);
    }

    @Test
    void aMaskArgumentOtherThanEngramsIsRefused() throws IOException {
        // lstm_add's mask becomes a's mask only, while Engram (Keras 3's OR rule) gives it a OR b
        Path file = edited(c -> {
            var args = layer(c, "logical_or_1").get("inbound_nodes").get(0).get("args");
            ((ObjectNode) args.get(1).get("config")).set("keras_history", args.get(0).get("config").get("keras_history"));
        });
        UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class, () -> KerasV3Archive.read(file));
        assertTrue(e.getMessage().contains("layer 'lstm_add' is called with the mask ne(ids_a#0:0), but Engram gives its"
                + " input the mask or(ne(ids_a#0:0),ne(ids_b#0:0))"), e.getMessage());
    }

    /**
     * Keras 3's value-masking merges load (their values checked against Keras 3.10 in the fixture
     * merge_value_masks) and keep Keras 3's rule, which no tf-keras or TF.js file can say.
     */
    @Test
    void kerasThreesValueMaskingMergesLoadWithTheirRuleAndAreNotWrittenForTfKeras() throws IOException {
        Path file = edited(c -> layer(c, "add").put("class_name", "Multiply"));
        dev.engram.models.Network m = KerasV3Archive.read(file);
        dev.engram.layers.Layer multiply = m.layers().stream().filter(l -> l.name().equals("add")).findFirst()
                .orElseThrow();
        assertTrue(multiply.config() instanceof dev.engram.layers.MergeConfig mc
                && mc.maskRule() == dev.engram.layers.MergeMaskRule.KERAS3, multiply.config().toString());
        Exception e = assertThrows(dev.engram.io.ModelFileException.class,
                () -> dev.engram.io.keras.KerasModels.save(m, tmp.resolve("multiply.h5"), dev.engram.io.keras.KerasFormat.H5));
        assertTrue(e.getMessage().contains("layer 'add' (Multiply) receives a time-step mask and leaves masked steps"
                + " out of its values (Keras 3)"), e.getMessage());
    }

    /**
     * A Masking mask is any(x != mask_value) over the last axis: the Keras 3.10 fixture loads (and matches in
     * GeneratedFixturesTest); a comparison with another value, or a reduction over another axis, is another mask.
     */
    @Test
    void maskingsOperationsLoadOnlyWhenTheyComputeMaskingsMask() throws IOException {
        assertTrue(KerasV3Archive.read(MASKING).layers().size() > 0);
        Path value = edited(MASKING, c -> ((com.fasterxml.jackson.databind.node.ArrayNode) layer(c, "not_equal")
                .get("inbound_nodes").get(0).get("args")).set(1, JSON.getNodeFactory().numberNode(0.5)));
        UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class, () -> KerasV3Archive.read(value));
        assertTrue(e.getMessage().contains("is called with the mask any(ne(input#0:0,0.5)), but Engram gives its input"
                + " the mask any(ne(input#0:0))"), e.getMessage());
        Path axis = edited(MASKING, c -> ((ObjectNode) layer(c, "any").get("config")).put("axis", 1));
        Exception e2 = assertThrows(dev.engram.io.ModelFileException.class, () -> KerasV3Archive.read(axis));
        assertTrue(e2.getMessage().contains("must reduce one tensor over its last axis without keepdims"),
                e2.getMessage());
    }

    @Test
    void aMaskOperationUsedAsAnInputIsRefusedPrecisely() throws IOException {
        Path file = edited(c -> {
            var arg = layer(c, "proj").get("inbound_nodes").get(0).get("args").get(0);
            ((ObjectNode) arg.get("config")).set("keras_history",
                    JSON.createArrayNode().add("not_equal").add(0).add(0));
        });
        Exception e = assertThrows(dev.engram.io.ModelFileException.class, () -> KerasV3Archive.read(file));
        assertTrue(e.getMessage().contains("not_equal"), e.getMessage());
    }

    /**
     * A hostile file's mask operations sharing operands (each of 60 combines the two before it, alternating OR
     * and AND) or referring to themselves: read in linear time and refused, not followed exponentially.
     */
    @Test
    void sharedAndCyclicMaskOperationsAreReadOnceAndRefused() throws IOException {
        Path chain = edited(c -> {
            var layers = (com.fasterxml.jackson.databind.node.ArrayNode) c.get("config").get("layers");
            String prev2 = "not_equal";
            String prev = "not_equal_1";
            for (int k = 0; k < 60; k++) {
                ObjectNode op = layer(c, "logical_or_1").deepCopy();
                String name = "m" + k;
                op.put("name", name).put("class_name", k % 2 == 0 ? "LogicalAnd" : "LogicalOr");
                ((ObjectNode) op.get("config")).put("name", name);
                var args = op.get("inbound_nodes").get(0).get("args");
                ((ObjectNode) args.get(0).get("config")).set("keras_history", history(prev));
                ((ObjectNode) args.get(1).get("config")).set("keras_history", history(prev2));
                layers.add(op);
                prev2 = prev;
                prev = name;
            }
            ((ObjectNode) layer(c, "lstm_add").get("inbound_nodes").get(0).get("kwargs").get("mask").get("config"))
                    .set("keras_history", history(prev));
        });
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> assertThrows(UnsupportedLayerException.class, () -> KerasV3Archive.read(chain)));
        Path cycle = edited(c -> {
            var args = layer(c, "logical_or_1").get("inbound_nodes").get(0).get("args");
            ((ObjectNode) args.get(0).get("config")).set("keras_history", history("logical_or_1"));
        });
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> assertThrows(UnsupportedLayerException.class, () -> KerasV3Archive.read(cycle)));
    }

    private static JsonNode history(String layer) {
        return JSON.createArrayNode().add(layer).add(0).add(0);
    }
}
