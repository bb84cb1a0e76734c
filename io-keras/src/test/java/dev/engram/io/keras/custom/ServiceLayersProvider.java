package dev.engram.io.keras.custom;

import dev.engram.io.keras.KerasCustomLayerProvider;
import dev.engram.layers.CustomLayerFactory;
import java.util.Map;

/** A {@link KerasCustomLayerProvider} found through {@code META-INF/services}, for {@link RegistrationTest}. */
public final class ServiceLayersProvider implements KerasCustomLayerProvider {
    /** The type this provider registers. */
    static final String TYPE = "engram_service>ServiceScaleShift";

    @Override
    public Map<String, CustomLayerFactory> customLayers() {
        return Map.of(TYPE, ScaleShift::new);
    }
}
