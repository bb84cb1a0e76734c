package dev.engram.layers;

/**
 * Reads the shared recurrent options of a layer configuration ({@link RecurrentLayerConfig}: LSTM,
 * GRU, SimpleRNN), with an error naming the wrapper for anything else.
 *
 * @param returnSequences whether every step is output
 * @param returnState     whether the final states follow the output
 * @param goBackwards     whether the sequence is read last to first
 */
record RecurrentOptions(boolean returnSequences, boolean returnState, boolean goBackwards) {

    /** The options of {@code config}, or an error naming the wrapper when it is not recurrent. */
    static RecurrentOptions of(LayerConfig<?> config, String wrapper) {
        if (config instanceof RecurrentLayerConfig<?> r) {
            return new RecurrentOptions(r.returnSequences(), r.returnState(), r.goBackwards());
        }
        throw new IllegalArgumentException(wrapper + " wraps a recurrent layer (LSTM, GRU, SimpleRNN), got "
                + (config == null ? "null" : config.getClass().getSimpleName()));
    }

    /** The same configuration with the reading direction reversed. */
    static LayerConfig<?> reversed(LayerConfig<?> config) {
        if (config instanceof RecurrentLayerConfig<?> r) {
            return r.withGoBackwards(!r.goBackwards());
        }
        throw new IllegalArgumentException("not a recurrent layer configuration: " + config);
    }
}
