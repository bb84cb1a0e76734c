package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.ThresholdedReluLayerConfig;
import java.util.List;

/**
 * {@code ThresholdedReLU}: {@code theta}, default 1 (TF.js and tf-keras). Keras 3 removed the class:
 * such a model is not written as Keras 3 (rebuild the layer as {@code Layers.relu().withThreshold(theta)},
 * the same function). The mask passes through in tf-keras and is dropped in TF.js.
 */
final class ThresholdedReluCodec implements KerasLayerCodec<ThresholdedReluLayerConfig> {
    @Override
    public List<String> classNames() {
        return List.of("ThresholdedReLU");
    }

    @Override
    public Class<ThresholdedReluLayerConfig> configType() {
        return ThresholdedReluLayerConfig.class;
    }

    @Override
    public ThresholdedReluLayerConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        double theta = c.get("theta").asDouble(1.0);
        if (!(theta >= 0) || Double.isInfinite(theta)) {
            throw c.get("theta").expected("a finite theta >= 0");
        }
        return new ThresholdedReluLayerConfig(theta, !ctx.is(KerasDialect.TFJS), ctx.name(), ctx.inputShape());
    }

    @Override
    public boolean writes(ThresholdedReluLayerConfig config, KerasDialect d) {
        return d == KerasDialect.TFJS || d == KerasDialect.KERAS_2;
    }

    @Override
    public ObjectNode write(ThresholdedReluLayerConfig t, KerasWriteContext ctx) throws ModelFormatException {
        if (!writes(t, ctx.dialect())) {
            throw ctx.at("theta").error("layer '" + ctx.name() + "' (ThresholdedReLU) has no Keras 3 class; rebuild it "
                    + "as Layers.relu().withThreshold(" + t.theta() + "), the same function, or save as tf-keras/TF.js");
        }
        ObjectNode c = ctx.header();
        c.put("theta", t.theta());
        return c;
    }

    @Override
    public List<String> weightNames(ThresholdedReluLayerConfig config) {
        return List.of();
    }
}
