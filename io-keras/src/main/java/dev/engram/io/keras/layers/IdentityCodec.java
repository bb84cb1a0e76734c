package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.layers.IdentityConfig;
import java.util.List;

/** {@code Identity} (Keras 3 and tf-keras 2.x; not in TF.js): no keys besides the header. */
final class IdentityCodec implements KerasLayerCodec<IdentityConfig> {
    @Override
    public List<String> classNames() {
        return List.of("Identity");
    }

    @Override
    public Class<IdentityConfig> configType() {
        return IdentityConfig.class;
    }

    @Override
    public IdentityConfig read(ConfigNode c, KerasReadContext ctx) {
        return new IdentityConfig(ctx.name(), ctx.inputShape());
    }

    @Override
    public boolean writes(IdentityConfig config, KerasDialect d) {
        return d != KerasDialect.KERAS_1 && d != KerasDialect.TFJS;
    }

    @Override
    public ObjectNode write(IdentityConfig i, KerasWriteContext ctx) {
        return ctx.header();
    }

    @Override
    public List<String> weightNames(IdentityConfig config) {
        return List.of();
    }
}
