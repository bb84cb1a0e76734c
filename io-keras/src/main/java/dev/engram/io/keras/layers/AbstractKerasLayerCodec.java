package dev.engram.io.keras.layers;

import dev.engram.layers.LayerConfig;
import java.util.List;

/**
 * A codec's identity given once, at construction: its config type and its class names (canonical
 * first). Codecs extend it so that each file holds only what the layer means in the formats.
 *
 * @param <C> the engine config type
 */
public abstract class AbstractKerasLayerCodec<C extends LayerConfig<?>> implements KerasLayerCodec<C> {
    private final Class<C> configType;
    private final List<String> classNames;

    /**
     * @param configType the engine config type the codec translates
     * @param classNames the Keras class names it reads, canonical first
     */
    protected AbstractKerasLayerCodec(Class<C> configType, String... classNames) {
        if (classNames.length == 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " names no Keras class");
        }
        this.configType = configType;
        this.classNames = List.of(classNames);
    }

    @Override
    public final List<String> classNames() {
        return classNames;
    }

    @Override
    public final Class<C> configType() {
        return configType;
    }
}
