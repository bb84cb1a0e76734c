package dev.engram.io.keras;

import dev.engram.io.keras.layers.CustomLayerRegistry;
import dev.engram.layers.CustomLayer;
import dev.engram.layers.CustomLayerFactory;
import java.util.Set;

/**
 * The extension point for layers Engram does not have: register a Java {@link CustomLayer} under
 * the class name a Keras or TF.js file gives it, and {@link KerasModels} loads models that use it
 * (config options and weights) and writes them back so that the peer, with its own class
 * registered, loads them again.
 *
 * <p>Names. A type is {@code package>ClassName}, as Keras's
 * {@code @keras.saving.register_keras_serializable(package="my_pkg")} registers it, or a bare
 * {@code ClassName}. A file's layer is matched by its Keras 3 {@code registered_name}, else its
 * {@code class_name} (tf-keras 2 writes {@code my_pkg>ScaleShift} there), else by the class part
 * alone, which is how TF.js ({@code tf.serialization.registerClass}) names it, as long as only one
 * registered type has that class part. Written files say {@code ScaleShift} in TF.js,
 * {@code my_pkg>ScaleShift} as tf-keras's {@code class_name}, and {@code class_name ScaleShift},
 * {@code registered_name my_pkg>ScaleShift} in Keras 3; a bare type is written with Keras's default
 * package, {@code Custom>ScaleShift}.
 *
 * <p>Weights are matched by name in {@code .h5} and TF.js files and by position in {@code .keras}
 * files, so create the layer's parameters with the peer's weight names in the peer's order.
 * {@code Lambda} layers cannot be registered (their function is Python code); rewrite one as a
 * registered layer class in Keras and here. ONNX export refuses custom layers.
 *
 * <p>Registration is thread-safe and global to the class loader. Registering a type twice, or a
 * type whose class part is a built-in Keras class ({@code Dense}, {@code InputLayer}, ...), is an
 * {@link IllegalArgumentException}. Types can also come from {@link KerasCustomLayerProvider}
 * services.
 */
public final class KerasCustomLayers {
    private KerasCustomLayers() {
    }

    /**
     * Registers a custom layer type.
     *
     * @param type    {@code package>ClassName} (Keras 3 registered name) or {@code ClassName}
     * @param factory makes the layer from its name and config, usually a constructor reference
     * @throws IllegalArgumentException when the type is malformed, already registered, or a built-in class name
     */
    public static void register(String type, CustomLayerFactory factory) {
        CustomLayerRegistry.register(type, factory);
    }

    /**
     * Removes a registered type (files naming it are refused again).
     *
     * @param type the type as registered
     * @return whether it was registered
     */
    public static boolean unregister(String type) {
        return CustomLayerRegistry.unregister(type);
    }

    /**
     * The registered types, sorted.
     *
     * @return a snapshot
     */
    public static Set<String> registeredTypes() {
        return CustomLayerRegistry.types();
    }
}
