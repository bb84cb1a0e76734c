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
 * @param returnState          also output the final state(s), default false
 * @param goBackwards          read the sequence last to first; outputs are not re-reversed, default false
 * @param stateful             carry the final states into the next call until {@code resetStates()}, default false
 * @param dropout              input dropout rate in training, default 0
 * @param recurrentDropout     recurrent-state dropout rate in training, default 0
 * @param kernelInitializer    default glorot normal, TF.js form
 * @param recurrentInitializer default orthogonal
 * @param biasInitializer      default zeros
 * @param name                 null for an automatic name
 * @param inputShape           per-sample shape {@code [timesteps, features]} (first layer only)
 * @param weightRules          regularizers and constraints of kernel, recurrent kernel and bias; default none
 */
public record LstmConfig(int units, Activation activation, Activation recurrentActivation, boolean useBias,
        boolean unitForgetBias, boolean returnSequences, boolean returnState, boolean goBackwards, boolean stateful,
        double dropout, double recurrentDropout, Initializer kernelInitializer, Initializer recurrentInitializer,
        Initializer biasInitializer, String name, Shape inputShape, WeightRules weightRules) implements RecurrentLayerConfig {

    /**
     * Validates the fields.
     *
     * @param units                hidden size, &gt; 0
     * @param activation           cell and output activation, default tanh
     * @param recurrentActivation  gate activation, default hard sigmoid 0.2x+0.5 (TF.js; Keras 2.3+ uses sigmoid)
     * @param useBias              default true
     * @param unitForgetBias       initialise the forget-gate bias to 1, default false (TF.js)
     * @param returnSequences      output every step {@code [batch, timesteps, units]}, default false
     * @param returnState          also output the final state(s), default false
     * @param goBackwards          read the sequence last to first; outputs are not re-reversed, default false
     * @param stateful             carry the final states into the next call until {@code resetStates()}, default false
     * @param dropout              input dropout rate in training, default 0
     * @param recurrentDropout     recurrent-state dropout rate in training, default 0
     * @param kernelInitializer    default glorot normal, TF.js form
     * @param recurrentInitializer default orthogonal
     * @param biasInitializer      default zeros
     * @param name                 null for an automatic name
     * @param inputShape           per-sample shape {@code [timesteps, features]} (first layer only)
     * @param weightRules          regularizers and constraints of kernel, recurrent kernel and bias; default none
     */
    public LstmConfig {
        weightRules = weightRules == null ? WeightRules.NONE : weightRules;
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
        if (!(dropout >= 0 && dropout < 1) || !(recurrentDropout >= 0 && recurrentDropout < 1)) {
            throw new IllegalArgumentException("LSTM dropout and recurrentDropout must be in [0, 1), got "
                    + dropout + " and " + recurrentDropout);
        }
        if (inputShape != null && inputShape.rank() != 2) {
            throw new IllegalArgumentException("LSTM inputShape is [timesteps, features] (rank 2), got "
                    + inputShape);
        }
    }

    /**
     * The field list before dropout, recurrentDropout and stateful existed (kept for callers that
     * build the record positionally): those three take their TF.js defaults (0, 0, false).
     *
     * @param units                hidden size, &gt; 0
     * @param activation           cell and output activation, default tanh
     * @param recurrentActivation  gate activation, default hard sigmoid 0.2x+0.5 (TF.js; Keras 2.3+ uses sigmoid)
     * @param useBias              default true
     * @param unitForgetBias       initialise the forget-gate bias to 1, default false (TF.js)
     * @param returnSequences      output every step {@code [batch, timesteps, units]}, default false
     * @param returnState          also output the final state(s), default false
     * @param goBackwards          read the sequence last to first; outputs are not re-reversed, default false
     * @param kernelInitializer    default glorot normal, TF.js form
     * @param recurrentInitializer default orthogonal
     * @param biasInitializer      default zeros
     * @param name                 null for an automatic name
     * @param inputShape           per-sample shape {@code [timesteps, features]} (first layer only)
     */
    public LstmConfig(int units, Activation activation, Activation recurrentActivation, boolean useBias,
            boolean unitForgetBias, boolean returnSequences, boolean returnState, boolean goBackwards,
            Initializer kernelInitializer, Initializer recurrentInitializer, Initializer biasInitializer,
            String name, Shape inputShape) {
        this(units, activation, recurrentActivation, useBias, unitForgetBias, returnSequences, returnState,
                goBackwards, false, 0, 0, kernelInitializer, recurrentInitializer, biasInitializer, name, inputShape, WeightRules.NONE);
    }

    /**
     * The TF.js defaults for the given number of units.
     *
     * @param units hidden size, &gt; 0
     * @return the configuration: tanh, hard-sigmoid gates, bias, output of the last step only
     * @throws IllegalArgumentException when {@code units} is not positive
     */
    public static LstmConfig of(int units) {
        return new LstmConfig(units, Activations.tanh(), Activations.hardSigmoid(), true, false, false, false, false,
                false, 0, 0, Initializers.glorotNormalTfjs(), Initializers.orthogonal(), Initializers.zeros(), null,
                null, WeightRules.NONE);
    }

    /**
     * With another number of units.
     *
     * @param v the new {@code units}
     * @return a copy with {@code units} replaced
     */
    public LstmConfig withUnits(int v) {
        return new LstmConfig(v, activation, recurrentActivation, useBias, unitForgetBias, returnSequences,
                returnState, goBackwards, stateful, dropout, recurrentDropout, kernelInitializer,
                recurrentInitializer, biasInitializer, name, inputShape, weightRules);
    }

    /**
     * With another (candidate/output) activation.
     *
     * @param v the new {@code activation}
     * @return a copy with {@code activation} replaced
     */
    public LstmConfig withActivation(Activation v) {
        return new LstmConfig(units, v, recurrentActivation, useBias, unitForgetBias, returnSequences, returnState,
                goBackwards, stateful, dropout, recurrentDropout, kernelInitializer, recurrentInitializer,
                biasInitializer, name, inputShape, weightRules);
    }

    /**
     * With another gate activation.
     *
     * @param v the new {@code recurrentActivation}
     * @return a copy with {@code recurrentActivation} replaced
     */
    public LstmConfig withRecurrentActivation(Activation v) {
        return new LstmConfig(units, activation, v, useBias, unitForgetBias, returnSequences, returnState,
                goBackwards, stateful, dropout, recurrentDropout, kernelInitializer, recurrentInitializer,
                biasInitializer, name, inputShape, weightRules);
    }

    /**
     * With or without the bias.
     *
     * @param v the new {@code useBias}
     * @return a copy with {@code useBias} replaced
     */
    public LstmConfig withUseBias(boolean v) {
        return new LstmConfig(units, activation, recurrentActivation, v, unitForgetBias, returnSequences,
                returnState, goBackwards, stateful, dropout, recurrentDropout, kernelInitializer,
                recurrentInitializer, biasInitializer, name, inputShape, weightRules);
    }

    /**
     * With the forget-gate bias initialised to one.
     *
     * @param v the new {@code unitForgetBias}
     * @return a copy with {@code unitForgetBias} replaced
     */
    public LstmConfig withUnitForgetBias(boolean v) {
        return new LstmConfig(units, activation, recurrentActivation, useBias, v, returnSequences, returnState,
                goBackwards, stateful, dropout, recurrentDropout, kernelInitializer, recurrentInitializer,
                biasInitializer, name, inputShape, weightRules);
    }

    /**
     * Output every time step.
     *
     * @param v the new {@code returnSequences}
     * @return a copy with {@code returnSequences} replaced
     */
    public LstmConfig withReturnSequences(boolean v) {
        return new LstmConfig(units, activation, recurrentActivation, useBias, unitForgetBias, v, returnState,
                goBackwards, stateful, dropout, recurrentDropout, kernelInitializer, recurrentInitializer,
                biasInitializer, name, inputShape, weightRules);
    }

    /**
     * Also output the final state(s).
     *
     * @param v the new {@code returnState}
     * @return a copy with {@code returnState} replaced
     */
    public LstmConfig withReturnState(boolean v) {
        return new LstmConfig(units, activation, recurrentActivation, useBias, unitForgetBias, returnSequences, v,
                goBackwards, stateful, dropout, recurrentDropout, kernelInitializer, recurrentInitializer,
                biasInitializer, name, inputShape, weightRules);
    }

    /**
     * Read the sequence last to first.
     *
     * @param v the new {@code goBackwards}
     * @return a copy with {@code goBackwards} replaced
     */
    public LstmConfig withGoBackwards(boolean v) {
        return new LstmConfig(units, activation, recurrentActivation, useBias, unitForgetBias, returnSequences,
                returnState, v, stateful, dropout, recurrentDropout, kernelInitializer, recurrentInitializer,
                biasInitializer, name, inputShape, weightRules);
    }

    /**
     * Carry the final states into the next call (see {@link RecurrentLayer}).
     *
     * @param v the new {@code stateful}
     * @return a copy with {@code stateful} replaced
     */
    public LstmConfig withStateful(boolean v) {
        return new LstmConfig(units, activation, recurrentActivation, useBias, unitForgetBias, returnSequences,
                returnState, goBackwards, v, dropout, recurrentDropout, kernelInitializer, recurrentInitializer,
                biasInitializer, name, inputShape, weightRules);
    }

    /**
     * With input dropout in training (rate in [0, 1)).
     *
     * @param v the new {@code dropout}
     * @return a copy with {@code dropout} replaced
     */
    public LstmConfig withDropout(double v) {
        return new LstmConfig(units, activation, recurrentActivation, useBias, unitForgetBias, returnSequences,
                returnState, goBackwards, stateful, v, recurrentDropout, kernelInitializer, recurrentInitializer,
                biasInitializer, name, inputShape, weightRules);
    }

    /**
     * With recurrent-state dropout in training (rate in [0, 1)).
     *
     * @param v the new {@code recurrentDropout}
     * @return a copy with {@code recurrentDropout} replaced
     */
    public LstmConfig withRecurrentDropout(double v) {
        return new LstmConfig(units, activation, recurrentActivation, useBias, unitForgetBias, returnSequences,
                returnState, goBackwards, stateful, dropout, v, kernelInitializer, recurrentInitializer,
                biasInitializer, name, inputShape, weightRules);
    }

    /**
     * With another kernel initializer.
     *
     * @param v the new {@code kernelInitializer}
     * @return a copy with {@code kernelInitializer} replaced
     */
    public LstmConfig withKernelInitializer(Initializer v) {
        return new LstmConfig(units, activation, recurrentActivation, useBias, unitForgetBias, returnSequences,
                returnState, goBackwards, stateful, dropout, recurrentDropout, v, recurrentInitializer,
                biasInitializer, name, inputShape, weightRules);
    }

    /**
     * With another recurrent-kernel initializer.
     *
     * @param v the new {@code recurrentInitializer}
     * @return a copy with {@code recurrentInitializer} replaced
     */
    public LstmConfig withRecurrentInitializer(Initializer v) {
        return new LstmConfig(units, activation, recurrentActivation, useBias, unitForgetBias, returnSequences,
                returnState, goBackwards, stateful, dropout, recurrentDropout, kernelInitializer, v, biasInitializer,
                name, inputShape, weightRules);
    }

    /**
     * With another bias initializer.
     *
     * @param v the new {@code biasInitializer}
     * @return a copy with {@code biasInitializer} replaced
     */
    public LstmConfig withBiasInitializer(Initializer v) {
        return new LstmConfig(units, activation, recurrentActivation, useBias, unitForgetBias, returnSequences,
                returnState, goBackwards, stateful, dropout, recurrentDropout, kernelInitializer,
                recurrentInitializer, v, name, inputShape, weightRules);
    }

    /**
     * With a fixed name.
     *
     * @param v the new {@code name}
     * @return a copy with {@code name} replaced
     */
    public LstmConfig withName(String v) {
        return new LstmConfig(units, activation, recurrentActivation, useBias, unitForgetBias, returnSequences,
                returnState, goBackwards, stateful, dropout, recurrentDropout, kernelInitializer,
                recurrentInitializer, biasInitializer, v, inputShape, weightRules);
    }

    /**
     * With the per-sample input shape {@code [timesteps, features]} (first layer only).
     *
     * @param dims the per-sample input shape, batch dimension excluded
     * @return a copy with the input shape set
     */
    public LstmConfig inputShape(int... dims) {
        return new LstmConfig(units, activation, recurrentActivation, useBias, unitForgetBias, returnSequences,
                returnState, goBackwards, stateful, dropout, recurrentDropout, kernelInitializer,
                recurrentInitializer, biasInitializer, name, Shape.of(dims), weightRules);
    }


    @Override
    public String defaultNamePrefix() {
        return "lstm";
    }

    @Override
    public Layer create(String layerName) {
        return new Lstm(layerName, this);
    }

    /**
     * With regularizers and constraints on the kernel, recurrent kernel and bias.
     *
     * @param rules the new {@code weightRules}
     * @return a copy with {@code weightRules} replaced
     */
    public LstmConfig withWeightRules(WeightRules rules) {
        return new LstmConfig(units, activation, recurrentActivation, useBias, unitForgetBias, returnSequences, returnState, goBackwards, stateful, dropout, recurrentDropout, kernelInitializer, recurrentInitializer, biasInitializer, name, inputShape, rules);
    }
}
