package dev.engram.io.onnx;

import dev.engram.layers.CategoryEncodingConfig;
import dev.engram.layers.CategoryOutputMode;
import dev.engram.layers.CenterCropConfig;
import dev.engram.layers.CenterCropMode;
import dev.engram.layers.DataFormat;
import dev.engram.layers.Interpolation;
import dev.engram.layers.Layers;
import dev.engram.layers.Normalization;
import dev.engram.layers.NormalizationConfig;
import dev.engram.layers.RescalingConfig;
import dev.engram.layers.ResizeSampling;
import dev.engram.layers.ResizingConfig;
import dev.engram.models.Network;
import dev.engram.tensor.Tensor;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Sample models for the preprocessing emitters: every resize sampling mode (half-pixel with the
 * aspect crop, aligned corners, asymmetric, nearest), both CenterCrop rules with a crop and an
 * enlargement, channels-first, and the three CategoryEncoding modes ({@code embedding_} keys give
 * integer ids).
 */
final class PreprocessingSamples {
    private PreprocessingSamples() {
    }

    static void addTo(Map<Class<?>, Map.Entry<String, Supplier<Network>>> m) {
        m.put(RescalingConfig.class, Map.entry("rescaling", () -> NetworkModels.seq(
                Layers.rescaling(0.5).withOffset(-0.25).inputShape(3, 2))));
        m.put(ResizingConfig.class, Map.entry("resizing", () -> NetworkModels.seq(
                Layers.resizing(5, 7).withSampling(ResizeSampling.HALF_PIXEL).withCropToAspectRatio(true)
                        .inputShape(6, 4, 2),
                Layers.resizing(4, 3),
                Layers.resizing(6, 5).withSampling(ResizeSampling.ASYMMETRIC),
                Layers.resizing(3, 4).withInterpolation(Interpolation.NEAREST).withSampling(ResizeSampling.HALF_PIXEL),
                Layers.permute(3, 1, 2),
                Layers.resizing(5, 2).withInterpolation(Interpolation.NEAREST).withDataFormat(DataFormat.CHANNELS_FIRST))));
        m.put(CenterCropConfig.class, Map.entry("center_crop", () -> NetworkModels.seq(
                Layers.centerCrop(4, 4).inputShape(6, 5, 2),
                Layers.centerCrop(6, 5),
                Layers.centerCrop(3, 3).withMode(CenterCropMode.PRESERVE_ASPECT),
                Layers.centerCrop(5, 4).withMode(CenterCropMode.PRESERVE_ASPECT))));
        m.put(NormalizationConfig.class, Map.entry("normalization", () -> {
            Network n = NetworkModels.seq(Layers.normalization().inputShape(4, 3),
                    Layers.normalization().withAxes(1, 2).withMeanAndVariance(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
                            11, 12}, new float[] {1, 4, 9, 0.5f, 2, 3, 1, 1, 2, 0, 5, 6}),
                    Layers.normalization().withAxes().withMeanAndVariance(new float[] {0.5f}, new float[] {2})
                            .withInvert(true));
            ((Normalization) n.layers().get(0)).adapt(Tensor.wrap(dev.engram.tensor.Shape.of(2, 4, 3),
                    new float[] {1, 5, -2, 3, 7, 0, 2, 2, 2, 9, -1, 4, 0, 3, 8, 1, 1, 6, 4, -3, 2, 5, 0, 1}));
            return n;
        }));
        m.put(CategoryEncodingConfig.class, Map.entry("embedding_category", () -> NetworkModels.functional(b -> {
            var ids = b.input("ids", 4);
            var count = b.apply(Layers.categoryEncoding(NetworkModels.VOCAB).withOutputMode(CategoryOutputMode.COUNT), ids);
            var multi = b.apply(Layers.categoryEncoding(NetworkModels.VOCAB), ids);
            var hot = b.apply(Layers.categoryEncoding(NetworkModels.VOCAB).withOutputMode(CategoryOutputMode.ONE_HOT), ids);
            return java.util.List.of(java.util.List.of(ids), java.util.List.of(count, multi, b.apply(Layers.flatten(), hot)));
        })));
    }
}
