package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.Layer;
import dev.engram.layers.RecurrentLayer;
import dev.engram.layers.Rnn;
import dev.engram.layers.RnnConfig;
import dev.engram.layers.RnnStateOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * RNN over one cell or stacked cells: one ONNX {@code LSTM} / {@code GRU} / {@code RNN} node per cell
 * ({@link RecurrentExport}), chained over the whole sequence (each cell's sequence output is the
 * next one's input, which equals running the cells interleaved per step). goBackwards acts on the
 * first cell only; its reversed sequence is already flipped into processing order for the next
 * cell. Initial states are extra inputs and returnState outputs, both in the layer's
 * {@link RnnStateOrder}. A time-step mask reaching the layer is refused.
 */
final class RnnEmitter extends KeyedEmitter<RnnConfig> {
    RnnEmitter() {
        super(RnnConfig.class, "RNN");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, RnnConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        RecurrentExport.refuseMasked(layer, ins.get(0));
        List<RecurrentLayer> cells = ((Rnn) layer).cellLayers();
        int[][] slots = slots(cells, c.stateOrder());
        List<List<ExportValue>> outs = new ArrayList<>();
        ExportValue seq = ins.get(0);
        for (int k = 0; k < cells.size(); k++) {
            List<ExportValue> cellIns = new ArrayList<>();
            cellIns.add(seq);
            for (int s = 0; s < cells.get(k).stateCount() && ins.size() > 1; s++) {
                cellIns.add(ins.get(1 + indexOf(slots, k, s)));
            }
            List<ExportValue> o = RecurrentExport.single(g, cells.get(k), cellIns);
            outs.add(o);
            seq = o.get(0);
        }
        List<ExportValue> result = new ArrayList<>();
        result.add(seq);
        if (c.returnState()) {
            for (int[] slot : slots) {
                result.add(outs.get(slot[0]).get(1 + slot[1]));
            }
        }
        return result;
    }

    /** For each flat state (in {@code order}), {@code {cell, index within the cell}}. */
    private static int[][] slots(List<RecurrentLayer> cells, RnnStateOrder order) {
        List<int[]> out = new ArrayList<>();
        for (int j = 0; j < cells.size(); j++) {
            int k = order == RnnStateOrder.LAST_CELL_FIRST ? cells.size() - 1 - j : j;
            for (int s = 0; s < cells.get(k).stateCount(); s++) {
                out.add(new int[] {k, s});
            }
        }
        return out.toArray(new int[0][]);
    }

    private static int indexOf(int[][] slots, int cell, int state) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i][0] == cell && slots[i][1] == state) {
                return i;
            }
        }
        throw new IllegalStateException("no state " + state + " of cell " + cell);
    }
}
