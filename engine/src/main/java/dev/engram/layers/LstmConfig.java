package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of an {@link Lstm} layer. Defaults follow TF.js (DESIGN.md section 4); create with
 * {@link Layers#lstm(int)} and change fields with the {@code withX} methods.
 *
 * @param units                hidden size, &gt; 0
 * @param activation           cell and output activation, default tanh
 * @param recurrentActivation  gate activation, default hard sigmoid 0.2x+0.5 (TF.js; Keras 2.3+ uses sigmoid)
 * @param useBias              default true
 * @param unitForgetBias       initialise the forget-gate bias to 1, default false (TF.js)
 * @param returnSequences      output every step {@code [batch, timesteps, units]}, default false
 * @param returnState          also output the final h and c, default false
 * @param goBackwards          read the sequence last to first; outputs are not re-reversed, default false
 * @param kernelInitializer    default glorot normal, TF.js form
 * @param recurrentInitializer default orthogonal
 * @param biasInitializer      default zeros
 * @param name                 null for an automatic name
 * @param inputShape           per-sample shape {@code [timesteps, features]} (first layer only)
 */
public record LstmConfig(int units, Activation activation, Activation recurrentActivation, boolean useBias,
        boolean unitForgetBias, boolean returnSequences, boolean returnState, boolean goBackwards,
        Initializer kernelInitializer, Initializer recurrentInitializer, Initializer biasInitializer,
        String name, Shape inputShape) implements LayerConfig {

    /** Validates the fields. */
    public LstmConfig {
        if (units <= 0) {
            throw new IllegalArgumentException("LSTM units must be > 0, got " + units);
        }
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(recurrentActivation, "recurrentActivation");
        if (!activation.isElementwise() || !recurrentActivation.isElementwise()) {
            throw new IllegalArgumentException("LSTM activations must be element-wise, got activation "
                    + activation.name() + " and recurrentActivation " + recurrentActivation.name());
        }
        Objects.requireNonNull(kernelInitializer, "kernelInitializer");
        Objects.requireNonNull(recurrentInitializer, "recurrentInitializer");
        Objects.requireNonNull(biasInitializer, "biasInitializer");
        if (inputShape != null && inputShape.rank() != 2) {
            throw new IllegalArgumentException("LSTM inputShape is [timesteps, features] (rank 2), got "
                    + inputShape);
        }
    }

    /** The TF.js defaults for the given number of units. */
    public static LstmConfig of(int units) {
        return new LstmConfig(units, Activations.tanh(), Activations.hardSigmoid(), true, false, false, false,
                false, Initializers.glorotNormalTfjs(), Initializers.orthogonal(), Initializers.zeros(), null, null);
    }

    /** With another cell activation. */
    public LstmConfig withActivation(Activation a) {
        return new LstmConfig(units, a, recurrentActivation, useBias, unitForgetBias, returnSequences,
                returnState, goBackwards, kernelInitializer, recurrentInitializer, biasInitializer, name, inputShape);
    }

    /** With another gate activation. */
    public LstmConfig withRecurrentActivation(Activation a) {
        return new LstmConfig(units, activation, a, useBias, unitForgetBias, returnSequences,
                returnState, goBackwards, kernelInitializer, recurrentInitializer, biasInitializer, name, inputShape);
    }

    /** With or without the bias. */
    public LstmConfig withUseBias(boolean v) {
        return new LstmConfig(units, activation, recurrentActivation, v, unitForgetBias, returnSequences,
                returnState, goBackwards, kernelInitializer, recurrentInitializer, biasInitializer, name, inputShape);
    }

    /** With the forget-gate bias initialised to one. */
    public LstmConfig withUnitForgetBias(boolean v) {
        return new LstmConfig(units, activation, recurrentActivation, useBias, v, returnSequences,
                returnState, goBackwards, kernelInitializer, recurrentInitializer, biasInitializer, name, inputShape);
    }

    /** Output every time step. */
    public LstmConfig withReturnSequences(boolean v) {
        return new LstmConfig(units, activation, recurrentActivation, useBias, unitForgetBias, v,
                returnState, goBackwards, kernelInitializer, recurrentInitializer, biasInitializer, name, inputShape);
    }

    /** Also output the final hidden and cell states. */
    public LstmConfig withReturnState(boolean v) {
        return new LstmConfig(units, activation, recurrentActivation, useBias, unitForgetBias, returnSequences,
                v, goBackwards, kernelInitializer, recurrentInitializer, biasInitializer, name, inputShape);
    }

    /** Read the sequence last to first. */
    public LstmConfig withGoBackwards(boolean v) {
        return new LstmConfig(units, activation, recurrentActivation, useBias, unitForgetBias, returnSequences,
                returnState, v, kernelInitializer, recurrentInitializer, biasInitializer, name, inputShape);
    }

    /** With another kernel initializer. */
    public LstmConfig withKernelInitializer(Initializer i) {
        return new LstmConfig(units, activation, recurrentActivation, useBias, unitForgetBias, returnSequences,
                returnState, goBackwards, i, recurrentInitializer, biasInitializer, name, inputShape);
    }

    /** With another recurrent-kernel initializer. */
    public LstmConfig withRecurrentInitializer(Initializer i) {
        return new LstmConfig(units, activation, recurrentActivation, useBias, unitForgetBias, returnSequences,
                returnState, goBackwards, kernelInitializer, i, biasInitializer, name, inputShape);
    }

    /** With another bias initializer. */
    public LstmConfig withBiasInitializer(Initializer i) {
        return new LstmConfig(units, activation, recurrentActivation, useBias, unitForgetBias, returnSequences,
                returnState, goBackwards, kernelInitializer, recurrentInitializer, i, name, inputShape);
    }

    /** With a fixed name. */
    public LstmConfig withName(String n) {
        return new LstmConfig(units, activation, recurrentActivation, useBias, unitForgetBias, returnSequences,
                returnState, goBackwards, kernelInitializer, recurrentInitializer, biasInitializer, n, inputShape);
    }

    /** With the per-sample input shape {@code [timesteps, features]} (first layer only). */
    public LstmConfig inputShape(int... dims) {
        return new LstmConfig(units, activation, recurrentActivation, useBias, unitForgetBias, returnSequences,
                returnState, goBackwards, kernelInitializer, recurrentInitializer, biasInitializer, name,
                Shape.of(dims));
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
