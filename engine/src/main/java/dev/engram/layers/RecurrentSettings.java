package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.tensor.Shape;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The fields LSTM, GRU and SimpleRNN configurations share, with their withers and validation
 * written once. {@link RecurrentLayerConfig} exposes each of them flat, with its wither
 * ({@code config.units()}, {@code config.withDropout(0.2)}); readers and writers can also move the
 * whole group at once ({@link RecurrentLayerConfig#withSettings}). Defaults follow TF.js (DESIGN.md section 4).
 *
 * <p>Ranges ({@code units > 0}, dropout rates in [0, 1), element-wise activations) are checked when
 * a layer configuration is made from the settings, so the message names the layer type.
 *
 * @param units                hidden size, &gt; 0
 * @param activation           cell/candidate and output activation, default tanh
 * @param useBias              default true
 * @param returnSequences      output every step {@code [batch, timesteps, units]}, default false
 * @param returnState          also output the final state(s), default false
 * @param goBackwards          read the sequence last to first; outputs are not re-reversed, default false
 * @param stateful             carry the final states into the next call until {@code resetStates()}, default false
 * @param dropout              input dropout rate in training, default 0
 * @param recurrentDropout     recurrent-state dropout rate in training, default 0
 * @param kernelInitializer    default glorot normal, TF.js form
 * @param recurrentInitializer default orthogonal
 * @param biasInitializer      default zeros
 * @param weightRules          regularizers and constraints of kernel, recurrent kernel and bias; null means none
 */
public record RecurrentSettings(int units, Activation activation, boolean useBias, boolean returnSequences,
        boolean returnState, boolean goBackwards, boolean stateful, double dropout, double recurrentDropout,
        Initializer kernelInitializer, Initializer recurrentInitializer, Initializer biasInitializer,
        WeightRules weightRules) {

    /**
     * Requires the object fields; a null {@code weightRules} becomes {@link WeightRules#NONE}.
     *
     * @param units                hidden size (checked by the layer configuration)
     * @param activation           cell/candidate and output activation
     * @param useBias              whether the layer has a bias
     * @param returnSequences      output every step
     * @param returnState          also output the final state(s)
     * @param goBackwards          read the sequence last to first
     * @param stateful             carry the final states into the next call
     * @param dropout              input dropout rate (checked by the layer configuration)
     * @param recurrentDropout     recurrent-state dropout rate (checked by the layer configuration)
     * @param kernelInitializer    initializer of the input kernel
     * @param recurrentInitializer initializer of the recurrent kernel
     * @param biasInitializer      initializer of the bias
     * @param weightRules          regularizers and constraints, or null for none
     */
    public RecurrentSettings {
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(kernelInitializer, "kernelInitializer");
        Objects.requireNonNull(recurrentInitializer, "recurrentInitializer");
        Objects.requireNonNull(biasInitializer, "biasInitializer");
        weightRules = weightRules == null ? WeightRules.NONE : weightRules;
    }

    /**
     * The TF.js defaults for {@code units}: tanh, bias, last output only, no dropout, glorot-normal
     * kernel, orthogonal recurrent kernel, zero bias.
     *
     * @param units hidden size (checked when a layer configuration is made)
     * @return the settings
     */
    public static RecurrentSettings of(int units) {
        return new RecurrentSettings(units, Activations.tanh(), true, false, false, false, false, 0, 0,
                Initializers.glorotNormalTfjs(), Initializers.orthogonal(), Initializers.zeros(), WeightRules.NONE);
    }

    /**
     * Checks the ranges for a layer of type {@code kind}, with messages naming it, and returns its
     * identity ({@link LayerIdentity#UNNAMED} for null).
     *
     * @param kind           "LSTM", "GRU" or "SimpleRNN"
     * @param identity       the layer's name and per-sample input shape, or null
     * @param gateActivation the gate activation (LSTM, GRU), or null (SimpleRNN)
     */
    LayerIdentity check(String kind, LayerIdentity identity, Activation gateActivation) {
        LayerIdentity id = identity == null ? LayerIdentity.UNNAMED : identity;
        Shape inputShape = id.inputShape();
        if (units <= 0) {
            throw new IllegalArgumentException(kind + " units must be > 0, got " + units);
        }
        if (gateActivation == null && !activation.isElementwise()) {
            throw new IllegalArgumentException(kind + " activation must be element-wise, got " + activation.name());
        }
        if (gateActivation != null && (!activation.isElementwise() || !gateActivation.isElementwise())) {
            throw new IllegalArgumentException(kind + " activations must be element-wise, got activation "
                    + activation.name() + " and recurrentActivation " + gateActivation.name());
        }
        if (!(dropout >= 0 && dropout < 1) || !(recurrentDropout >= 0 && recurrentDropout < 1)) {
            throw new IllegalArgumentException(kind + " dropout and recurrentDropout must be in [0, 1), got "
                    + dropout + " and " + recurrentDropout);
        }
        if (inputShape != null && inputShape.rank() != 2) {
            throw new IllegalArgumentException(kind + " inputShape is [timesteps, features] (rank 2), got "
                    + inputShape);
        }
        return id;
    }

    /** A copy changed by {@code change}: each wither of {@link RecurrentLayerConfig} sets one field. */
    RecurrentSettings edit(Consumer<Editor> change) {
        Editor e = new Editor();
        change.accept(e);
        return e.build();
    }

    /** A mutable copy of the settings. */
    final class Editor {
        int units = RecurrentSettings.this.units;
        Activation activation = RecurrentSettings.this.activation;
        boolean useBias = RecurrentSettings.this.useBias;
        boolean returnSequences = RecurrentSettings.this.returnSequences;
        boolean returnState = RecurrentSettings.this.returnState;
        boolean goBackwards = RecurrentSettings.this.goBackwards;
        boolean stateful = RecurrentSettings.this.stateful;
        double dropout = RecurrentSettings.this.dropout;
        double recurrentDropout = RecurrentSettings.this.recurrentDropout;
        Initializer kernelInitializer = RecurrentSettings.this.kernelInitializer;
        Initializer recurrentInitializer = RecurrentSettings.this.recurrentInitializer;
        Initializer biasInitializer = RecurrentSettings.this.biasInitializer;
        WeightRules weightRules = RecurrentSettings.this.weightRules;

        RecurrentSettings build() {
            return new RecurrentSettings(units, activation, useBias, returnSequences, returnState, goBackwards,
                    stateful, dropout, recurrentDropout, kernelInitializer, recurrentInitializer, biasInitializer,
                    weightRules);
        }
    }
}
