package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The exporter's registry: one {@link OnnxLayerEmitter} per layer config type. The refusal of an
 * unregistered layer lists what the registry holds, so the list cannot drift from the emitters.
 */
public final class OnnxEmitters {
    /** Registration order is the order of the supported-layer list in refusals. One line per emitter. */
    private static final Map<Class<? extends LayerConfig>, OnnxLayerEmitter<?>> BY_CONFIG = index(
            new DenseEmitter(),
            RecurrentEmitter.LSTM,
            RecurrentEmitter.GRU,
            RecurrentEmitter.SIMPLE_RNN,
            new BidirectionalEmitter(),
            new TimeDistributedEmitter(),
            new DropoutEmitter(),
            new EmbeddingEmitter(),
            new MaskingEmitter(),
            new RepeatVectorEmitter(),
            new FlattenEmitter(),
            new ReshapeEmitter(),
            new ActivationEmitter(),
            new Conv1DEmitter(),
            new DepthwiseConv1DEmitter(),
            new SeparableConv1DEmitter(),
            new Conv1DTransposeEmitter(),
            new Conv2DEmitter(),
            new Conv2DTransposeEmitter(),
            new DepthwiseConv2DEmitter(),
            new SeparableConv2DEmitter(),
            new GlobalPoolingEmitter(),
            new LayerNormalizationEmitter(),
            new BatchNormalizationEmitter(),
            new MergeEmitter(),
            new PermuteEmitter(),
            new Pooling1DEmitter(),
            new Cropping1DEmitter(),
            new UpSampling1DEmitter(),
            new ZeroPadding1DEmitter(),
            PassThroughEmitter.IDENTITY,
            RectifierEmitter.RELU,
            RectifierEmitter.LEAKY_RELU,
            RectifierEmitter.ELU,
            RectifierEmitter.THRESHOLDED_RELU,
            new PreluEmitter(),
            new SoftmaxLayerEmitter(),
            AttentionEmitter.ATTENTION,
            AttentionEmitter.ADDITIVE,
            PassThroughEmitter.SPATIAL_DROPOUT_1D,
            PassThroughEmitter.GAUSSIAN_NOISE,
            PassThroughEmitter.GAUSSIAN_DROPOUT,
            PassThroughEmitter.ALPHA_DROPOUT,
            new UnitNormalizationEmitter(),
            new SpatialPoolingEmitter(),
            new GlobalSpatialPoolingEmitter(),
            Sides2DEmitter.ZERO_PADDING,
            Sides2DEmitter.CROPPING,
            new UpSampling2DEmitter(),
            PassThroughEmitter.SPATIAL_DROPOUT_2D,
            new RescalingEmitter(),
            ImageResizeEmitter.RESIZING,
            ImageResizeEmitter.CENTER_CROP,
            new CategoryEncodingEmitter(),
            new NormalizationEmitter(),
            new DotEmitter(),
            new MultiHeadAttentionEmitter(),
            new GroupNormalizationEmitter(),
            new RnnEmitter(),
            new Conv3DEmitter(),
            new ConvLstm2DEmitter(),
            PassThroughEmitter.ACTIVITY_REGULARIZATION);

    private OnnxEmitters() {
    }

    private static Map<Class<? extends LayerConfig>, OnnxLayerEmitter<?>> index(OnnxLayerEmitter<?>... emitters) {
        Map<Class<? extends LayerConfig>, OnnxLayerEmitter<?>> m = new LinkedHashMap<>();
        for (OnnxLayerEmitter<?> e : emitters) {
            if (m.put(e.configType(), e) != null) {
                throw new IllegalStateException("two ONNX emitters for " + e.configType().getSimpleName());
            }
        }
        return m;
    }

    /**
     * Every registered emitter, in registration order.
     *
     * @return the emitters
     */
    public static Collection<OnnxLayerEmitter<?>> all() {
        return BY_CONFIG.values();
    }

    /**
     * The emitter for a config type.
     *
     * @param configType a layer config record type
     * @return its emitter, or null when the layer has no ONNX export
     */
    public static OnnxLayerEmitter<?> forConfig(Class<?> configType) {
        return BY_CONFIG.get(configType);
    }

    /**
     * The supported-layer list that refusals show, derived from the registry.
     *
     * @return e.g. {@code "Dense, LSTM, ..."}
     */
    public static String supported() {
        return BY_CONFIG.values().stream().map(OnnxLayerEmitter::exportedAs).collect(Collectors.joining(", "));
    }

    /**
     * Emits one call of {@code layer} through the emitter registered for its config type.
     *
     * @param g     the graph under construction
     * @param layer a built layer
     * @param ins   the call's inputs
     * @return the call's outputs in the engine's order
     * @throws UnsupportedOnnxException for a layer without an emitter, or what the emitter refuses
     */
    public static List<ExportValue> emit(GraphBuilder g, Layer layer, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        OnnxLayerEmitter<?> e = BY_CONFIG.get(layer.config().getClass());
        if (e == null) {
            throw new UnsupportedOnnxException("layer '" + layer.name() + "' (" + layer.typeName()
                    + ") has no ONNX export; exportable layers: " + supported());
        }
        return call(e, g, layer, ins);
    }

    private static <C extends LayerConfig> List<ExportValue> call(OnnxLayerEmitter<C> e, GraphBuilder g, Layer layer,
            List<ExportValue> ins) throws UnsupportedOnnxException {
        return e.emit(g, layer, e.configType().cast(layer.config()), ins);
    }
}
