package dev.engram.io.keras.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.engram.io.LoadLimits;
import dev.engram.io.keras.ModelFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A JSON value from a model file together with where it is (file and JSON pointer), so that every
 * typed read reports a {@link ModelFormatException} like
 * {@code model.json at /modelTopology/config/layers/1/config/units: expected a positive integer, found "abc"}.
 *
 * <p>Immutable; children are created on demand.
 */
public final class ConfigNode {
    private final String file;
    private final String pointer;
    private final JsonNode node;

    /**
     * @param file    the file as named in messages
     * @param pointer the JSON pointer of {@code node} in that file ("" for the root)
     * @param node    the value (null is treated as missing)
     */
    public ConfigNode(String file, String pointer, JsonNode node) {
        this.file = Objects.requireNonNull(file, "file");
        this.pointer = Objects.requireNonNull(pointer, "pointer");
        this.node = node == null ? MissingNode.getInstance() : node;
    }

    /**
     * Parses a model file's JSON within {@code limits.jsonDepth()} (Jackson refuses deeper nesting
     * while reading, so no later walk over the tree can recurse deeper).
     *
     * @param file  the file as named in messages
     * @param json  UTF-8 JSON
     * @param limits the load limits; only {@code jsonDepth()} applies here
     * @return the root JSON value, never missing
     * @throws ModelFormatException for malformed JSON or nesting beyond the limit
     */
    public static JsonNode parseJson(String file, byte[] json, LoadLimits limits) throws ModelFormatException {
        ObjectMapper mapper = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(limits.jsonDepth()).build())
                .build());
        try {
            JsonNode n = mapper.readTree(json);
            if (n == null || n.isMissingNode()) {
                throw new ModelFormatException(file, "", "empty JSON document");
            }
            return n;
        } catch (StreamConstraintsException e) {
            throw new ModelFormatException(file, "", "JSON nested deeper than the limit of " + limits.jsonDepth()
                    + " levels (raise it with --max-json-depth)", e);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new ModelFormatException(file, loc == null ? "" : "line " + loc.getLineNr() + ", column "
                    + loc.getColumnNr(), "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new ModelFormatException(file, "", "unreadable JSON: " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #parseJson}, as the root node of {@code file}.
     *
     * @param file the file as named in messages
     * @param json UTF-8 JSON
     * @param limits the load limits; only {@code jsonDepth()} applies here
     * @return the root node, with pointer {@code ""}
     * @throws ModelFormatException for empty or malformed JSON or nesting beyond the limit
     */
    public static ConfigNode parse(String file, byte[] json, LoadLimits limits) throws ModelFormatException {
        return new ConfigNode(file, "", parseJson(file, json, limits));
    }

    /**
     * The file as named in messages.
     *
     * @return the file name used in this node's error messages
     */
    public String file() {
        return file;
    }

    /**
     * The JSON pointer of this value.
     *
     * @return the JSON pointer (RFC 6901) of this value from the file's root, {@code ""} for the root
     */
    public String pointer() {
        return pointer;
    }

    /**
     * The raw JSON value (a MissingNode if absent).
     *
     * @return the Jackson value, never null
     */
    public JsonNode json() {
        return node;
    }

    /**
     * True if the key or index was absent.
     *
     * @return true when the key or index does not exist (JSON null is not missing)
     */
    public boolean isMissing() {
        return node.isMissingNode();
    }

    /**
     * True if absent or JSON null.
     *
     * @return true when the key or index does not exist or holds JSON null
     */
    public boolean isNullOrMissing() {
        return node.isMissingNode() || node.isNull();
    }

    /**
     * The member {@code key} (possibly missing).
     *
     * @param key the member name; {@code ~} and {@code /} are escaped in the pointer
     * @return the member, a missing node if this is not an object or has no such member
     */
    public ConfigNode get(String key) {
        return new ConfigNode(file, pointer + "/" + escape(key), node.path(key));
    }

    /**
     * The element {@code index} (possibly missing).
     *
     * @param index the 0-based element index
     * @return the element, a missing node if this is not an array or the index is out of range
     */
    public ConfigNode get(int index) {
        return new ConfigNode(file, pointer + "/" + index, node.path(index));
    }

    /**
     * True if this is an object with member {@code key} (JSON null counts as present).
     *
     * @param key the member name
     * @return true when this is an object containing {@code key}
     */
    public boolean has(String key) {
        return node.isObject() && node.has(key);
    }

    /**
     * An error at this location.
     *
     * @param detail what was expected and what was found
     * @return an exception naming this node's file and pointer, for the caller to throw
     */
    public ModelFormatException error(String detail) {
        return new ModelFormatException(file, pointer, detail);
    }

    /**
     * "expected X, found Y" at this location.
     *
     * @param what the expected value, e.g. {@code "a positive integer"}
     * @return an exception naming this node's file and pointer and the value found, for the caller to throw
     */
    public ModelFormatException expected(String what) {
        return error("expected " + what + ", found " + describe());
    }

    /**
     * A short rendering of the value for messages (truncated).
     *
     * @return the JSON text of the value, cut to 80 characters, or a note that the key is missing
     */
    public String describe() {
        if (node.isMissingNode()) {
            return "nothing (the key is missing)";
        }
        String s = node.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    /**
     * This value as an object.
     *
     * @return this node
     * @throws ModelFormatException when the value is not a JSON object
     */
    public ConfigNode requireObject() throws ModelFormatException {
        if (!node.isObject()) {
            throw expected("an object");
        }
        return this;
    }

    /**
     * The elements of this array.
     *
     * @return the elements in order, each with its own pointer
     * @throws ModelFormatException when the value is not a JSON array
     */
    public List<ConfigNode> elements() throws ModelFormatException {
        if (!node.isArray()) {
            throw expected("an array");
        }
        List<ConfigNode> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(get(i));
        }
        return out;
    }

    /**
     * A string value.
     *
     * @return the string
     * @throws ModelFormatException when the value is not a JSON string
     */
    public String asString() throws ModelFormatException {
        if (!node.isTextual()) {
            throw expected("a string");
        }
        return node.textValue();
    }

    /**
     * A string value, or {@code fallback} when missing or null.
     *
     * @param fallback the value to return for a missing key or JSON null
     * @return the string or {@code fallback}
     * @throws ModelFormatException when the value is present but not a JSON string
     */
    public String asString(String fallback) throws ModelFormatException {
        return isNullOrMissing() ? fallback : asString();
    }

    /**
     * A boolean value.
     *
     * @return the boolean
     * @throws ModelFormatException when the value is not JSON true or false
     */
    public boolean asBoolean() throws ModelFormatException {
        if (!node.isBoolean()) {
            throw expected("true or false");
        }
        return node.booleanValue();
    }

    /**
     * A boolean value, or {@code fallback} when missing or null.
     *
     * @param fallback the value to return for a missing key or JSON null
     * @return the boolean or {@code fallback}
     * @throws ModelFormatException when the value is present but not JSON true or false
     */
    public boolean asBoolean(boolean fallback) throws ModelFormatException {
        return isNullOrMissing() ? fallback : asBoolean();
    }

    /**
     * A finite number.
     *
     * @return the number
     * @throws ModelFormatException when the value is not a finite JSON number
     */
    public double asDouble() throws ModelFormatException {
        if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw expected("a number");
        }
        return node.doubleValue();
    }

    /**
     * A finite number, or {@code fallback} when missing or null.
     *
     * @param fallback the value to return for a missing key or JSON null
     * @return the number or {@code fallback}
     * @throws ModelFormatException when the value is present but not a finite JSON number
     */
    public double asDouble(double fallback) throws ModelFormatException {
        return isNullOrMissing() ? fallback : asDouble();
    }

    /**
     * An integer in {@code [min, Integer.MAX_VALUE]} (accepts integral floats like 16.0, as Python writes).
     *
     * @param min the smallest accepted value
     * @return the integer
     * @throws ModelFormatException when the value is not an integral number in {@code [min, Integer.MAX_VALUE]}
     */
    public int asInt(int min) throws ModelFormatException {
        String what = min == 1 ? "a positive integer" : min == 0 ? "a non-negative integer" : "an integer >= " + min;
        if (!node.isNumber()) {
            throw expected(what);
        }
        double d = node.doubleValue();
        if (d != Math.rint(d) || d < min || d > Integer.MAX_VALUE) {
            throw expected(what);
        }
        return (int) d;
    }

    /**
     * A long integer (e.g. a seed), or null when missing or null.
     *
     * @return the integer, or null when the key is missing or holds JSON null
     * @throws ModelFormatException when the value is present but not an integral number
     */
    public Long asLongOrNull() throws ModelFormatException {
        if (isNullOrMissing()) {
            return null;
        }
        if (!node.isIntegralNumber() && !(node.isNumber() && node.doubleValue() == Math.rint(node.doubleValue()))) {
            throw expected("an integer or null");
        }
        return node.longValue();
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    @Override
    public String toString() {
        return file + " at " + pointer + ": " + describe();
    }
}
