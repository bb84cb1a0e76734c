package dev.engram.io.keras.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The values a hostile or careless writer could put in place of a config field (zero, negative, huge, fractional,
 * the wrong type, null, an empty or over-long list), chosen by the field's JSON type; {@link LayerConfigMutationTest}
 * writes each into a copy of a fixture.
 */
final class HostileJsonValues {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private HostileJsonValues() {
    }

    /** Values a hostile writer could put in place of {@code v}, chosen by its JSON type. */
    static List<JsonNode> replacing(JsonNode v) {
        List<JsonNode> out = new ArrayList<>();
        out.add(F.nullNode());
        if (v == null || v.isNull()) {
            out.add(F.numberNode(-1));
            out.add(F.textNode("bogus"));
        } else if (v.isIntegralNumber()) {
            out.add(F.numberNode(0));
            out.add(F.numberNode(-1));
            out.add(F.numberNode(Integer.MAX_VALUE));
            out.add(F.numberNode(1L << 40));
            out.add(F.numberNode(2.5));
            out.add(F.textNode("7"));
        } else if (v.isNumber()) {
            out.add(F.numberNode(-1.0));
            out.add(F.numberNode(1e300));
            out.add(F.numberNode(0.0));
            out.add(F.textNode("0.5"));
        } else if (v.isBoolean()) {
            out.add(F.textNode("true"));
            out.add(F.numberNode(2));
        } else if (v.isTextual()) {
            out.add(F.textNode("bogus"));
            out.add(F.textNode(""));
            out.add(F.numberNode(3));
        } else if (v.isArray()) {
            out.add(F.arrayNode());
            int n = Math.max(1, v.size());
            out.add(fill(n, F.numberNode(0)));
            out.add(fill(n, F.numberNode(-1)));
            out.add(fill(n, F.numberNode(Integer.MAX_VALUE)));
            out.add(fill(n + 1, F.numberNode(2)));
            out.add(fill(n, F.textNode("x")));
        } else if (v.isObject()) {
            out.add(F.objectNode());
            out.add(F.objectNode().put("class_name", "Bogus").set("config", F.objectNode()));
            out.add(F.numberNode(1));
        }
        return out;
    }

    private static ArrayNode fill(int n, JsonNode v) {
        ArrayNode a = F.arrayNode();
        for (int i = 0; i < n; i++) {
            a.add(v.deepCopy());
        }
        return a;
    }
}
