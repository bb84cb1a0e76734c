package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.ReluLayerConfig;
import java.util.List;

/**
 * {@code ReLU}: {@code max_value} (null for none), and in Keras 2/3 {@code negative_slope} and
 * {@code threshold}. TF.js's ReLU has only {@code maxValue}: a slope or threshold is not written there.
 */
final class ReluCodec implements KerasLayerCodec<ReluLayerConfig> {
    @Override
    public List<String> classNames() {
        return List.of("ReLU");
    }

    @Override
    public Class<ReluLayerConfig> configType() {
        return ReluLayerConfig.class;
    }

    @Override
    public ReluLayerConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        ConfigNode max = c.get("max_value");
        try {
            return new ReluLayerConfig(max.isNullOrMissing() ? null : max.asDouble(),
                    c.get("negative_slope").asDouble(0), c.get("threshold").asDouble(0), ctx.name(), ctx.inputShape());
        } catch (IllegalArgumentException e) {
            throw c.error("ReLU '" + ctx.name() + "': " + e.getMessage());
        }
    }

    @Override
    public boolean writes(ReluLayerConfig r, KerasDialect d) {
        return d != KerasDialect.KERAS_1 && (d != KerasDialect.TFJS || r.negativeSlope() == 0 && r.threshold() == 0);
    }

    @Override
    public ObjectNode write(ReluLayerConfig r, KerasWriteContext ctx) throws ModelFormatException {
        if (!writes(r, ctx.dialect())) {
            throw ctx.at("negative_slope").error("layer '" + ctx.name() + "' (ReLU) has negative_slope "
                    + r.negativeSlope() + " and threshold " + r.threshold() + "; TF.js's ReLU has only maxValue");
        }
        ObjectNode c = ctx.header();
        if (r.maxValue() == null) {
            c.putNull("max_value");
        } else {
            c.put("max_value", r.maxValue());
        }
        if (!ctx.is(KerasDialect.TFJS)) {
            c.put("negative_slope", r.negativeSlope());
            c.put("threshold", r.threshold());
        }
        return c;
    }

    @Override
    public List<String> weightNames(ReluLayerConfig config) {
        return List.of();
    }
}
