package dev.engram.layers;

import java.util.Objects;

/**
 * The public base of user-defined layers: extend it to give Engram a layer it does not have (a
 * Keras {@code register_keras_serializable} class, a TF.js {@code tf.serialization.registerClass}
 * layer), register its {@link CustomLayerFactory} under the file's class name, and Keras, TF.js and
 * {@code .keras} files that use the class load and save like any other.
 *
 * <p>A subclass implements the same hooks as the built-in layers:
 * <ul>
 *   <li>{@link #doBuild}: check the per-sample input shape (batch excluded), create weights with
 *       {@link #addParameter(String, dev.engram.tensor.Tensor, boolean)} in the order the peer's
 *       {@code add_weight}/{@code addWeight} calls create them (Keras 3 {@code .keras} files store
 *       weights by position), named as the peer names them ({@code "scale"}), and return the
 *       per-sample output shape;</li>
 *   <li>{@link #doCall}: inference on a batch; it must not change the layer, so that
 *       {@code predict} may run on many threads at once;</li>
 *   <li>{@link #doForward}: the training pass, returning a {@link ForwardPass} whose
 *       {@code backward} adds each parameter's gradient into {@link Parameter#grad()} and returns
 *       the input gradient. A layer that only predicts may leave it out: training then fails with a
 *       message naming the layer.</li>
 * </ul>
 * Layers with several inputs or outputs override the {@code ...All} forms instead, as the built-in
 * merge layers do. The layer's options ({@link CustomLayerConfig#options()}) are what the file's
 * {@code config} holds besides name, trainable and dtype, and what is written back.
 *
 * <pre>{@code
 * public final class ScaleShift extends CustomLayer {
 *     public ScaleShift(String name, CustomLayerConfig config) { super(name, config); }
 *     protected Shape doBuild(Shape in, RandomGenerator random) {
 *         addParameter("scale", Tensor.filled(Shape.of(in.dim(-1)), 1f), true);
 *         return in;
 *     }
 *     protected Tensor doCall(Tensor x) { ... }
 * }
 * KerasCustomLayers.register("my_pkg>ScaleShift", ScaleShift::new);
 * }</pre>
 */
public abstract class CustomLayer extends Layer {
    private final CustomLayerConfig config;

    /**
     * Creates the layer; subclasses pass on what their {@link CustomLayerFactory} receives.
     *
     * @param name   the layer's name
     * @param config its configuration
     */
    protected CustomLayer(String name, CustomLayerConfig config) {
        super(name);
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public final CustomLayerConfig config() {
        return config;
    }

    /**
     * The registered type's class name without its package: {@code ScaleShift} for
     * {@code my_pkg>ScaleShift}.
     *
     * @return the type name shown in summaries and messages
     */
    @Override
    public String typeName() {
        return config.simpleType();
    }

    /**
     * Training without a backward pass written: refuses, naming the layer. Override it to train.
     *
     * @param input   the batch
     * @param context the training step
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    protected ForwardPass doForward(dev.engram.tensor.Tensor input, TrainingContext context) {
        throw new UnsupportedOperationException("custom layer '" + name() + "' (" + config.type()
                + ") has no training pass: override doForward (or doForwardAll) in " + getClass().getName()
                + " to train a model that contains it; predict works without it");
    }
}
