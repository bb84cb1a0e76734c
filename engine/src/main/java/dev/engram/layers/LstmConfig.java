package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.initializers.Initializer;
import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of an {@link Lstm} layer. Defaults follow TF.js (DESIGN.md section 4); create with
 * {@link Layers#lstm(int)} and change fields with the {@code withX} methods (the shared ones are on
 * {@link RecurrentLayerConfig}).
 *
 * @param settings            the fields every recurrent layer has (units, activation, dropout...)
 * @param recurrentActivation gate activation, default hard sigmoid 0.2x+0.5 (TF.js; Keras 2.3+ uses sigmoid)
 * @param unitForgetBias      initialise the forget-gate bias to 1, default false (TF.js)
 * @param identity            name and per-sample input shape {@code [timesteps, features]} (first layer only)
 */
public record LstmConfig(RecurrentSettings settings, Activation recurrentActivation, boolean unitForgetBias,
        LayerIdentity identity) implements RecurrentLayerConfig<LstmConfig> {

    /**
     * Validates the fields; a null identity is {@link LayerIdentity#UNNAMED}.
     *
     * @param settings            the shared recurrent fields
     * @param recurrentActivation gate activation
     * @param unitForgetBias      initialise the forget-gate bias to 1
     * @param identity            name and input shape, or null
     */
    public LstmConfig {
        Objects.requireNonNull(recurrentActivation, "recurrentActivation");
        identity = Objects.requireNonNull(settings, "settings").check("LSTM", identity, recurrentActivation);
    }

    /**
     * All fields flat, in the order Keras lists them.
     *
     * @param units                hidden size, &gt; 0
     * @param activation           cell and output activation
     * @param recurrentActivation  gate activation
     * @param useBias              whether the layer has a bias
     * @param unitForgetBias       initialise the forget-gate bias to 1
     * @param returnSequences      output every step
     * @param returnState          also output the final states h and c
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
    public LstmConfig(int units, Activation activation, Activation recurrentActivation, boolean useBias,
            boolean unitForgetBias, boolean returnSequences, boolean returnState, boolean goBackwards, boolean stateful,
            double dropout, double recurrentDropout, Initializer kernelInitializer, Initializer recurrentInitializer,
            Initializer biasInitializer, String name, Shape inputShape, WeightRules weightRules) {
        this(new RecurrentSettings(units, activation, useBias, returnSequences, returnState, goBackwards, stateful,
                dropout, recurrentDropout, kernelInitializer, recurrentInitializer, biasInitializer, weightRules),
                recurrentActivation, unitForgetBias, new LayerIdentity(name, inputShape));
    }

    /**
     * The TF.js defaults for the given number of units.
     *
     * @param units hidden size, &gt; 0
     * @return the configuration: tanh, hard-sigmoid gates, bias, output of the last step only
     * @throws IllegalArgumentException when {@code units} is not positive
     */
    public static LstmConfig of(int units) {
        return new LstmConfig(RecurrentSettings.of(units), Activations.hardSigmoid(), false, LayerIdentity.UNNAMED);
    }

    /**
     * {@return a copy with another gate activation}
     * @param v the new {@code recurrentActivation}
     */
    public LstmConfig withRecurrentActivation(Activation v) {
        return new LstmConfig(settings, v, unitForgetBias, identity);
    }

    /**
     * {@return a copy with the forget-gate bias initialised to one}
     * @param v the new {@code unitForgetBias}
     */
    public LstmConfig withUnitForgetBias(boolean v) {
        return new LstmConfig(settings, recurrentActivation, v, identity);
    }

    @Override
    public LstmConfig withSettings(RecurrentSettings s) {
        return new LstmConfig(s, recurrentActivation, unitForgetBias, identity);
    }

    @Override
    public LstmConfig withIdentity(LayerIdentity id) {
        return new LstmConfig(settings, recurrentActivation, unitForgetBias, id);
    }

    @Override
    public String defaultNamePrefix() {
        return "lstm";
    }

    @Override
    public Layer create(String layerName) {
        return new Lstm(layerName, this);
    }
}
