package dev.engram.layers.recurrent;

/**
 * The four gate blocks of an LSTM's weights, in the order their columns appear in {@code kernel},
 * {@code recurrentKernel} and {@code bias} (the Keras and TF.js order; other formats permute to it
 * at their boundary). Block {@code g} of a layer with {@code u} units is columns
 * {@code [g.offset(u), g.offset(u) + u)}.
 */
public enum LstmGate {
    /** Input gate: how much of the candidate enters the cell. */
    I,
    /** Forget gate: how much of the old cell state stays ({@code unitForgetBias} starts its bias at 1). */
    F,
    /** Candidate (cell input), under the cell activation. */
    C,
    /** Output gate: how much of {@code act(c)} becomes h. */
    O;

    private static final int BLOCKS = values().length;

    /**
     * The first column of this block.
     *
     * @param units the layer's hidden size
     * @return {@code ordinal() * units}
     */
    public int offset(int units) {
        return ordinal() * units;
    }

    /**
     * The width of all gate blocks together: the last dimension of kernel, recurrent kernel and bias.
     *
     * @param units the layer's hidden size
     * @return {@code 4 * units}
     */
    public static int width(int units) {
        return BLOCKS * units;
    }
}
