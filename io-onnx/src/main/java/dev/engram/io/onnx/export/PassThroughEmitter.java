package dev.engram.io.onnx.export;

import dev.engram.layers.ActivityRegularizationConfig;
import dev.engram.layers.AlphaDropoutConfig;
import dev.engram.layers.GaussianDropoutConfig;
import dev.engram.layers.GaussianNoiseConfig;
import dev.engram.layers.IdentityConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.SpatialDropout1DConfig;
import dev.engram.layers.SpatialDropout2DConfig;
import java.util.List;

/**
 * Layers that are the identity at inference ({@code Identity}, and the regularisation layers
 * {@code SpatialDropout1D}, {@code GaussianNoise}, {@code GaussianDropout}, {@code AlphaDropout},
 * {@code ActivityRegularization}):
 * no node, the input value (and its mask) passes on. One instance per config type.
 *
 * @param <C> the config type
 */
final class PassThroughEmitter<C extends LayerConfig> implements OnnxLayerEmitter<C> {
    static final PassThroughEmitter<IdentityConfig> IDENTITY = new PassThroughEmitter<>(IdentityConfig.class,
            "Identity");
    static final PassThroughEmitter<SpatialDropout1DConfig> SPATIAL_DROPOUT_1D = new PassThroughEmitter<>(
            SpatialDropout1DConfig.class, "SpatialDropout1D");
    static final PassThroughEmitter<SpatialDropout2DConfig> SPATIAL_DROPOUT_2D = new PassThroughEmitter<>(
            SpatialDropout2DConfig.class, "SpatialDropout2D");
    static final PassThroughEmitter<GaussianNoiseConfig> GAUSSIAN_NOISE = new PassThroughEmitter<>(
            GaussianNoiseConfig.class, "GaussianNoise");
    static final PassThroughEmitter<GaussianDropoutConfig> GAUSSIAN_DROPOUT = new PassThroughEmitter<>(
            GaussianDropoutConfig.class, "GaussianDropout");
    static final PassThroughEmitter<AlphaDropoutConfig> ALPHA_DROPOUT = new PassThroughEmitter<>(
            AlphaDropoutConfig.class, "AlphaDropout");
    /** Inference only: the activity penalty is a training loss term, which ONNX does not carry. */
    static final PassThroughEmitter<ActivityRegularizationConfig> ACTIVITY_REGULARIZATION = new PassThroughEmitter<>(
            ActivityRegularizationConfig.class, "ActivityRegularization");

    private final Class<C> type;
    private final String name;

    private PassThroughEmitter(Class<C> type, String name) {
        this.type = type;
        this.name = name;
    }

    @Override
    public Class<C> configType() {
        return type;
    }

    @Override
    public String exportedAs() {
        return name;
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, C config, List<ExportValue> ins) {
        return List.of(ins.get(0));
    }
}
