package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link CategoryEncoding} layer. Create with
 * {@link Layers#categoryEncoding(int)} (multi-hot, the TF.js and Keras default).
 *
 * @param numTokens  the number of ids, {@code > 0}; inputs must lie in {@code [0, numTokens)}
 * @param outputMode one-hot, multi-hot or count
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record CategoryEncodingConfig(int numTokens, CategoryOutputMode outputMode, String name, Shape inputShape)
        implements LayerConfig<CategoryEncodingConfig> {

    /**
     * Validates the number of tokens.
     *
     * @param numTokens  the number of ids
     * @param outputMode the encoding
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public CategoryEncodingConfig {
        if (numTokens < 1) {
            throw new IllegalArgumentException("CategoryEncoding numTokens must be >= 1, got " + numTokens);
        }
        Objects.requireNonNull(outputMode, "outputMode");
    }

    /**
     * With another output mode.
     *
     * @param m the encoding
     * @return a copy
     */
    public CategoryEncodingConfig withOutputMode(CategoryOutputMode m) {
        return new CategoryEncodingConfig(numTokens, m, name, inputShape);
    }

    @Override
    public CategoryEncodingConfig withIdentity(LayerIdentity id) {
        return new CategoryEncodingConfig(numTokens, outputMode, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "category_encoding";
    }

    @Override
    public Layer create(String layerName) {
        return new CategoryEncoding(layerName, this);
    }
}
