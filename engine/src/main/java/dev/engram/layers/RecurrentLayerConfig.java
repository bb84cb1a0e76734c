package dev.engram.layers;

/**
 * The options every recurrent layer configuration shares (LSTM, GRU, SimpleRNN), as far as a
 * {@link Bidirectional} wrapper needs them: what the layer outputs and in which direction it reads.
 *
 * <p>A recurrent layer with these options has outputs {@code [output, state...]}: the output is
 * {@code [batch, units]}, or {@code [batch, timesteps, units]} with returnSequences (in processing
 * order, so not re-reversed when goBackwards); with returnState the final states follow.
 */
public interface RecurrentLayerConfig extends LayerConfig {

    /** True when the layer outputs every time step. */
    boolean returnSequences();

    /** True when the final states follow the output. */
    boolean returnState();

    /** True when the layer reads the sequence last to first. */
    boolean goBackwards();

    /** The same configuration reading in the given direction. */
    RecurrentLayerConfig withGoBackwards(boolean goBackwards);
}
