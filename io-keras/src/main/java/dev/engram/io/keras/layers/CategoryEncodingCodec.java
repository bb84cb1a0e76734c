package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.CategoryEncodingConfig;
import dev.engram.layers.CategoryOutputMode;
import java.util.Locale;

/**
 * {@code CategoryEncoding}: {@code num_tokens} and {@code output_mode} ({@code one_hot},
 * {@code multi_hot} (default; Keras 3 also reads {@code binary}), {@code count}; TF.js writes
 * {@code oneHot}/{@code multiHot} snake-cased like every string). tf-keras writes
 * {@code sparse}, which must be false; TF.js's {@code tf_idf} has no engine form.
 */
final class CategoryEncodingCodec extends AbstractKerasLayerCodec<CategoryEncodingConfig> {
    CategoryEncodingCodec() {
        super(CategoryEncodingConfig.class, "CategoryEncoding");
    }

    @Override
    public CategoryEncodingConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        if (c.get("sparse").asBoolean(false)) {
            ConfigKeys.refuse(c, ctx.name(), ctx.className(), "sparse", "Engram's tensors are dense");
        }
        ConfigNode m = c.get("output_mode");
        CategoryOutputMode mode = switch (m.asString("multi_hot").toLowerCase(Locale.ROOT)) {
            case "one_hot" -> CategoryOutputMode.ONE_HOT;
            case "multi_hot", "binary" -> CategoryOutputMode.MULTI_HOT;
            case "count" -> CategoryOutputMode.COUNT;
            default -> throw new UnsupportedLayerException(c.file(), m.pointer(), ctx.name(), ctx.className(),
                    "CategoryEncoding '" + ctx.name() + "' has output_mode " + m.describe()
                            + "; expected one_hot, multi_hot or count");
        };
        ConfigNode n = c.get("num_tokens");
        if (n.isNullOrMissing()) {
            throw n.expected("a positive integer");
        }
        return new CategoryEncodingConfig(n.asInt(1), mode, ctx.name(), ctx.inputShape());
    }

    @Override
    public ObjectNode write(CategoryEncodingConfig e, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        c.put("num_tokens", e.numTokens());
        c.put("output_mode", e.outputMode().name().toLowerCase(Locale.ROOT));
        if (ctx.is(KerasDialect.KERAS_2)) {
            c.put("sparse", false);
        }
        return c;
    }
}
