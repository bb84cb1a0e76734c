package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of an {@link Rnn}: the generic recurrent layer of TF.js ({@code tf.layers.rnn}) and
 * Keras ({@code keras.layers.RNN}) over one cell or a stack of cells. Create with
 * {@link Layers#rnn(RecurrentLayerConfig)} (one cell) or {@link Layers#rnn(List)} (stacked cells).
 *
 * <p>A cell is the per-step math of an LSTM, GRU or SimpleRNN, given as that layer's configuration
 * ({@link Layers#lstmCell}, {@link Layers#gruCell}, {@link Layers#simpleRnnCell}): its units,
 * activations, bias, dropout rates, initializers and weight rules. The sequence options belong to
 * the RNN, so a cell must leave returnSequences, returnState, goBackwards and stateful false and have
 * no input shape. A cell's name, if set, is kept for the files that store it.
 *
 * @param cells           the cells, first to last; at least one; each a cell (see above)
 * @param stacked         true when the cells were given as a list (TF.js and Keras wrap them in
 *                        {@code StackedRNNCells}, even a list of one, and name the weights per cell),
 *                        false for a single cell (then {@code cells} has exactly one element)
 * @param returnSequences output every step {@code [batch, timesteps, units]}, default false
 * @param returnState     also output the final states of every cell, default false
 * @param goBackwards     read the sequence last to first; outputs are not re-reversed, default false
 * @param stateful        carry the final states into the next call until {@link Rnn#resetStates()}, default false
 * @param unroll          kept for the files; the engine computes the same either way, default false
 * @param stateOrder      how several cells' states are listed, default {@link RnnStateOrder#LAST_CELL_FIRST} (TF.js)
 * @param identity        name and per-sample input shape {@code [timesteps, features]} (first layer only)
 */
public record RnnConfig(List<RecurrentLayerConfig<?>> cells, boolean stacked, boolean returnSequences,
        boolean returnState, boolean goBackwards, boolean stateful, boolean unroll, RnnStateOrder stateOrder,
        LayerIdentity identity) implements LayerConfig<RnnConfig> {

    /**
     * Validates the fields; a null identity is {@link LayerIdentity#UNNAMED}.
     *
     * @param cells           the cells, first to last
     * @param stacked         whether the cells were given as a list
     * @param returnSequences output every step
     * @param returnState     also output the final states
     * @param goBackwards     read the sequence last to first
     * @param stateful        carry the final states into the next call
     * @param unroll          kept for the files
     * @param stateOrder      how several cells' states are listed
     * @param identity        name and input shape, or null
     * @throws IllegalArgumentException for an empty cell list, several cells not stacked, a cell with
     *                                  sequence options or an input shape, or an input shape not of rank 2
     */
    public RnnConfig {
        Objects.requireNonNull(cells, "cells");
        Objects.requireNonNull(stateOrder, "stateOrder");
        cells = List.copyOf(cells);
        identity = identity == null ? LayerIdentity.UNNAMED : identity;
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("RNN needs at least one cell, got an empty cell list");
        }
        if (!stacked && cells.size() != 1) {
            throw new IllegalArgumentException("RNN over " + cells.size() + " cells must be stacked");
        }
        for (int i = 0; i < cells.size(); i++) {
            RecurrentLayerConfig<?> c = cells.get(i);
            String where = "RNN cell " + i + " (" + c.getClass().getSimpleName().replace("Config", "") + ")";
            if (c.returnSequences() || c.returnState() || c.goBackwards() || c.stateful()) {
                throw new IllegalArgumentException(where + " sets returnSequences, returnState, goBackwards or "
                        + "stateful; these are options of the RNN, not of its cells");
            }
            if (c.inputShape() != null) {
                throw new IllegalArgumentException(where + " has an input shape " + c.inputShape()
                        + "; give it to the RNN");
            }
        }
        if (identity.inputShape() != null && identity.inputShape().rank() != 2) {
            throw new IllegalArgumentException("RNN inputShape is [timesteps, features] (rank 2), got "
                    + identity.inputShape());
        }
    }

    /**
     * An RNN over one cell with TF.js defaults.
     *
     * @param cell the cell
     * @return the configuration
     */
    public static RnnConfig of(RecurrentLayerConfig<?> cell) {
        return new RnnConfig(List.of(cell), false, false, false, false, false, false, RnnStateOrder.LAST_CELL_FIRST,
                LayerIdentity.UNNAMED);
    }

    /**
     * An RNN over stacked cells with TF.js defaults.
     *
     * @param cells the cells, first to last
     * @return the configuration
     */
    public static RnnConfig stacked(List<? extends RecurrentLayerConfig<?>> cells) {
        return new RnnConfig(List.copyOf(cells), true, false, false, false, false, false,
                RnnStateOrder.LAST_CELL_FIRST, LayerIdentity.UNNAMED);
    }

    /** {@return the number of state tensors of all cells together} */
    public int stateCount() {
        return stateSlots().size();
    }

    /**
     * One entry of the flat state list (initial-state inputs, returnState outputs).
     *
     * @param cell  the cell, 0 for the first
     * @param state the state within the cell: 0 for h, 1 for an LSTM cell's c
     */
    public record StateSlot(int cell, int state) {
    }

    /**
     * The flat state list in {@link #stateOrder()}: for two LSTM cells, TF.js order is
     * {@code [(1,h), (1,c), (0,h), (0,c)]}, Keras order {@code [(0,h), (0,c), (1,h), (1,c)]}.
     *
     * @return one slot per state, {@link #stateCount()} in all
     */
    public List<StateSlot> stateSlots() {
        java.util.ArrayList<StateSlot> out = new java.util.ArrayList<>();
        int n = cells.size();
        for (int j = 0; j < n; j++) {
            int k = stateOrder == RnnStateOrder.LAST_CELL_FIRST ? n - 1 - j : j;
            for (int s = 0; s < (cells.get(k) instanceof LstmConfig ? 2 : 1); s++) {
                out.add(new StateSlot(k, s));
            }
        }
        return List.copyOf(out);
    }

    /** {@return the output size: the last cell's units} */
    public int units() {
        return cells.get(cells.size() - 1).units();
    }

    /**
     * {@return a copy with every time step output, or only the last}
     * @param v the new {@code returnSequences}
     */
    public RnnConfig withReturnSequences(boolean v) {
        return new RnnConfig(cells, stacked, v, returnState, goBackwards, stateful, unroll, stateOrder, identity);
    }

    /**
     * {@return a copy with the final states output after the output, or not}
     * @param v the new {@code returnState}
     */
    public RnnConfig withReturnState(boolean v) {
        return new RnnConfig(cells, stacked, returnSequences, v, goBackwards, stateful, unroll, stateOrder, identity);
    }

    /**
     * {@return a copy reading the sequence last to first, or first to last}
     * @param v the new {@code goBackwards}
     */
    public RnnConfig withGoBackwards(boolean v) {
        return new RnnConfig(cells, stacked, returnSequences, returnState, v, stateful, unroll, stateOrder, identity);
    }

    /**
     * {@return a copy carrying the final states into the next call, or not}
     * @param v the new {@code stateful}
     */
    public RnnConfig withStateful(boolean v) {
        return new RnnConfig(cells, stacked, returnSequences, returnState, goBackwards, v, unroll, stateOrder, identity);
    }

    /**
     * {@return a copy with the unroll flag (no effect on the math)}
     * @param v the new {@code unroll}
     */
    public RnnConfig withUnroll(boolean v) {
        return new RnnConfig(cells, stacked, returnSequences, returnState, goBackwards, stateful, v, stateOrder,
                identity);
    }

    /**
     * {@return a copy listing several cells' states in another order}
     * @param v the new {@code stateOrder}
     */
    public RnnConfig withStateOrder(RnnStateOrder v) {
        return new RnnConfig(cells, stacked, returnSequences, returnState, goBackwards, stateful, unroll, v, identity);
    }

    @Override
    public String name() {
        return identity.name();
    }

    @Override
    public Shape inputShape() {
        return identity.inputShape();
    }

    @Override
    public RnnConfig withIdentity(LayerIdentity id) {
        return new RnnConfig(cells, stacked, returnSequences, returnState, goBackwards, stateful, unroll, stateOrder,
                id);
    }

    @Override
    public String defaultNamePrefix() {
        return "rnn";
    }

    @Override
    public Layer create(String layerName) {
        return new Rnn(layerName, this);
    }
}
