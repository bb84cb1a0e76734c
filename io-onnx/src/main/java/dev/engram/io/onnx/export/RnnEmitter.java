package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.Layer;
import dev.engram.layers.RecurrentLayer;
import dev.engram.layers.Rnn;
import dev.engram.layers.RnnConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * RNN over one cell or stacked cells: one ONNX {@code LSTM} / {@code GRU} / {@code RNN} node per cell
 * ({@link RecurrentExport}), chained over the whole sequence (each cell's sequence output is the
 * next one's input, which equals running the cells interleaved per step). goBackwards acts on the
 * first cell only; its reversed sequence is already flipped into processing order for the next
 * cell. Initial states are extra inputs and returnState outputs, both in the layer's
 * {@link RnnConfig#stateOrder()}. A time-step mask reaching the layer is refused.
 */
final class RnnEmitter extends KeyedEmitter<RnnConfig> {
    RnnEmitter() {
        super(RnnConfig.class, "RNN");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, RnnConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        RecurrentExport.refuseMasked(layer, ins.get(0));
        return chain(g, (Rnn) layer, ins);
    }

    /**
     * The cells' nodes chained over the sequence {@code ins.get(0)} (with initial states after it): the
     * output (processing order when the RNN goes backwards, as the engine's), then the states when
     * returned; also one half of a Bidirectional.
     */
    static List<ExportValue> chain(GraphBuilder g, Rnn layer, List<ExportValue> ins) throws UnsupportedOnnxException {
        RnnConfig c = layer.config();
        List<RecurrentLayer> cells = layer.cellLayers();
        List<RnnConfig.StateSlot> slots = c.stateSlots();
        List<List<ExportValue>> outs = new ArrayList<>();
        ExportValue seq = ins.get(0);
        for (int k = 0; k < cells.size(); k++) {
            List<ExportValue> cellIns = new ArrayList<>();
            cellIns.add(seq);
            for (int s = 0; s < cells.get(k).stateCount() && ins.size() > 1; s++) {
                cellIns.add(ins.get(1 + slots.indexOf(new RnnConfig.StateSlot(k, s))));
            }
            List<ExportValue> o = RecurrentExport.single(g, cells.get(k), cellIns);
            outs.add(o);
            seq = o.get(0);
        }
        List<ExportValue> result = new ArrayList<>();
        result.add(seq);
        if (c.returnState()) {
            for (RnnConfig.StateSlot slot : slots) {
                result.add(outs.get(slot.cell()).get(1 + slot.state()));
            }
        }
        return result;
    }
}
