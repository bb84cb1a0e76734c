package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.AdditiveAttentionConfig;
import java.util.List;

/**
 * {@code AdditiveAttention} (Keras 2/3; not in TF.js): {@code use_scale} (default true),
 * {@code dropout}, tf-keras's deprecated {@code causal}; call options as for {@link AttentionCodec}.
 * Weight: {@code scale [dim]} when scaled.
 */
final class AdditiveAttentionCodec implements KerasLayerCodec<AdditiveAttentionConfig> {
    @Override
    public List<String> classNames() {
        return List.of("AdditiveAttention");
    }

    @Override
    public Class<AdditiveAttentionConfig> configType() {
        return AdditiveAttentionConfig.class;
    }

    @Override
    public AdditiveAttentionConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        return new AdditiveAttentionConfig(c.get("use_scale").asBoolean(true), ConfigKeys.rate(c.get("dropout")),
                c.get("seed").asLongOrNull(), c.get("causal").asBoolean(false), false, ctx.name());
    }

    @Override
    public boolean writes(AdditiveAttentionConfig config, KerasDialect d) {
        return d == KerasDialect.KERAS_2 || d == KerasDialect.KERAS_3;
    }

    @Override
    public ObjectNode write(AdditiveAttentionConfig a, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        c.put("use_scale", a.useScale());
        c.put("dropout", a.dropout());
        return c;
    }

    @Override
    public List<String> weightNames(AdditiveAttentionConfig config) {
        return config.useScale() ? List.of("scale") : List.of();
    }
}
