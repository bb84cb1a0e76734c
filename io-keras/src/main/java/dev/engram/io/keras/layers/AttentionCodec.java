package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.layers.AttentionConfig;
import dev.engram.layers.AttentionScoreMode;
import java.util.List;
import java.util.Locale;

/**
 * {@code Attention} (Keras 2/3; not in TF.js): {@code use_scale} (default false), {@code score_mode}
 * dot/concat, {@code dropout}, a newer Keras's {@code seed} (Keras 3.10 writes none), tf-keras's deprecated {@code causal}. The call
 * options {@code use_causal_mask} and {@code return_attention_scores} live in the inbound nodes and
 * are applied by the functional reader ({@code AttentionCallOptions}). Weights: {@code scale} when
 * scaled, then {@code concat_score_weight} in concat mode.
 */
final class AttentionCodec implements KerasLayerCodec<AttentionConfig> {
    @Override
    public List<String> classNames() {
        return List.of("Attention");
    }

    @Override
    public Class<AttentionConfig> configType() {
        return AttentionConfig.class;
    }

    @Override
    public AttentionConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        ConfigNode m = c.get("score_mode");
        AttentionScoreMode mode = switch (m.asString("dot").toLowerCase(Locale.ROOT)) {
            case "dot" -> AttentionScoreMode.DOT;
            case "concat" -> AttentionScoreMode.CONCAT;
            default -> throw new UnsupportedLayerException(c.file(), m.pointer(), ctx.name(), "Attention",
                    "Attention '" + ctx.name() + "' has score_mode " + m.describe() + "; expected dot or concat");
        };
        return new AttentionConfig(c.get("use_scale").asBoolean(false), mode, ConfigKeys.rate(c.get("dropout")),
                c.get("seed").asLongOrNull(), c.get("causal").asBoolean(false), false, ctx.name());
    }

    @Override
    public boolean writes(AttentionConfig config, KerasDialect d) {
        return d == KerasDialect.KERAS_2 || d == KerasDialect.KERAS_3;
    }

    @Override
    public ObjectNode write(AttentionConfig a, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        c.put("use_scale", a.useScale());
        c.put("score_mode", a.scoreMode() == AttentionScoreMode.DOT ? "dot" : "concat");
        c.put("dropout", a.dropout());
        return c;
    }

    @Override
    public List<String> weightNames(AttentionConfig config) {
        if (config.scoreMode() == AttentionScoreMode.CONCAT) {
            return config.useScale() ? List.of("scale", "concat_score_weight") : List.of("concat_score_weight");
        }
        return config.useScale() ? List.of("scale") : List.of();
    }
}
