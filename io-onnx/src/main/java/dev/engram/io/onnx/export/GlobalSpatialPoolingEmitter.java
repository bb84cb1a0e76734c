package dev.engram.io.onnx.export;

import dev.engram.layers.DataFormat;
import dev.engram.layers.GlobalSpatialPoolingConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.PoolingMode;
import java.util.List;

/**
 * GlobalAverage/MaxPooling2D/3D: {@code ReduceMean}/{@code ReduceMax} over the spatial axes in the
 * layer's own layout (no transpose needed), keeping them with size 1 for {@code keepDims}.
 */
final class GlobalSpatialPoolingEmitter extends KeyedEmitter<GlobalSpatialPoolingConfig> {
    GlobalSpatialPoolingEmitter() {
        super(GlobalSpatialPoolingConfig.class, "GlobalAverage/MaxPooling2D/3D");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, GlobalSpatialPoolingConfig p, List<ExportValue> ins) {
        String op = p.mode() == PoolingMode.AVERAGE ? "ReduceMean" : "ReduceMax";
        long[] axes = SpatialLayouts.spatialAxes(p.rank(), p.dataFormat() == DataFormat.CHANNELS_LAST);
        String y = g.reduce(op, ins.get(0).name(), layer.name() + "_pool", p.keepDims(), axes);
        return List.of(new ExportValue(y, p.keepDims() ? p.rank() + 2 : 2, null));
    }
}
