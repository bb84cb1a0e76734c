package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.DataFormat;
import dev.engram.layers.GlobalPooling1DConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.PoolingMode;
import java.util.List;

/**
 * GlobalAverage/MaxPooling1D: {@code ReduceMean}/{@code ReduceMax} over the time axis (axis 1, channels first
 * 2; keepdims as the layer's keepDims). A pooling
 * layer that ignores the mask (TF.js semantics) is the plain reduction; a masked average is refused.
 */
final class GlobalPoolingEmitter extends KeyedEmitter<GlobalPooling1DConfig> {
    GlobalPoolingEmitter() {
        super(GlobalPooling1DConfig.class, "GlobalAverage/MaxPooling1D");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, GlobalPooling1DConfig p, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        ExportValue x = ins.get(0);
        if (x.maskSource() != null && p.useMask() && p.mode() == PoolingMode.AVERAGE) {
            throw new UnsupportedOnnxException("layer '" + layer.name() + "' (" + layer.typeName() + ") averages with "
                    + "the time-step mask made by '" + x.maskSource() + "'; masked pooling is not exported (refused)");
        }
        String op = p.mode() == PoolingMode.AVERAGE ? "ReduceMean" : "ReduceMax";
        long steps = p.dataFormat() == DataFormat.CHANNELS_LAST ? 1L : 2L;
        return List.of(new ExportValue(g.reduce(op, x.name(), layer.name() + "_pool", p.keepDims(), steps),
                p.keepDims() ? 3 : 2, null));
    }
}
