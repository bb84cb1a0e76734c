package dev.engram.io.onnx.export;

import dev.engram.layers.LayerConfig;

/**
 * The registry key and refusal name of an emitter, given once in its constructor, so an emitter
 * file holds only its {@code emit}.
 *
 * @param <C> the layer config type the emitter is keyed by
 */
abstract class KeyedEmitter<C extends LayerConfig> implements OnnxLayerEmitter<C> {
    private final Class<C> configType;
    private final String exportedAs;

    KeyedEmitter(Class<C> configType, String exportedAs) {
        this.configType = configType;
        this.exportedAs = exportedAs;
    }

    @Override
    public final Class<C> configType() {
        return configType;
    }

    @Override
    public final String exportedAs() {
        return exportedAs;
    }
}
