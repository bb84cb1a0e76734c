package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.ActivationLayerConfig;
import dev.engram.layers.DenseConfig;
import dev.engram.layers.DropoutConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.TimeDistributed;
import dev.engram.layers.TimeDistributedConfig;
import java.util.List;
import java.util.Set;

/**
 * TimeDistributed of a rank-generic layer: the wrapped layer's own nodes on {@code [batch, time, ...]}
 * (MatMul + Add, or element-wise), through the wrapped layer's emitter.
 */
final class TimeDistributedEmitter extends KeyedEmitter<TimeDistributedConfig> {
    /** The wrapped layers whose emitters work on any rank unchanged. */
    private static final Set<Class<?>> RANK_GENERIC = Set.of(DenseConfig.class, DropoutConfig.class,
            ActivationLayerConfig.class);

    TimeDistributedEmitter() {
        super(TimeDistributedConfig.class, "TimeDistributed(Dense)");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, TimeDistributedConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        Layer inner = ((TimeDistributed) layer).layer();
        if (!RANK_GENERIC.contains(inner.config().getClass())) {
            throw new UnsupportedOnnxException("layer '" + layer.name() + "': TimeDistributed(" + inner.typeName()
                    + ") has no ONNX export; TimeDistributed wraps Dense, Dropout or Activation for export");
        }
        return OnnxEmitters.emit(g, inner, ins);
    }
}
