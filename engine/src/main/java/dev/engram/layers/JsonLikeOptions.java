package dev.engram.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep, immutable copies of the JSON-like option maps some configurations keep as a file gave them (a custom
 * layer's own options, an augmentation layer's training-time settings): {@code null}, {@link Boolean},
 * {@link Number} ({@code Long} for integers, {@code Double} otherwise), {@link String}, lists and string-keyed
 * maps of these, in insertion order.
 */
final class JsonLikeOptions {
    private JsonLikeOptions() {
    }

    /**
     * Copies {@code m}, checking every value.
     *
     * @param m     the options
     * @param owner what holds them, for messages ({@code "custom layer"})
     * @param where the holder's type or name, for messages
     * @return an unmodifiable copy
     * @throws IllegalArgumentException naming the key path of a value that is not JSON-like
     */
    static Map<String, Object> copy(Map<?, ?> m, String owner, String where) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String k)) {
                throw new IllegalArgumentException(owner + " " + where + ": option keys must be strings, got "
                        + e.getKey());
            }
            out.put(k, copyValue(e.getValue(), owner, where + "." + k));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object copyValue(Object v, String owner, String where) {
        if (v == null || v instanceof Boolean || v instanceof String) {
            return v;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(copyValue(list.get(i), owner, where + "[" + i + "]"));
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Map<?, ?> map) {
            return copy(map, owner, where);
        }
        throw new IllegalArgumentException(owner + " option " + where + " must be null, a boolean, number, string,"
                + " list or map, got " + v.getClass().getName());
    }
}
