package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of an {@link ImageAugmentation} layer. Create with {@link Layers#imageAugmentation}; file
 * readers create it from the Keras class.
 *
 * @param kind       what the layer does in training
 * @param options    the augmentation's settings as the file gave them ({@code factor}, {@code fill_mode},
 *                   {@code seed}, ...): JSON-like values (null, booleans, numbers, strings, lists, maps), kept only
 *                   so that a writer saves the layer again; inference never reads them
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record ImageAugmentationConfig(AugmentationKind kind, Map<String, Object> options, String name,
        Shape inputShape) implements LayerConfig<ImageAugmentationConfig> {

    /**
     * Copies the options.
     *
     * @param kind       what the layer does in training
     * @param options    the settings (JSON-like values)
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     * @throws IllegalArgumentException when an option is not JSON-like
     */
    public ImageAugmentationConfig {
        Objects.requireNonNull(kind, "kind");
        options = JsonLikeOptions.copy(options == null ? Map.of() : options, "augmentation layer", kind.name());
    }

    /**
     * With the settings a writer saves.
     *
     * @param o the new {@code options}
     * @return a copy
     */
    public ImageAugmentationConfig withOptions(Map<String, Object> o) {
        return new ImageAugmentationConfig(kind, o, name, inputShape);
    }

    @Override
    public ImageAugmentationConfig withIdentity(LayerIdentity id) {
        return new ImageAugmentationConfig(kind, options, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "random_" + kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Layer create(String layerName) {
        return new ImageAugmentation(layerName, this);
    }
}
