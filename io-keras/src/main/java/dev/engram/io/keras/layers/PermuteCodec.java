package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.PermuteConfig;
import java.util.List;

/** {@code Permute}: {@code dims}, 1-based, batch excluded (the same in every dialect). */
final class PermuteCodec implements KerasLayerCodec<PermuteConfig> {
    @Override
    public List<String> classNames() {
        return List.of("Permute");
    }

    @Override
    public Class<PermuteConfig> configType() {
        return PermuteConfig.class;
    }

    @Override
    public PermuteConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        try {
            return new PermuteConfig(SequenceKeys.ints(c.get("dims"), 1), ctx.name(), ctx.inputShape());
        } catch (IllegalArgumentException e) {
            throw c.get("dims").expected("a permutation of 1..rank: " + e.getMessage());
        }
    }

    @Override
    public ObjectNode write(PermuteConfig p, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        c.set("dims", SequenceKeys.list(p.dims()));
        return c;
    }

    @Override
    public List<String> weightNames(PermuteConfig config) {
        return List.of();
    }
}
