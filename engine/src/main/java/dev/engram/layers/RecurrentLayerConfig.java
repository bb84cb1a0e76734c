package dev.engram.layers;

/**
 * The options every recurrent layer configuration shares (LSTM, GRU, SimpleRNN): size, what the
 * layer outputs and in which direction it reads, state handling, dropout, and weight set-up. The
 * {@link Bidirectional} wrapper and {@link RecurrentLayer} read them through this interface.
 *
 * <p>A recurrent layer with these options has outputs {@code [output, state...]}: the output is
 * {@code [batch, units]}, or {@code [batch, timesteps, units]} with returnSequences (in processing
 * order, so not re-reversed when goBackwards); with returnState the final states follow.
 */
public interface RecurrentLayerConfig extends LayerConfig {

    /**
     * Hidden size.
     *
     * @return the hidden size, &gt; 0
     */
    int units();

    /**
     * True when the final state of one call is the initial state of the next.
     *
     * @return true for a stateful layer
     */
    boolean stateful();

    /**
     * Fraction of the inputs dropped in training (one mask per call).
     *
     * @return the rate, in [0, 1)
     */
    double dropout();

    /**
     * Fraction of the recurrent state dropped in training (one mask per call).
     *
     * @return the rate, in [0, 1)
     */
    double recurrentDropout();

    /**
     * Initializer of the input kernel.
     *
     * @return the initializer
     */
    dev.engram.initializers.Initializer kernelInitializer();

    /**
     * Initializer of the recurrent kernel.
     *
     * @return the initializer
     */
    dev.engram.initializers.Initializer recurrentInitializer();

    /**
     * Regularizers and constraints of kernel, recurrent kernel and bias.
     *
     * @return the rules, empty when none are set
     */
    WeightRules weightRules();

    /**
     * True when the layer outputs every time step.
     *
     * @return true for {@code [batch, timesteps, units]} outputs, false for {@code [batch, units]}
     */
    boolean returnSequences();

    /**
     * True when the final states follow the output.
     *
     * @return true when the final states are extra outputs
     */
    boolean returnState();

    /**
     * True when the layer reads the sequence last to first.
     *
     * @return true for reversed reading
     */
    boolean goBackwards();

    /**
     * The same configuration reading in the given direction.
     *
     * @param goBackwards true to read last to first
     * @return the changed configuration
     */
    RecurrentLayerConfig withGoBackwards(boolean goBackwards);
}
