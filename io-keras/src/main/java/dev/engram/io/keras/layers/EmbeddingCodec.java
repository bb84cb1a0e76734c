package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.KerasInitializers;
import dev.engram.layers.EmbeddingConfig;
import java.util.List;

/**
 * {@code Embedding}: {@code input_dim} (the vocabulary), {@code output_dim}, {@code mask_zero},
 * {@code input_length} (not in Keras 3). Refused: regularizers, constraints, LoRA, sparse gradients
 * and Keras 1 embedding dropout.
 */
final class EmbeddingCodec extends AbstractKerasLayerCodec<EmbeddingConfig> {
    EmbeddingCodec() {
        super(EmbeddingConfig.class, "Embedding");
    }

    @Override
    public EmbeddingConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String name = ctx.name();
        boolean k1 = ctx.is(KerasDialect.KERAS_1);
        for (String key : List.of("embeddings_regularizer", "embeddings_constraint",
                "W_regularizer", "W_constraint", "lora_rank")) {
            ConfigKeys.refuse(c, name, "Embedding", key, "Engram's Embedding has no regularizers,"
                    + " constraints or LoRA");
        }
        if (c.get("sparse").asBoolean(false)) {
            ConfigKeys.refuse(c, name, "Embedding", "sparse", "Engram has no sparse gradients");
        }
        if (k1 && c.get("dropout").asDouble(0) != 0) {
            ConfigKeys.refuse(c, name, "Embedding", "dropout", "Keras 1 embedding dropout is not supported");
        }
        ConfigNode len = c.get("input_length");
        Integer inputLength = len.isNullOrMissing() ? null : len.asInt(1);
        return new EmbeddingConfig(c.get("input_dim").asInt(1), c.get("output_dim").asInt(1),
                c.get("mask_zero").asBoolean(false), inputLength,
                KerasInitializers.read(c.get(k1 ? "init" : "embeddings_initializer"), ctx.dialect()), name,
                ctx.inputShape());
    }

    @Override
    public ObjectNode write(EmbeddingConfig e, KerasWriteContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        ObjectNode c = ctx.header();
        c.put("input_dim", e.inputDim());
        c.put("output_dim", e.outputDim());
        c.set("embeddings_initializer", KerasInitializers.write(e.embeddingsInitializer(), d,
                ctx.at("embeddings_initializer")));
        c.putNull("embeddings_regularizer");
        if (!d.isKeras3()) {
            c.putNull("activity_regularizer");
        }
        c.putNull("embeddings_constraint");
        c.put("mask_zero", e.maskZero());
        if (!d.isKeras3()) {
            if (e.inputLength() == null) {
                c.putNull("input_length");
            } else {
                c.put("input_length", e.inputLength());
            }
        }
        return c;
    }

    @Override
    public List<String> weightNames(EmbeddingConfig config) {
        return List.of("embeddings");
    }
}
