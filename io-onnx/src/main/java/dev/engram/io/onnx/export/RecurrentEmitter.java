package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.GruConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.LstmConfig;
import dev.engram.layers.RecurrentLayerConfig;
import dev.engram.layers.SimpleRnnConfig;
import java.util.List;

/**
 * LSTM, GRU and SimpleRNN: one ONNX {@code LSTM} / {@code GRU} / {@code RNN} node each
 * ({@link RecurrentExport} builds it); extra inputs are the initial states. A time-step mask
 * reaching the layer is refused.
 *
 * @param <C> the recurrent config type
 */
final class RecurrentEmitter<C extends RecurrentLayerConfig> extends KeyedEmitter<C> {
    static final RecurrentEmitter<LstmConfig> LSTM = new RecurrentEmitter<>(LstmConfig.class, "LSTM");
    static final RecurrentEmitter<GruConfig> GRU = new RecurrentEmitter<>(GruConfig.class, "GRU");
    static final RecurrentEmitter<SimpleRnnConfig> SIMPLE_RNN = new RecurrentEmitter<>(SimpleRnnConfig.class,
            "SimpleRNN");

    private RecurrentEmitter(Class<C> type, String name) {
        super(type, name);
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, C config, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        RecurrentExport.refuseMasked(layer, ins.get(0));
        return RecurrentExport.single(g, layer, ins);
    }
}
