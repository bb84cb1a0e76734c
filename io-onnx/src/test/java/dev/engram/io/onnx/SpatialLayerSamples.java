package dev.engram.io.onnx;

import dev.engram.layers.Cropping2DConfig;
import dev.engram.layers.DataFormat;
import dev.engram.layers.GlobalSpatialPoolingConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.Padding;
import dev.engram.layers.PoolingMode;
import dev.engram.layers.SpatialDropout2DConfig;
import dev.engram.layers.SpatialPoolingConfig;
import dev.engram.layers.UpSampling2DConfig;
import dev.engram.layers.ZeroPadding2DConfig;
import dev.engram.models.Network;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Sample models for the emitters of the image and volume layers (issue 18), one per config type,
 * each exercising the non-default options: same padding with strides (explicit and, for an unknown
 * size, {@code auto_pad}), channels-first, 3-D pooling, keepdims, every padding side.
 */
final class SpatialLayerSamples {
    private SpatialLayerSamples() {
    }

    static void addTo(Map<Class<?>, Map.Entry<String, Supplier<Network>>> m) {
        m.put(SpatialPoolingConfig.class, Map.entry("pooling2d", () -> NetworkModels.seq(
                Layers.maxPooling2d(3, 2).withStrides(2, 1).withPadding(Padding.SAME).inputShape(7, 6, 3),
                Layers.averagePooling2d(2, 3).withStrides(2, 2).withPadding(Padding.SAME),
                Layers.maxPooling2d(1, 1).withDataFormat(DataFormat.CHANNELS_FIRST),
                Layers.averagePooling2d(2, 1).withDataFormat(DataFormat.CHANNELS_FIRST))));
        m.put(GlobalSpatialPoolingConfig.class, Map.entry("global_pooling2d", () -> NetworkModels.seq(
                Layers.globalMaxPooling2d().withKeepDims(true).inputShape(4, 3, 2),
                Layers.globalAveragePooling2d())));
        m.put(ZeroPadding2DConfig.class, Map.entry("zero_padding2d", () -> NetworkModels.seq(
                Layers.zeroPadding2d(1, 2, 0, 3).inputShape(3, 4, 2),
                Layers.zeroPadding2d(1, 0, 1, 1).withDataFormat(DataFormat.CHANNELS_FIRST))));
        m.put(Cropping2DConfig.class, Map.entry("cropping2d", () -> NetworkModels.seq(
                Layers.cropping2d(1, 0, 2, 1).inputShape(5, 6, 2),
                Layers.cropping2d(0, 1, 1, 0).withDataFormat(DataFormat.CHANNELS_FIRST))));
        m.put(UpSampling2DConfig.class, Map.entry("up_sampling2d", () -> NetworkModels.seq(
                Layers.upSampling2d(2, 3).inputShape(3, 2, 2),
                Layers.upSampling2d(1, 2).withDataFormat(DataFormat.CHANNELS_FIRST))));
        m.put(SpatialDropout2DConfig.class, Map.entry("spatial_dropout2d", () -> NetworkModels.seq(
                Layers.spatialDropout2d(0.3).inputShape(3, 4, 2), Layers.flatten())));
    }

    /** A 3-D pooling model (ONNX MaxPool/AveragePool on NCDHW). */
    static Network volume() {
        return NetworkModels.seq(
                SpatialPoolingConfig.of(PoolingMode.MAX, 2, 2, 1).withPadding(Padding.SAME).inputShape(3, 4, 3, 2),
                Layers.averagePooling3d(1, 2, 2).withStrides(1, 1, 1).withDataFormat(DataFormat.CHANNELS_FIRST));
    }
}
