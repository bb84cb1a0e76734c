package dev.engram.layers;

/**
 * Makes the Java implementation of a user-defined layer from its configuration: what a user
 * registers (for example with {@code KerasCustomLayers.register} in io-keras) so that a model file
 * naming the layer's class can be loaded, and what {@link Layers#custom} takes to build one in Java.
 * Usually a constructor reference, {@code ScaleShift::new}.
 */
@FunctionalInterface
public interface CustomLayerFactory {

    /**
     * A new, unbuilt layer.
     *
     * @param name   the layer's final name, unique within its model
     * @param config the configuration: the registered type and the layer's own options
     * @return the layer; its {@link CustomLayer#config()} must be {@code config}
     * @throws IllegalArgumentException when an option is missing or invalid (name the option)
     */
    CustomLayer create(String name, CustomLayerConfig config);
}
