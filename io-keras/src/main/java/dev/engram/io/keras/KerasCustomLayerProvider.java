package dev.engram.io.keras;

import dev.engram.layers.CustomLayerFactory;
import java.util.Map;

/**
 * A service that contributes user-defined layers to the Keras and TF.js readers and writers
 * (found with {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/dev.engram.io.keras.KerasCustomLayerProvider}, or
 * {@code provides dev.engram.io.keras.KerasCustomLayerProvider with ...} in a module). The
 * providers are asked once, the first time {@link KerasCustomLayers} or a reader needs the
 * registry; their types obey the same rules as {@link KerasCustomLayers#register}.
 */
public interface KerasCustomLayerProvider {

    /**
     * The types this provider registers and their factories.
     *
     * @return type ({@code package>ClassName} or {@code ClassName}) to factory
     */
    Map<String, CustomLayerFactory> customLayers();
}
