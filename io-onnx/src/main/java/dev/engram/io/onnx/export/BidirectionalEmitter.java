package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.Bidirectional;
import dev.engram.layers.BidirectionalConfig;
import dev.engram.layers.Layer;
import java.util.List;

/**
 * Bidirectional(LSTM | GRU | SimpleRNN): one {@code bidirectional} ONNX node with W, R, B stacked
 * forward then backward ({@link RecurrentExport}); initial states and masks are refused.
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
        return RecurrentExport.bidirectional(g, (Bidirectional) layer, ins.get(0));
    }
}
