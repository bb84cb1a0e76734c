package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.initializers.Initializer;
import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link SimpleRnn} layer, {@code h' = act(x·kernel + h·recurrentKernel + bias)}.
 * Defaults follow TF.js; create with {@link Layers#simpleRnn(int)}. All its fields are the shared
 * recurrent ones, so its withers are those of {@link RecurrentLayerConfig}.
 *
 * @param settings the fields every recurrent layer has (units, activation default tanh, dropout...)
 * @param identity name and per-sample input shape {@code [timesteps, features]} (first layer only)
 */
public record SimpleRnnConfig(RecurrentSettings settings, LayerIdentity identity)
        implements RecurrentLayerConfig<SimpleRnnConfig> {

    /**
     * Validates the fields; a null identity is {@link LayerIdentity#UNNAMED}.
     *
     * @param settings the shared recurrent fields
     * @param identity name and input shape, or null
     */
    public SimpleRnnConfig {
        identity = Objects.requireNonNull(settings, "settings").check("SimpleRNN", identity, null);
    }

    /**
     * All fields flat, in the order Keras lists them.
     *
     * @param units                hidden size, &gt; 0
     * @param activation           the activation of h
     * @param useBias              whether the layer has a bias
     * @param returnSequences      output every step
     * @param returnState          also output the final state h
     * @param goBackwards          read the sequence last to first
     * @param stateful             carry the final state into the next call
     * @param dropout              input dropout rate in training
     * @param recurrentDropout     recurrent-state dropout rate in training
     * @param kernelInitializer    initializer of the input kernel
     * @param recurrentInitializer initializer of the recurrent kernel
     * @param biasInitializer      initializer of the bias
     * @param name                 null for an automatic name
     * @param inputShape           per-sample shape {@code [timesteps, features]}, or null
     * @param weightRules          regularizers and constraints, or null for none
     */
    public SimpleRnnConfig(int units, Activation activation, boolean useBias, boolean returnSequences,
            boolean returnState, boolean goBackwards, boolean stateful, double dropout, double recurrentDropout,
            Initializer kernelInitializer, Initializer recurrentInitializer, Initializer biasInitializer, String name,
            Shape inputShape, WeightRules weightRules) {
        this(new RecurrentSettings(units, activation, useBias, returnSequences, returnState, goBackwards, stateful,
                dropout, recurrentDropout, kernelInitializer, recurrentInitializer, biasInitializer, weightRules),
                new LayerIdentity(name, inputShape));
    }

    /**
     * The TF.js defaults for the given number of units (tanh).
     *
     * @param units hidden size, &gt; 0
     * @return the configuration
     * @throws IllegalArgumentException when {@code units} is not positive
     */
    public static SimpleRnnConfig of(int units) {
        return new SimpleRnnConfig(RecurrentSettings.of(units), LayerIdentity.UNNAMED);
    }

    @Override
    public SimpleRnnConfig withSettings(RecurrentSettings s) {
        return new SimpleRnnConfig(s, identity);
    }

    @Override
    public SimpleRnnConfig withIdentity(LayerIdentity id) {
        return new SimpleRnnConfig(settings, id);
    }

    @Override
    public String defaultNamePrefix() {
        return "simple_rnn";
    }

    @Override
    public Layer create(String layerName) {
        return new SimpleRnn(layerName, this);
    }
}
