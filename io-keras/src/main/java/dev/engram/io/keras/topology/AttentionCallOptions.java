package dev.engram.io.keras.topology;

import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.layers.ActivityRegularizedConfig;
import dev.engram.layers.AdditiveAttentionConfig;
import dev.engram.layers.AttentionConfig;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.MultiHeadAttentionConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The call options of Keras's attention layers, {@code use_causal_mask} and
 * {@code return_attention_scores} (and, for MultiHeadAttention, whether an {@code attention_mask} tensor is
 * passed, which adds an input): Keras stores them with each call (tf-keras 2 in every input
 * tensor's kwargs dict, Keras 3 in the node's {@code kwargs}), Engram in the layer config. Reading
 * requires every call of a layer to agree; writing puts them back on each call.
 */
final class AttentionCallOptions {
    static final List<String> KEYS = List.of("use_causal_mask", "return_attention_scores");
    /** MultiHeadAttention's tensor arguments after the query, in engine input order. */
    static final List<String> TENSOR_KEYS = List.of("value", "key", "attention_mask");

    private AttentionCallOptions() {
    }

    /** The options set (true or false) on the calls of a functional layer entry; all calls must agree. */
    static Map<String, Boolean> read(ConfigNode entry, String layer) throws ModelFormatException {
        Map<String, Boolean> out = new LinkedHashMap<>();
        ConfigNode nodes = entry.get("inbound_nodes");
        if (nodes.isNullOrMissing()) {
            return out;
        }
        Map<String, ConfigNode> seenAt = new LinkedHashMap<>();
        for (ConfigNode node : nodes.elements()) {
            if (node.json().isObject()) {
                collect(node.get("kwargs"), layer, out, seenAt);
            } else {
                for (ConfigNode t : node.elements()) {
                    if (t.json().isArray() && t.json().size() > 3) {
                        collect(t.get(3), layer, out, seenAt);
                    }
                }
            }
        }
        return out;
    }

    private static void collect(ConfigNode kw, String layer, Map<String, Boolean> out, Map<String, ConfigNode> at)
            throws ModelFormatException {
        if (kw.isNullOrMissing() || !kw.json().isObject()) {
            return;
        }
        for (String key : KEYS) {
            ConfigNode v = kw.get(key);
            if (v.isNullOrMissing()) {
                continue;
            }
            boolean b = v.asBoolean();
            record(key, b, v, layer, out, at);
        }
        ConfigNode mask = kw.get("attention_mask");
        if (!mask.isNullOrMissing()) {
            record("attention_mask", true, mask, layer, out, at); // an attention-mask tensor: one more input
        }
    }

    private static void record(String key, boolean b, ConfigNode v, String layer, Map<String, Boolean> out,
            Map<String, ConfigNode> at) throws ModelFormatException {
        Boolean before = out.put(key, b);
        if (before != null && before != b) {
            throw new UnsupportedLayerException(v.file(), v.pointer(), layer, "", "layer '" + layer
                    + "' is called with " + key + " " + b + " here and " + before + " at " + at.get(key).pointer()
                    + "; Engram fixes it per layer, so every call must agree");
        }
        at.putIfAbsent(key, v);
    }

    /**
     * The rank (with the batch axis) of a MultiHeadAttention's query as the file records it (tf-keras 2's
     * {@code query_shape}, Keras 3's {@code build_config}), or -1 when it does not.
     */
    static int queryRank(ConfigNode entry) throws ModelFormatException {
        for (ConfigNode shape : List.of(entry.get("config").get("query_shape"),
                entry.get("build_config").get("shapes_dict").get("query_shape"))) {
            if (!shape.isNullOrMissing() && shape.json().isArray()) {
                return shape.json().size();
            }
        }
        return -1;
    }

    /**
     * {@code config} with the options applied; refuses options on a layer that takes none.
     *
     * @param queryRank a MultiHeadAttention's query rank from the file, or -1 when unknown
     */
    static LayerConfig<?> apply(LayerConfig<?> config, Map<String, Boolean> options, String layer, ConfigNode at,
            int queryRank) throws ModelFormatException {
        if (config instanceof ActivityRegularizedConfig r) {
            return apply(r.layer(), options, layer, at, queryRank).withActivityRegularizer(r.regularizer());
        }
        boolean causal = options.getOrDefault("use_causal_mask", false);
        boolean scores = options.getOrDefault("return_attention_scores", false);
        if (config instanceof AttentionConfig a) {
            return a.withUseCausalMask(causal || a.useCausalMask()).withReturnAttentionScores(scores);
        }
        if (config instanceof AdditiveAttentionConfig a) {
            return a.withUseCausalMask(causal || a.useCausalMask()).withReturnAttentionScores(scores);
        }
        if (config instanceof MultiHeadAttentionConfig m) {
            // zeroMaskedWeights only matters with dropout or scores, or with a causal or attention mask on inputs of
            // rank above 3 (Keras 3 always takes its unfused path there); otherwise it reads as the default (true)
            boolean attentionMask = options.getOrDefault("attention_mask", false);
            boolean masked = causal || attentionMask;
            return m.withUseCausalMask(causal).withReturnAttentionScores(scores)
                    .withAttentionMaskInput(attentionMask)
                    .withZeroMaskedWeights(m.zeroMaskedWeights() || !(m.dropout() > 0 || scores
                            || masked && queryRank != 3));
        }
        if (!options.isEmpty()) {
            throw new UnsupportedLayerException(at.file(), at.pointer(), layer, "", "layer '" + layer
                    + "' is called with " + options.keySet() + ", which only attention layers take");
        }
        return config;
    }

    /** Puts the options of {@code config} (only those set) into a call's kwargs object. */
    static void write(LayerConfig<?> config, ObjectNode kwargs) {
        boolean causal = config instanceof AttentionConfig a ? a.useCausalMask()
                : config instanceof MultiHeadAttentionConfig m ? m.useCausalMask()
                : config instanceof AdditiveAttentionConfig b && b.useCausalMask();
        boolean scores = config instanceof AttentionConfig a ? a.returnAttentionScores()
                : config instanceof MultiHeadAttentionConfig m ? m.returnAttentionScores()
                : config instanceof AdditiveAttentionConfig b && b.returnAttentionScores();
        if (causal) {
            kwargs.put("use_causal_mask", true);
        }
        if (scores) {
            kwargs.put("return_attention_scores", true);
        }
    }
}
