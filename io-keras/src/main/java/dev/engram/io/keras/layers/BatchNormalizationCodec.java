package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.KerasInitializers;
import dev.engram.layers.BatchNormalizationConfig;
import java.util.List;

/**
 * {@code BatchNormalization} over one feature axis ({@code axis}, the last by default; Keras's {@code axis=1} for
 * channels-first data): momentum, epsilon, center, scale and the four initializers. Refused: Keras 1's form (mode, running_std), renorm, synchronized, virtual batches,
 * adjustment.
 */
final class BatchNormalizationCodec extends AbstractKerasLayerCodec<BatchNormalizationConfig> {
    BatchNormalizationCodec() {
        super(BatchNormalizationConfig.class, "BatchNormalization");
    }

    @Override
    public BatchNormalizationConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String name = ctx.name();
        KerasDialect d = ctx.dialect();
        if (d == KerasDialect.KERAS_1) {
            throw new UnsupportedLayerException(c.file(), c.pointer(), name, "BatchNormalization",
                    "Keras 1 BatchNormalization (mode, running_std) is unsupported");
        }
        List<Integer> axes = ConfigKeys.normalization(c, ctx);
        if (axes.size() != 1) {
            throw new UnsupportedLayerException(c.file(), c.get("axis").pointer(), name, "BatchNormalization",
                    "BatchNormalization '" + name + "' keeps statistics over the axes " + axes + " together; Engram"
                            + " supports one feature axis");
        }
        for (String key : List.of("renorm", "synchronized")) {
            if (c.get(key).asBoolean(false)) {
                ConfigKeys.refuse(c, name, "BatchNormalization", key, "Engram does not support it");
            }
        }
        for (String key : List.of("virtual_batch_size", "adjustment")) {
            ConfigKeys.refuse(c, name, "BatchNormalization", key, "Engram does not support it");
        }
        try {
            return new BatchNormalizationConfig(c.get("momentum").asDouble(0.99), c.get("epsilon").asDouble(1e-3),
                    c.get("center").asBoolean(true), c.get("scale").asBoolean(true),
                    KerasInitializers.read(c.get("beta_initializer"), d), KerasInitializers.read(c.get("gamma_initializer"), d),
                    KerasInitializers.read(c.get("moving_mean_initializer"), d),
                    KerasInitializers.read(c.get("moving_variance_initializer"), d), axes.get(0), name,
                    ctx.inputShape());
        } catch (IllegalArgumentException e) {
            throw c.error("BatchNormalization '" + name + "': " + e.getMessage());
        }
    }

    @Override
    public ObjectNode write(BatchNormalizationConfig bn, KerasWriteContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        ObjectNode c = ctx.header();
        c.put("axis", bn.axis());
        c.put("momentum", bn.momentum());
        c.put("epsilon", bn.epsilon());
        c.put("center", bn.center());
        c.put("scale", bn.scale());
        c.set("beta_initializer", KerasInitializers.write(bn.betaInitializer(), d, ctx.at("beta_initializer")));
        c.set("gamma_initializer", KerasInitializers.write(bn.gammaInitializer(), d, ctx.at("gamma_initializer")));
        c.set("moving_mean_initializer", KerasInitializers.write(bn.movingMeanInitializer(), d,
                ctx.at("moving_mean_initializer")));
        c.set("moving_variance_initializer", KerasInitializers.write(bn.movingVarianceInitializer(), d,
                ctx.at("moving_variance_initializer")));
        ConfigKeys.nulls(c, "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint");
        if (d.isKeras3()) {
            c.put("synchronized", false);
        }
        return c;
    }

    @Override
    public List<String> weightNames(BatchNormalizationConfig config) {
        List<String> out = ConfigKeys.normalizationWeights(config.scale(), config.center());
        out.add("moving_mean");
        out.add("moving_variance");
        return out;
    }
}
