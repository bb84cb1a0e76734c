package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.TimeDistributedConfig;
import java.util.List;

/** {@code TimeDistributed}: the wrapped layer's entry under {@code layer}, read and written by its own codec. */
final class TimeDistributedCodec extends AbstractKerasLayerCodec<TimeDistributedConfig> {
    TimeDistributedCodec() {
        super(TimeDistributedConfig.class, "TimeDistributed");
    }

    @Override
    public TimeDistributedConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        return new TimeDistributedConfig(ctx.readWrapped(c.get("layer").requireObject()), ctx.name(), ctx.inputShape());
    }

    @Override
    public boolean writes(TimeDistributedConfig config, KerasDialect d) {
        return inner(config).writes(config.layer(), d);
    }

    @Override
    public ObjectNode write(TimeDistributedConfig t, KerasWriteContext ctx) throws ModelFormatException {
        ObjectNode c = ctx.header();
        LayerConfig<?> inner = t.layer();
        String innerName = inner.name() != null ? inner.name() : inner.defaultNamePrefix();
        c.set("layer", KerasEntries.nested(ctx.writeWrapped(inner, innerName, "layer"), ctx.dialect()));
        return c;
    }

    @Override
    public List<String> weightNames(TimeDistributedConfig config) {
        return inner(config).weightNames(config.layer());
    }

    private static KerasLayerCodec<LayerConfig<?>> inner(TimeDistributedConfig config) {
        KerasLayerCodec<LayerConfig<?>> codec = KerasLayers.codec(config.layer());
        if (codec == null) {
            throw new IllegalArgumentException("TimeDistributed wraps " + config.layer().getClass().getSimpleName()
                    + ", which has no Keras form");
        }
        return codec;
    }
}
