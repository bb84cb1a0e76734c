package dev.engram.layers;

/**
 * The order in which an {@link Rnn} over several cells lists the cells' states, as initial-state
 * inputs and as returnState outputs. Within one cell the order is always the cell's own (LSTM
 * {@code h, c}). The peers disagree, so readers set it from the file's origin:
 */
public enum RnnStateOrder {
    /**
     * The last cell's states first: {@code [h2, c2, h1, c1]} for two LSTM cells. TF.js's
     * {@code StackedRNNCells.stateSize} (tfjs-layers 4.22); the default.
     */
    LAST_CELL_FIRST,
    /** The first cell's states first: {@code [h1, c1, h2, c2]}. Keras 3 and tf-keras 2. */
    FIRST_CELL_FIRST
}
