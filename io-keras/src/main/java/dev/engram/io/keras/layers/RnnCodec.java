package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.GruConfig;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.LstmConfig;
import dev.engram.layers.RecurrentLayerConfig;
import dev.engram.layers.RnnConfig;
import dev.engram.layers.RnnStateOrder;
import dev.engram.layers.SimpleRnnConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code RNN} over one cell ({@code LSTMCell}, {@code GRUCell}, {@code SimpleRNNCell}) or a
 * {@code StackedRNNCells} of them, as TF.js 4.22, tf-keras 2 and Keras 3 write it:
 * {@code {..., return_sequences, return_state, go_backwards, stateful, unroll, cell: {class_name,
 * config}}}. A cell's config is its layer's config without the sequence keys, read and written by
 * the LSTM, GRU and SimpleRNN codecs. TF.js also copies the cell's keys (one cell) or the
 * {@code cells} list (stacked) into the RNN's own config; its reader uses only {@code cell}, and so
 * does this one. Several cells' states are listed last cell first in TF.js and first cell first in
 * Keras ({@link RnnStateOrder}), so the state order follows the dialect. Refused: constants
 * ({@code num_constants}), {@code time_major} true, Keras 3 {@code zero_output_for_mask} true, and any
 * cell class but the three (custom cells, a StackedRNNCells inside a StackedRNNCells).
 */
final class RnnCodec extends AbstractKerasLayerCodec<RnnConfig> {
    /** Cell class name to the class of the layer whose codec reads the cell's config. */
    private static final Map<String, String> CELL_TO_LAYER = Map.of("LSTMCell", "LSTM", "GRUCell", "GRU",
            "SimpleRNNCell", "SimpleRNN");
    /** The sequence keys a layer config has and a cell config has not. */
    private static final List<String> SEQUENCE_KEYS = List.of("return_sequences", "return_state", "go_backwards",
            "stateful", "unroll", "zero_output_for_mask", "time_major");
    private static final String STACKED = "StackedRNNCells";

    RnnCodec() {
        super(RnnConfig.class, "RNN");
    }

