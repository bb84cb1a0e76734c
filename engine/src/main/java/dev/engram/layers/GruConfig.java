package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.initializers.Initializer;
import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link Gru} layer. Defaults follow TF.js (DESIGN.md section 4): tanh, hard-sigmoid
 * gates and {@code resetAfter = false}. Keras 2.3+/3 files use {@code resetAfter = true} with sigmoid
 * gates; importers set every field. Create with {@link Layers#gru(int)}; the shared withers are on
 * {@link RecurrentLayerConfig}.
 *
 * @param settings            the fields every recurrent layer has (units, activation, dropout...)
 * @param recurrentActivation gate activation, default hard sigmoid 0.2x+0.5 (TF.js; Keras 2.3+ uses sigmoid)
 * @param resetAfter          Keras reset_after: reset gate applied to {@code h·Rh + b_rec} and bias {@code [2, 3u]};
 *                            default false (the only variant TF.js builds; bias {@code [3u]})
 * @param identity            name and per-sample input shape {@code [timesteps, features]} (first layer only)
 */
public record GruConfig(RecurrentSettings settings, Activation recurrentActivation, boolean resetAfter,
        LayerIdentity identity) implements RecurrentLayerConfig<GruConfig> {

    /**
     * Validates the fields; a null identity is {@link LayerIdentity#UNNAMED}.
     *
     * @param settings            the shared recurrent fields
     * @param recurrentActivation gate activation
     * @param resetAfter          reset gate after the recurrent product (Keras reset_after)
     * @param identity            name and input shape, or null
     */
    public GruConfig {
        Objects.requireNonNull(recurrentActivation, "recurrentActivation");
        identity = Objects.requireNonNull(settings, "settings").check("GRU", identity, recurrentActivation);
    }

    /**
     * All fields flat, in the order Keras lists them.
     *
     * @param units                hidden size, &gt; 0
     * @param activation           candidate activation
     * @param recurrentActivation  gate activation
     * @param useBias              whether the layer has a bias
     * @param resetAfter           reset gate after the recurrent product (Keras reset_after)
     * @param returnSequences      output every step
     * @param returnState          also output the final state h
     * @param goBackwards          read the sequence last to first
     * @param stateful             carry the final states into the next call
     * @param dropout              input dropout rate in training
     * @param recurrentDropout     recurrent-state dropout rate in training
     * @param kernelInitializer    initializer of the input kernel
     * @param recurrentInitializer initializer of the recurrent kernel
     * @param biasInitializer      initializer of the bias
     * @param name                 null for an automatic name
     * @param inputShape           per-sample shape {@code [timesteps, features]}, or null
     * @param weightRules          regularizers and constraints, or null for none
     */
    public GruConfig(int units, Activation activation, Activation recurrentActivation, boolean useBias,
            boolean resetAfter, boolean returnSequences, boolean returnState, boolean goBackwards, boolean stateful,
            double dropout, double recurrentDropout, Initializer kernelInitializer, Initializer recurrentInitializer,
            Initializer biasInitializer, String name, Shape inputShape, WeightRules weightRules) {
        this(new RecurrentSettings(units, activation, useBias, returnSequences, returnState, goBackwards, stateful,
                dropout, recurrentDropout, kernelInitializer, recurrentInitializer, biasInitializer, weightRules),
                recurrentActivation, resetAfter, new LayerIdentity(name, inputShape));
    }

    /**
     * The TF.js defaults for the given number of units.
     *
     * @param units hidden size, &gt; 0
     * @return the configuration: tanh, hard-sigmoid gates, resetAfter false
     * @throws IllegalArgumentException when {@code units} is not positive
     */
    public static GruConfig of(int units) {
        return new GruConfig(RecurrentSettings.of(units), Activations.hardSigmoid(), false, LayerIdentity.UNNAMED);
    }

    /**
     * {@return a copy with another gate activation}
     * @param v the new {@code recurrentActivation}
     */
    public GruConfig withRecurrentActivation(Activation v) {
        return new GruConfig(settings, v, resetAfter, identity);
    }

    /**
     * {@return a copy with the reset gate applied after the recurrent product (Keras 2.3+), or before it (TF.js)}
     * @param v the new {@code resetAfter}
     */
    public GruConfig withResetAfter(boolean v) {
        return new GruConfig(settings, recurrentActivation, v, identity);
    }

    @Override
    public GruConfig withSettings(RecurrentSettings s) {
        return new GruConfig(s, recurrentActivation, resetAfter, identity);
    }

    @Override
    public GruConfig withIdentity(LayerIdentity id) {
        return new GruConfig(settings, recurrentActivation, resetAfter, id);
    }

    @Override
    public String defaultNamePrefix() {
        return "gru";
    }

    @Override
    public Layer create(String layerName) {
        return new Gru(layerName, this);
    }
}
