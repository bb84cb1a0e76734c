package dev.engram.layers;

import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of an {@link Embedding} layer. Create with {@link Layers#embedding(int, int)}.
 *
 * @param inputDim              vocabulary size: ids are in {@code [0, inputDim)}, &gt; 0
 * @param outputDim             size of each embedding vector, &gt; 0
 * @param maskZero              id 0 is padding: the layer produces a mask {@code id != 0}, default false
 * @param inputLength           fixed sequence length, or null (any length)
 * @param embeddingsInitializer default uniform in [-0.05, 0.05] (TF.js and Keras)
 * @param name                  null for an automatic name
 * @param inputShape            per-sample input shape {@code [timesteps]}; when null and
 *                              {@code inputLength} is set, {@code [inputLength]}
 */
public record EmbeddingConfig(int inputDim, int outputDim, boolean maskZero, Integer inputLength,
        Initializer embeddingsInitializer, String name, Shape inputShape) implements LayerConfig<EmbeddingConfig> {

    /**
     * Validates the fields.
     *
     * @param inputDim              vocabulary size: ids are in {@code [0, inputDim)}, &gt; 0
     * @param outputDim             size of each embedding vector, &gt; 0
     * @param maskZero              id 0 is padding: the layer produces a mask {@code id != 0}, default false
     * @param inputLength           fixed sequence length, or null (any length)
     * @param embeddingsInitializer default uniform in [-0.05, 0.05] (TF.js and Keras)
     * @param name                  null for an automatic name
     * @param inputShape            per-sample input shape {@code [timesteps]}; when null and
     *                              {@code inputLength} is set, {@code [inputLength]}
     */
    public EmbeddingConfig {
        if (inputDim <= 0) {
            throw new IllegalArgumentException("Embedding inputDim must be > 0, got " + inputDim);
        }
        if (outputDim <= 0) {
            throw new IllegalArgumentException("Embedding outputDim must be > 0, got " + outputDim);
        }
        if (inputLength != null && inputLength <= 0) {
            throw new IllegalArgumentException("Embedding inputLength must be > 0, got " + inputLength);
        }
        Objects.requireNonNull(embeddingsInitializer, "embeddingsInitializer");
    }

    /**
     * The TF.js defaults for a vocabulary of {@code inputDim} ids and vectors of {@code outputDim}.
     *
     * @param inputDim vocabulary size: ids run from 0 to {@code inputDim - 1}, &gt; 0
     * @param outputDim length of each embedding vector, &gt; 0
     * @return the configuration
     * @throws IllegalArgumentException when a size is not positive
     */
    public static EmbeddingConfig of(int inputDim, int outputDim) {
        return new EmbeddingConfig(inputDim, outputDim, false, null, Initializers.randomUniform(-0.05, 0.05), null,
                null);
    }

    /** The per-sample input shape: the one given, else {@code [inputLength]} when set, else null. */
    @Override
    public Shape inputShape() {
        if (inputShape != null) {
            return inputShape;
        }
        return inputLength != null ? Shape.of(inputLength) : null;
    }

    /**
     * {@return a copy with id 0 as padding (the layer then produces a mask)}
     * @param v the new {@code maskZero}
     */
    public EmbeddingConfig withMaskZero(boolean v) {
        return new EmbeddingConfig(inputDim, outputDim, v, inputLength, embeddingsInitializer, name, inputShape);
    }

    /**
     * {@return a copy with a fixed sequence length}
     * @param length the new {@code inputLength}
     */
    public EmbeddingConfig withInputLength(int length) {
        return new EmbeddingConfig(inputDim, outputDim, maskZero, length, embeddingsInitializer, name, inputShape);
    }

    /**
     * {@return a copy with another initializer for the embedding matrix}
     * @param i the new {@code embeddingsInitializer}
     */
    public EmbeddingConfig withEmbeddingsInitializer(Initializer i) {
        return new EmbeddingConfig(inputDim, outputDim, maskZero, inputLength, i, name, inputShape);
    }

    @Override
    public EmbeddingConfig withIdentity(LayerIdentity id) {
        return new EmbeddingConfig(inputDim, outputDim, maskZero, inputLength, embeddingsInitializer, id.name(),
                id.inputShape());
    }

    /** The name and the input shape as given (not derived from {@code inputLength}), so withers keep the field. */
    @Override
    public LayerIdentity identity() {
        return new LayerIdentity(name, inputShape);
    }

    @Override
    public String defaultNamePrefix() {
        return "embedding";
    }

    @Override
    public Layer create(String layerName) {
        return new Embedding(layerName, this);
    }
}
