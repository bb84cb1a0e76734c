package dev.engram.layers.recurrent;

/**
 * The three gate blocks of a GRU's weights, in the order their columns appear in {@code kernel},
 * {@code recurrentKernel} and each bias row (the Keras and TF.js order; other formats permute to it
 * at their boundary). Block {@code g} of a layer with {@code u} units is columns
 * {@code [g.offset(u), g.offset(u) + u)}.
 */
public enum GruGate {
    /** Update gate: how much of the old state carries over. */
    Z,
    /** Reset gate: how much of the old state feeds the candidate. */
    R,
    /** Candidate state, under the activation. */
    H;

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
     * @return {@code 3 * units}
     */
    public static int width(int units) {
        return BLOCKS * units;
    }
}
