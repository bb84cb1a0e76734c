package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.CustomLayerConfig;
import dev.engram.layers.CustomLayerFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * User-registered layers ({@link CustomLayerRegistry}): the file's {@code config} keys other than
 * the common ones become the layer's options, and are written back after the common header. The
 * class names are dynamic, so {@link KerasLayers} consults the registry itself and this codec is
 * not in its class-name table.
 */
final class CustomLayerCodec implements KerasLayerCodec<CustomLayerConfig> {
    /** Keys every layer's config has, which the header writes and the model reads (not options). */
    static final Set<String> COMMON = Set.of("name", "trainable", "dtype", "batch_input_shape", "batch_shape");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Override
    public List<String> classNames() {
        return List.of();
    }

    @Override
    public Class<CustomLayerConfig> configType() {
        return CustomLayerConfig.class;
    }

    @Override
    public String className(CustomLayerConfig config) {
        return config.simpleType();
    }

    /**
     * The class name and Keras 3 registered name a dialect writes: TF.js the class alone; Keras
     * {@code package>ClassName}, with Keras's default package {@code Custom} for a bare type.
     */
    static String kerasName(CustomLayerConfig config) {
        return config.type().indexOf('>') >= 0 ? config.type() : "Custom>" + config.type();
    }

    /**
     * The config of a registered type's entry; {@link KerasLayers} passes the type the registry
     * resolved as {@link KerasReadContext#className()}.
     *
     * @param c   the entry's {@code config}
     * @param ctx the layer's name, input shape and registered type
     * @return the engine config
     * @throws ModelFormatException when the config is not an object or the type is no longer registered
     */
    @Override
    public CustomLayerConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        CustomLayerFactory factory = CustomLayerRegistry.factory(ctx.className());
        if (factory == null) {
            throw c.error("layer '" + ctx.name() + "': custom layer type " + ctx.className() + " is not registered");
        }
        Map<String, Object> options = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = c.requireObject().json().fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!COMMON.contains(f.getKey())) {
                // The JSON's depth was bounded when the file was parsed (LoadLimits), so this recursion is too.
                options.put(f.getKey(), toJava(f.getValue()));
            }
        }
        return new CustomLayerConfig(ctx.className(), options, factory, ctx.name(), ctx.inputShape());
    }

    static Object toJava(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), toJava(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(e -> l.add(toJava(e)));
            return l;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        return n.isTextual() ? n.textValue() : null;
    }

    @Override
    public boolean writes(CustomLayerConfig config, KerasDialect d) {
        return d != KerasDialect.KERAS_1;
    }

    @Override
    public ObjectNode write(CustomLayerConfig config, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        for (Map.Entry<String, Object> e : config.options().entrySet()) {
            c.set(e.getKey(), toJson(e.getValue()));
        }
        return c;
    }

    static JsonNode toJson(Object v) {
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = F.objectNode();
            m.forEach((k, x) -> o.set((String) k, toJson(x)));
            return o;
        }
        if (v instanceof List<?> l) {
            ArrayNode a = F.arrayNode();
            l.forEach(x -> a.add(toJson(x)));
            return a;
        }
        if (v instanceof Long x) {
            return F.numberNode(x);
        }
        if (v instanceof Double x) {
            return F.numberNode(x);
        }
        if (v instanceof Boolean b) {
            return F.booleanNode(b);
        }
        return v == null ? F.nullNode() : F.textNode((String) v);
    }
}
