package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.initializers.Initializer;
import dev.engram.tensor.Shape;

/**
 * A recurrent layer configuration (LSTM, GRU, SimpleRNN): the shared {@link RecurrentSettings},
 * the layer's own fields and its {@link LayerIdentity}. Every shared field has its accessor and its
 * wither here, written once for the three records; the {@link Bidirectional} wrapper and
 * {@link RecurrentLayer} read them through this interface.
 *
 * <p>A recurrent layer with these options has outputs {@code [output, state...]}: the output is
 * {@code [batch, units]}, or {@code [batch, timesteps, units]} with returnSequences (in processing
 * order, so not re-reversed when goBackwards); with returnState the final states follow.
 *
 * @param <C> the configuration's own type
 */
public sealed interface RecurrentLayerConfig<C extends RecurrentLayerConfig<C>> extends LayerConfig<C>
        permits LstmConfig, GruConfig, SimpleRnnConfig {

    /**
     * The fields LSTM, GRU and SimpleRNN share.
     *
     * @return the shared settings
     */
    RecurrentSettings settings();

    /**
     * The same layer with other shared settings (validated for this layer type).
     *
     * @param settings the new shared settings
     * @return the changed configuration
     */
    C withSettings(RecurrentSettings settings);

    /**
     * The name and input shape.
     *
     * @return the identity
     */
    @Override
    LayerIdentity identity();

    @Override
    default String name() {
        return identity().name();
    }

    @Override
    default Shape inputShape() {
        return identity().inputShape();
    }

    /** {@return the hidden size, &gt; 0} */
    default int units() {
        return settings().units();
    }

    /** {@return the cell/candidate and output activation} */
    default Activation activation() {
        return settings().activation();
    }

    /** {@return whether the layer adds a bias} */
    default boolean useBias() {
        return settings().useBias();
    }

    /** {@return true for {@code [batch, timesteps, units]} outputs, false for {@code [batch, units]}} */
    default boolean returnSequences() {
        return settings().returnSequences();
    }

    /** {@return true when the final states follow the output} */
    default boolean returnState() {
        return settings().returnState();
    }

    /** {@return true when the layer reads the sequence last to first} */
    default boolean goBackwards() {
        return settings().goBackwards();
    }

    /** {@return true when the final state of one call is the initial state of the next} */
    default boolean stateful() {
        return settings().stateful();
    }

    /** {@return the fraction of the inputs dropped in training (one mask per call), in [0, 1)} */
    default double dropout() {
        return settings().dropout();
    }

    /** {@return the fraction of the recurrent state dropped in training (one mask per call), in [0, 1)} */
    default double recurrentDropout() {
        return settings().recurrentDropout();
    }

    /** {@return the initializer of the input kernel} */
    default Initializer kernelInitializer() {
        return settings().kernelInitializer();
    }

    /** {@return the initializer of the recurrent kernel} */
    default Initializer recurrentInitializer() {
        return settings().recurrentInitializer();
    }

    /** {@return the initializer of the bias} */
    default Initializer biasInitializer() {
        return settings().biasInitializer();
    }

    /** {@return the regularizers and constraints of the weights, {@link WeightRules#NONE} when none are set} */
    default WeightRules weightRules() {
        return settings().weightRules();
    }

    /**
     * {@return a copy with another hidden size}
     * @param v the new {@code units}, &gt; 0
     */
    default C withUnits(int v) {
        return withSettings(settings().edit(s -> s.units = v));
    }

    /**
     * {@return a copy with another cell/candidate activation}
     * @param v the new {@code activation}, element-wise
     */
    default C withActivation(Activation v) {
        return withSettings(settings().edit(s -> s.activation = v));
    }

    /**
     * {@return a copy with or without the bias}
     * @param v the new {@code useBias}
     */
    default C withUseBias(boolean v) {
        return withSettings(settings().edit(s -> s.useBias = v));
    }

    /**
     * {@return a copy with every time step output, or only the last}
     * @param v the new {@code returnSequences}
     */
    default C withReturnSequences(boolean v) {
        return withSettings(settings().edit(s -> s.returnSequences = v));
    }

    /**
     * {@return a copy with the final states output after the output, or not}
     * @param v the new {@code returnState}
     */
    default C withReturnState(boolean v) {
        return withSettings(settings().edit(s -> s.returnState = v));
    }

    /**
     * {@return a copy with the sequence read last to first, or first to last}
     * @param v the new {@code goBackwards}
     */
    default C withGoBackwards(boolean v) {
        return withSettings(settings().edit(s -> s.goBackwards = v));
    }

    /**
     * {@return a copy with the final states carried into the next call (see {@link RecurrentLayer}), or not}
     * @param v the new {@code stateful}
     */
    default C withStateful(boolean v) {
        return withSettings(settings().edit(s -> s.stateful = v));
    }

    /**
     * {@return a copy with another input dropout rate}
     * @param v the new {@code dropout}, in [0, 1)
     */
    default C withDropout(double v) {
        return withSettings(settings().edit(s -> s.dropout = v));
    }

    /**
     * {@return a copy with another recurrent-state dropout rate}
     * @param v the new {@code recurrentDropout}, in [0, 1)
     */
    default C withRecurrentDropout(double v) {
        return withSettings(settings().edit(s -> s.recurrentDropout = v));
    }

    /**
     * {@return a copy with another kernel initializer}
     * @param v the new {@code kernelInitializer}
     */
    default C withKernelInitializer(Initializer v) {
        return withSettings(settings().edit(s -> s.kernelInitializer = v));
    }

    /**
     * {@return a copy with another recurrent-kernel initializer}
     * @param v the new {@code recurrentInitializer}
     */
    default C withRecurrentInitializer(Initializer v) {
        return withSettings(settings().edit(s -> s.recurrentInitializer = v));
    }

    /**
     * {@return a copy with another bias initializer}
     * @param v the new {@code biasInitializer}
     */
    default C withBiasInitializer(Initializer v) {
        return withSettings(settings().edit(s -> s.biasInitializer = v));
    }

    /**
     * {@return a copy with other regularizers and constraints on the kernel, recurrent kernel and bias}
     * @param v the new {@code weightRules}, null for none
     */
    default C withWeightRules(WeightRules v) {
        return withSettings(settings().edit(s -> s.weightRules = v));
    }
}
