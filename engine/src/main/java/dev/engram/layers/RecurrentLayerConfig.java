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

    /** Hidden size. */
    int units();

    /** True when the final state of one call is the initial state of the next. */
    boolean stateful();

    /** Fraction of the inputs dropped in training (one mask per call). */
    double dropout();

    /** Fraction of the recurrent state dropped in training (one mask per call). */
    double recurrentDropout();

    /** Initializer of the input kernel. */
    dev.engram.initializers.Initializer kernelInitializer();

    /** Initializer of the recurrent kernel. */
    dev.engram.initializers.Initializer recurrentInitializer();

    /** Regularizers and constraints of kernel, recurrent kernel and bias. */
    WeightRules weightRules();

    /** True when the layer outputs every time step. */
    boolean returnSequences();

    /** True when the final states follow the output. */
    boolean returnState();

    /** True when the layer reads the sequence last to first. */
    boolean goBackwards();

    /** The same configuration reading in the given direction. */
    RecurrentLayerConfig withGoBackwards(boolean goBackwards);
}