    @Override
    public RnnConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String name = ctx.name();
        ConfigKeys.refuse(c, name, "RNN", "num_constants", "Engram does not support RNN constants");
        if (c.get("time_major").asBoolean(false)) {
            throw new UnsupportedLayerException(c.file(), c.get("time_major").pointer(), name, "RNN",
                    "RNN '" + name + "' has time_major true; Engram reads batch-major sequences only");
        }
        if (!ctx.inWrapper() && c.get("zero_output_for_mask").asBoolean(false)) {
            throw new UnsupportedLayerException(c.file(), c.get("zero_output_for_mask").pointer(), name, "RNN",
                    "RNN '" + name + "' has zero_output_for_mask true; Engram's masked steps repeat the previous"
                            + " output (the Keras default)");
        }
        ConfigNode cell = c.get("cell");
        if (cell.isNullOrMissing()) {
            throw cell.error("RNN '" + name + "' has no cell; expected {class_name, config} of LSTMCell, GRUCell, "
                    + "SimpleRNNCell or StackedRNNCells");
        }
        cell.requireObject();
        String cls = KerasEntries.className(cell);
        List<RecurrentLayerConfig<?>> cells = new ArrayList<>();
        boolean stacked = STACKED.equals(cls);
        if (stacked) {
            ConfigNode list = cell.get("config").requireObject().get("cells");
            for (ConfigNode entry : list.elements()) {
                cells.add(readCell(entry.requireObject(), ctx, name));
            }
        } else {
            cells.add(readCell(cell, ctx, name));
        }
        RnnStateOrder order = ctx.dialect() == KerasDialect.TFJS ? RnnStateOrder.LAST_CELL_FIRST
                : RnnStateOrder.FIRST_CELL_FIRST;
        cells = withoutDefaultNames(cells);
        return new RnnConfig(cells, stacked, c.get("return_sequences").asBoolean(false),
                c.get("return_state").asBoolean(false), c.get("go_backwards").asBoolean(false),
                c.get("stateful").asBoolean(false), c.get("unroll").asBoolean(false), order,
                new dev.engram.layers.LayerIdentity(name, ctx.inputShape()));
    }

    /**
     * The cells with each name that equals the one {@link #cellNames} would give an unnamed cell at its
     * place set to null, so that an engine RNN with unnamed cells reads back equal (and writes the same file).
     */
    private static List<RecurrentLayerConfig<?>> withoutDefaultNames(List<RecurrentLayerConfig<?>> cells) {
        List<RecurrentLayerConfig<?>> unnamed = new ArrayList<>();
        for (RecurrentLayerConfig<?> c : cells) {
            unnamed.add((RecurrentLayerConfig<?>) c.withName(null));
        }
        List<String> defaults = cellNames(RnnConfig.stacked(unnamed));
        List<RecurrentLayerConfig<?>> out = new ArrayList<>();
        for (int k = 0; k < cells.size(); k++) {
            out.add(defaults.get(k).equals(cells.get(k).name()) ? unnamed.get(k) : cells.get(k));
        }
        return out;
    }

    private static RecurrentLayerConfig<?> readCell(ConfigNode entry, KerasReadContext ctx, String rnn)
            throws ModelFormatException {
        String cls = KerasEntries.className(entry);
        String layerClass = CELL_TO_LAYER.get(cls);
        if (layerClass == null) {
            throw new UnsupportedLayerException(entry.file(), entry.pointer(), rnn, "RNN", "RNN '" + rnn
                    + "' has a cell of class " + cls + "; Engram's RNN cells are LSTMCell, GRUCell and SimpleRNNCell"
                    + (cls.equals(STACKED) ? " (a StackedRNNCells holds them directly, not another StackedRNNCells)"
                            : ""));
        }
        ConfigNode c = entry.get("config").requireObject();
        for (String key : SEQUENCE_KEYS) {
            if (!key.equals("unroll") && c.get(key).asBoolean(false)) {
                throw new UnsupportedLayerException(c.file(), c.get(key).pointer(), rnn, "RNN", "RNN '" + rnn
                        + "' has a " + cls + " with " + key + " true; a cell has no sequence options");
            }
        }
        ActivityRegularizerKeys.refuseInCell(c, rnn, cls);
        String cellName = c.get("name").isNullOrMissing() ? null : c.get("name").asString();
        KerasReadContext cellCtx = new KerasReadContext(ctx.dialect(), cellName, cls, null, false, ctx.axisChecks());
        return (RecurrentLayerConfig<?>) KerasLayers.codec(layerClass).read(c, cellCtx);
    }

    @Override
    public boolean writes(RnnConfig config, KerasDialect d) {
        for (RecurrentLayerConfig<?> cell : config.cells()) {
            if (!KerasLayers.codec(cell).writes(cell, d)) {
                return false;
            }
        }
        return d != KerasDialect.KERAS_1;
    }

    @Override
    public ObjectNode write(RnnConfig r, KerasWriteContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        List<String> names = cellNames(r);
        ArrayNode cellEntries = KerasEntries.object().arrayNode();
        boolean guard = false;
        for (int k = 0; k < r.cells().size(); k++) {
            ObjectNode entry = writeCell(r.cells().get(k), names.get(k), ctx, r.stacked() ? "cells" : "cell");
            guard |= entry.get("config").has("time_major");
            ((ObjectNode) entry.get("config")).remove("time_major");
            cellEntries.add(KerasEntries.nested(entry, d));
        }
        ObjectNode cell;
        if (r.stacked()) {
            ObjectNode sc = KerasEntries.object();
            if (d == KerasDialect.TFJS) {
                sc.put("name", "stacked_rnn_cells");
                sc.put("trainable", true);
            } else {
                KerasEntries.header(sc, "stacked_rnn_cells", d);
            }
            sc.set("cells", cellEntries);
            cell = KerasEntries.nested(KerasEntries.layerEntry(STACKED, sc, d), d);
        } else {
            cell = (ObjectNode) cellEntries.get(0);
        }
        ObjectNode c = KerasEntries.object();
        if (d == KerasDialect.TFJS) {
            // TF.js parity: getConfig() spreads the cell's config (its keys, or `cells`) before the RNN's own.
            c.put("name", ctx.name());
            c.put("trainable", true);
            ObjectNode inner = (ObjectNode) cell.get("config");
            inner.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("name") && !e.getKey().equals("trainable")) {
                    c.set(e.getKey(), e.getValue().deepCopy());
                }
            });
            KerasEntries.tfjsInput(c, ctx.inputShape());
        } else {
            KerasEntries.header(c, ctx.name(), d);
        }
        c.put("return_sequences", r.returnSequences());
        c.put("return_state", r.returnState());
        c.put("go_backwards", r.goBackwards());
        c.put("stateful", r.stateful());
        c.put("unroll", r.unroll());
        if (d.isKeras3()) {
            c.put("zero_output_for_mask", false);
        } else if (guard) {
            // Keras 3 reads hard_sigmoid as another function: the key tf-keras writes here makes Keras 3 refuse the file.
            c.put("time_major", false);
        }
        c.set("cell", cell);
        return c;
    }

    /** A cell's entry: its layer codec's config without the sequence keys, under the cell class name. */
    private static ObjectNode writeCell(RecurrentLayerConfig<?> cell, String name, KerasWriteContext ctx, String key)
            throws ModelFormatException {
        KerasLayerCodec<LayerConfig<?>> codec = KerasLayers.codec(cell);
        ObjectNode c = codec.write(cell, new KerasWriteContext(ctx.dialect(), name, null, ctx.at(key)));
        for (String k : SEQUENCE_KEYS) {
            c.remove(k);
        }
        Keras3Guard.apply(c, true, ctx.dialect());
        return KerasEntries.layerEntry(cellClass(cell), c, ctx.dialect());
    }

    private static String cellClass(RecurrentLayerConfig<?> cell) {
        return cell instanceof LstmConfig ? "LSTMCell" : cell instanceof GruConfig ? "GRUCell" : "SimpleRNNCell";
    }

    /**
     * The cells' names: their own, else the snake-cased class numbered per class within the RNN
     * ({@code lstm_cell}, {@code lstm_cell_1}), as Keras numbers them.
     *
     * @param r the RNN config
     * @return one name per cell
     */
    static List<String> cellNames(RnnConfig r) {
        Map<String, Integer> used = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (RecurrentLayerConfig<?> cell : r.cells()) {
            String base = cell instanceof LstmConfig ? "lstm_cell" : cell instanceof GruConfig ? "gru_cell"
                    : cell instanceof SimpleRnnConfig ? "simple_rnn_cell" : "cell";
            int n = used.merge(base, 1, Integer::sum) - 1;
            out.add(cell.name() != null ? cell.name() : n == 0 ? base : base + "_" + n);
        }
        return out;
    }

    @Override
    public List<String> weightNames(RnnConfig config) {
        List<String> out = new ArrayList<>();
        for (RecurrentLayerConfig<?> cell : config.cells()) {
            out.addAll(KerasLayers.codec(cell).weightNames(cell));
        }
        return out;
    }
}
