package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link SimpleRnn} layer, {@code h' = act(x·kernel + h·recurrentKernel + bias)}.
 * Defaults follow TF.js; create with {@link Layers#simpleRnn(int)}.
 *
 * @param units                hidden size, &gt; 0
 * @param activation           default tanh
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
 * @param name                 null for an automatic name
 * @param inputShape           per-sample shape {@code [timesteps, features]} (first layer only)
 * @param weightRules          regularizers and constraints of kernel, recurrent kernel and bias; default none
 */
public record SimpleRnnConfig(int units, Activation activation, boolean useBias, boolean returnSequences,
        boolean returnState, boolean goBackwards, boolean stateful, double dropout, double recurrentDropout,
        Initializer kernelInitializer, Initializer recurrentInitializer, Initializer biasInitializer, String name,
        Shape inputShape, WeightRules weightRules) implements RecurrentLayerConfig {

    /**
     * Validates the fields.
     *
     * @param units                hidden size, &gt; 0
     * @param activation           default tanh
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
     * @param name                 null for an automatic name
     * @param inputShape           per-sample shape {@code [timesteps, features]} (first layer only)
     * @param weightRules          regularizers and constraints of kernel, recurrent kernel and bias; default none
     */
    public SimpleRnnConfig {
        weightRules = weightRules == null ? WeightRules.NONE : weightRules;
        if (units <= 0) {
            throw new IllegalArgumentException("SimpleRNN units must be > 0, got " + units);
        }
        Objects.requireNonNull(activation, "activation");
        if (!activation.isElementwise()) {
            throw new IllegalArgumentException("SimpleRNN activation must be element-wise, got " + activation.name());
        }
        Objects.requireNonNull(kernelInitializer, "kernelInitializer");
        Objects.requireNonNull(recurrentInitializer, "recurrentInitializer");
        Objects.requireNonNull(biasInitializer, "biasInitializer");
        if (!(dropout >= 0 && dropout < 1) || !(recurrentDropout >= 0 && recurrentDropout < 1)) {
            throw new IllegalArgumentException("SimpleRNN dropout and recurrentDropout must be in [0, 1), got "
                    + dropout + " and " + recurrentDropout);
        }
        if (inputShape != null && inputShape.rank() != 2) {
            throw new IllegalArgumentException("SimpleRNN inputShape is [timesteps, features] (rank 2), got "
                    + inputShape);
        }
    }

    /**
     * The TF.js defaults for the given number of units (tanh).
     *
     * @param units hidden size, &gt; 0
     * @return the configuration
     * @throws IllegalArgumentException when {@code units} is not positive
     */
    public static SimpleRnnConfig of(int units) {
        return new SimpleRnnConfig(units, Activations.tanh(), true, false, false, false, false, 0, 0,
                Initializers.glorotNormalTfjs(), Initializers.orthogonal(), Initializers.zeros(), null, null, WeightRules.NONE);
    }

    /**
     * With another number of units.
     *
     * @param v the new {@code units}
     * @return a copy with {@code units} replaced
     */
    public SimpleRnnConfig withUnits(int v) {
        return new SimpleRnnConfig(v, activation, useBias, returnSequences, returnState, goBackwards, stateful,
                dropout, recurrentDropout, kernelInitializer, recurrentInitializer, biasInitializer, name,
                inputShape, weightRules);
    }

    /**
     * With another (candidate/output) activation.
     *
     * @param v the new {@code activation}
     * @return a copy with {@code activation} replaced
     */
    public SimpleRnnConfig withActivation(Activation v) {
        return new SimpleRnnConfig(units, v, useBias, returnSequences, returnState, goBackwards, stateful, dropout,
                recurrentDropout, kernelInitializer, recurrentInitializer, biasInitializer, name, inputShape, weightRules);
    }

    /**
     * With or without the bias.
     *
     * @param v the new {@code useBias}
     * @return a copy with {@code useBias} replaced
     */
    public SimpleRnnConfig withUseBias(boolean v) {
        return new SimpleRnnConfig(units, activation, v, returnSequences, returnState, goBackwards, stateful,
                dropout, recurrentDropout, kernelInitializer, recurrentInitializer, biasInitializer, name,
                inputShape, weightRules);
    }

    /**
     * Output every time step.
     *
     * @param v the new {@code returnSequences}
     * @return a copy with {@code returnSequences} replaced
     */
    public SimpleRnnConfig withReturnSequences(boolean v) {
        return new SimpleRnnConfig(units, activation, useBias, v, returnState, goBackwards, stateful, dropout,
                recurrentDropout, kernelInitializer, recurrentInitializer, biasInitializer, name, inputShape, weightRules);
    }

    /**
     * Also output the final state(s).
     *
     * @param v the new {@code returnState}
     * @return a copy with {@code returnState} replaced
     */
    public SimpleRnnConfig withReturnState(boolean v) {
        return new SimpleRnnConfig(units, activation, useBias, returnSequences, v, goBackwards, stateful, dropout,
                recurrentDropout, kernelInitializer, recurrentInitializer, biasInitializer, name, inputShape, weightRules);
    }

    /**
     * Read the sequence last to first.
     *
     * @param v the new {@code goBackwards}
     * @return a copy with {@code goBackwards} replaced
     */
    public SimpleRnnConfig withGoBackwards(boolean v) {
        return new SimpleRnnConfig(units, activation, useBias, returnSequences, returnState, v, stateful, dropout,
                recurrentDropout, kernelInitializer, recurrentInitializer, biasInitializer, name, inputShape, weightRules);
    }

    /**
     * Carry the final states into the next call (see {@link RecurrentLayer}).
     *
     * @param v the new {@code stateful}
     * @return a copy with {@code stateful} replaced
     */
    public SimpleRnnConfig withStateful(boolean v) {
        return new SimpleRnnConfig(units, activation, useBias, returnSequences, returnState, goBackwards, v, dropout,
                recurrentDropout, kernelInitializer, recurrentInitializer, biasInitializer, name, inputShape, weightRules);
    }

    /**
     * With input dropout in training (rate in [0, 1)).
     *
     * @param v the new {@code dropout}
     * @return a copy with {@code dropout} replaced
     */
    public SimpleRnnConfig withDropout(double v) {
        return new SimpleRnnConfig(units, activation, useBias, returnSequences, returnState, goBackwards, stateful,
                v, recurrentDropout, kernelInitializer, recurrentInitializer, biasInitializer, name, inputShape, weightRules);
    }

    /**
     * With recurrent-state dropout in training (rate in [0, 1)).
     *
     * @param v the new {@code recurrentDropout}
     * @return a copy with {@code recurrentDropout} replaced
     */
    public SimpleRnnConfig withRecurrentDropout(double v) {
        return new SimpleRnnConfig(units, activation, useBias, returnSequences, returnState, goBackwards, stateful,
                dropout, v, kernelInitializer, recurrentInitializer, biasInitializer, name, inputShape, weightRules);
    }

    /**
     * With another kernel initializer.
     *
     * @param v the new {@code kernelInitializer}
     * @return a copy with {@code kernelInitializer} replaced
     */
    public SimpleRnnConfig withKernelInitializer(Initializer v) {
        return new SimpleRnnConfig(units, activation, useBias, returnSequences, returnState, goBackwards, stateful,
                dropout, recurrentDropout, v, recurrentInitializer, biasInitializer, name, inputShape, weightRules);
    }

    /**
     * With another recurrent-kernel initializer.
     *
     * @param v the new {@code recurrentInitializer}
     * @return a copy with {@code recurrentInitializer} replaced
     */
    public SimpleRnnConfig withRecurrentInitializer(Initializer v) {
        return new SimpleRnnConfig(units, activation, useBias, returnSequences, returnState, goBackwards, stateful,
                dropout, recurrentDropout, kernelInitializer, v, biasInitializer, name, inputShape, weightRules);
    }

    /**
     * With another bias initializer.
     *
     * @param v the new {@code biasInitializer}
     * @return a copy with {@code biasInitializer} replaced
     */
    public SimpleRnnConfig withBiasInitializer(Initializer v) {
        return new SimpleRnnConfig(units, activation, useBias, returnSequences, returnState, goBackwards, stateful,
                dropout, recurrentDropout, kernelInitializer, recurrentInitializer, v, name, inputShape, weightRules);
    }

    /**
     * With a fixed name.
     *
     * @param v the new {@code name}
     * @return a copy with {@code name} replaced
     */
    public SimpleRnnConfig withName(String v) {
        return new SimpleRnnConfig(units, activation, useBias, returnSequences, returnState, goBackwards, stateful,
                dropout, recurrentDropout, kernelInitializer, recurrentInitializer, biasInitializer, v, inputShape, weightRules);
    }

    /**
     * With the per-sample input shape {@code [timesteps, features]} (first layer only).
     *
     * @param dims the per-sample input shape, batch dimension excluded
     * @return a copy with the input shape set
     */
    public SimpleRnnConfig inputShape(int... dims) {
        return new SimpleRnnConfig(units, activation, useBias, returnSequences, returnState, goBackwards, stateful,
                dropout, recurrentDropout, kernelInitializer, recurrentInitializer, biasInitializer, name,
                Shape.of(dims), weightRules);
    }


    @Override
    public String defaultNamePrefix() {
        return "simple_rnn";
    }

    @Override
    public Layer create(String layerName) {
        return new SimpleRnn(layerName, this);
    }

    /**
     * With regularizers and constraints on the kernel, recurrent kernel and bias.
     *
     * @param rules the new {@code weightRules}
     * @return a copy with {@code weightRules} replaced
     */
    public SimpleRnnConfig withWeightRules(WeightRules rules) {
        return new SimpleRnnConfig(units, activation, useBias, returnSequences, returnState, goBackwards, stateful, dropout, recurrentDropout, kernelInitializer, recurrentInitializer, biasInitializer, name, inputShape, rules);
    }
}
