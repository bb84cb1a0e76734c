package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.Cropping1DConfig;
import java.util.List;

/** {@code Cropping1D}: {@code cropping} as one number or {@code [left, right]} (default 1, 1); not in TF.js. */
final class Cropping1DCodec implements KerasLayerCodec<Cropping1DConfig> {
    @Override
    public List<String> classNames() {
        return List.of("Cropping1D");
    }

    @Override
    public Class<Cropping1DConfig> configType() {
        return Cropping1DConfig.class;
    }

    @Override
    public Cropping1DConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        int[] crop = SequenceKeys.pair(c.get("cropping"), 1);
        return new Cropping1DConfig(crop[0], crop[1], ctx.name(), ctx.inputShape());
    }

    @Override
    public boolean writes(Cropping1DConfig config, KerasDialect d) {
        return d != KerasDialect.KERAS_1 && d != KerasDialect.TFJS;
    }

    @Override
    public ObjectNode write(Cropping1DConfig p, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        c.set("cropping", SequenceKeys.list(List.of(p.cropLeft(), p.cropRight())));
        return c;
    }

    @Override
    public List<String> weightNames(Cropping1DConfig config) {
        return List.of();
    }
}
