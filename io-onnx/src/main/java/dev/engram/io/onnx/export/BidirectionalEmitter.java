package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.Bidirectional;
import dev.engram.layers.BidirectionalConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.Rnn;
import java.util.ArrayList;
import java.util.List;

/**
 * Bidirectional(LSTM | GRU | SimpleRNN): one {@code bidirectional} ONNX node with W, R, B stacked
 * forward then backward ({@link RecurrentExport}). Bidirectional(RNN over cells): each half as the RNN
 * emitter's chain of per-cell nodes ({@link RnnEmitter#chain}), the backward half's sequence flipped back
 * to input order ({@code Slice} with step -1 on the time axis), then merged ({@code Concat} on the last
 * axis, {@code Add}, {@code Mul}, {@code 0.5·Add}, or both outputs), the forward half's states before the
 * backward half's. Initial states and masks are refused.
 */
final class BidirectionalEmitter extends KeyedEmitter<BidirectionalConfig> {
    BidirectionalEmitter() {
        super(BidirectionalConfig.class, "Bidirectional");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, BidirectionalConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        RecurrentExport.refuseMasked(layer, ins.get(0));
        if (ins.size() != 1) {
            throw new UnsupportedOnnxException("layer '" + layer.name() + "': initial states of a Bidirectional "
                    + "layer are not exported");
        }
        Bidirectional bl = (Bidirectional) layer;
        if (bl.forwardLayer() instanceof Rnn f && bl.backwardLayer() instanceof Rnn b) {
            return halves(g, layer.name(), c, RnnEmitter.chain(g, f, ins), RnnEmitter.chain(g, b, ins));
        }
        return RecurrentExport.bidirectional(g, bl, ins.get(0));
    }

    /** Merges the two halves' outputs as the engine's Bidirectional does. */
    private static List<ExportValue> halves(GraphBuilder g, String name, BidirectionalConfig c, List<ExportValue> f,
            List<ExportValue> b) {
        boolean seq = c.innerReturnSequences();
        String y = f.get(0).name();
        // Keras/TF.js parity: the backward half's sequence is in processing order; merge it in input order.
        String r = seq ? g.node("Slice", name + "_input_order", List.of(b.get(0).name(), g.longs("starts", -1L),
                g.longs("ends", -Long.MAX_VALUE), g.longs("axes", 1L), g.longs("steps", -1L))) : b.get(0).name();
        int rank = f.get(0).rank();
        List<ExportValue> out = new ArrayList<>();
        switch (c.mergeMode()) {
            case CONCAT -> out.add(new ExportValue(g.node("Concat", name + "_concat", List.of(y, r),
                    GraphBuilder.attr("axis", -1L)), rank, null));
            case NONE -> {
                out.add(new ExportValue(y, rank, null));
                out.add(new ExportValue(r, rank, null));
            }
            case SUM -> out.add(new ExportValue(g.node("Add", name + "_sum", List.of(y, r)), rank, null));
            case MUL -> out.add(new ExportValue(g.node("Mul", name + "_mul", List.of(y, r)), rank, null));
            // TF.js parity: mul(.5, add(y, yRev))
            default -> out.add(new ExportValue(g.node("Mul", name + "_ave", List.of(
                    g.node("Add", name + "_sum", List.of(y, r)), g.scalar("half", 0.5f))), rank, null));
        }
        out.addAll(f.subList(1, f.size()));
        out.addAll(b.subList(1, b.size()));
        return out;
    }
}
