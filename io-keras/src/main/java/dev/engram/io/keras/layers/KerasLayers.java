package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.ActivityRegularizationConfig;
import dev.engram.layers.CustomLayerConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Parameter;
import dev.engram.layers.RecurrentLayerConfig;
import dev.engram.regularizers.ActivityRegularizer;
import dev.engram.tensor.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one registry of Keras layer codecs, keyed by Keras class name (aliases included) and by engine
 * config type. Readers and writers of every Keras-family format (TF.js, h5, .keras) and the
 * functional graph reader/writer look layers up here; the supported and writable class lists
 * derive from it. A new layer is one {@link KerasLayerCodec} added to {@link #CODECS}.
 */
public final class KerasLayers {
    /** Every codec, in the order the supported-class list names them. */
    private static final List<KerasLayerCodec<?>> CODECS = List.of(new DenseCodec(), new LstmCodec(), new GruCodec(),
            new SimpleRnnCodec(), new DropoutCodec(), new ActivationCodec(), new BidirectionalCodec(),
            new TimeDistributedCodec(), new EmbeddingCodec(), new MaskingCodec(), new RepeatVectorCodec(),
            new FlattenCodec(), new ReshapeCodec(), new Conv1DCodec(), new Conv1DTransposeCodec(), new Conv2DCodec(), new Conv2DTransposeCodec(), new DepthwiseConv2DCodec(), new DepthwiseConv1DCodec(), new SeparableConv2DCodec(), new SeparableConv1DCodec(), new GlobalPooling1DCodec(),
            new LayerNormalizationCodec(), new BatchNormalizationCodec(), new MergeCodec(),
            new PermuteCodec(), new Pooling1DCodec(), new Cropping1DCodec(), new UpSampling1DCodec(),
            new ZeroPadding1DCodec(), new IdentityCodec(), new ReluCodec(), new LeakyReluCodec(), new EluCodec(),
            new ThresholdedReluCodec(), new PreluCodec(), new SoftmaxCodec(), new AttentionCodec(),
            new AdditiveAttentionCodec(), NoiseCodec.SPATIAL_DROPOUT_1D, NoiseCodec.GAUSSIAN_NOISE,
            NoiseCodec.GAUSSIAN_DROPOUT, NoiseCodec.ALPHA_DROPOUT, new UnitNormalizationCodec(),
            new SpatialPoolingCodec(), new GlobalSpatialPoolingCodec(), Sides2DCodec.ZERO_PADDING,
            Sides2DCodec.CROPPING, new UpSampling2DCodec(), new SpatialDropout2DCodec(),
            new RescalingCodec(), new ResizingCodec(), new CenterCropCodec(), new CategoryEncodingCodec(),
            new NormalizationCodec(), new DotCodec(), new MultiHeadAttentionCodec(), new GroupNormalizationCodec(),
            new RnnCodec(), new ConvLstm2DCodec(), new Conv3DCodec(),
            new ActivityRegularizationCodec());
    /** User-registered layers: their class names live in {@link CustomLayerRegistry}, not in the table below. */
    private static final CustomLayerCodec CUSTOM = new CustomLayerCodec();
    /** Keras 1 classes whose Keras 2 successor the engine reads but whose Keras 1 form it does not. */
    private static final Set<String> KERAS_1_ONLY = Set.of("Convolution1D", "Convolution2D", "Merge");
    private static final Map<String, KerasLayerCodec<?>> BY_CLASS_NAME = new LinkedHashMap<>();
    private static final Map<Class<?>, KerasLayerCodec<?>> BY_CONFIG_TYPE = new LinkedHashMap<>();

    static {
        for (KerasLayerCodec<?> codec : CODECS) {
            for (String cls : codec.classNames()) {
                if (BY_CLASS_NAME.put(cls, codec) != null) {
                    throw new IllegalStateException("two Keras codecs read class " + cls);
                }
            }
            if (BY_CONFIG_TYPE.put(codec.configType(), codec) != null) {
                throw new IllegalStateException("two Keras codecs write " + codec.configType().getSimpleName());
            }
        }
        BY_CONFIG_TYPE.put(CUSTOM.configType(), CUSTOM);
    }

    /** Layer classes the importer understands, for error messages: InputLayer, then every codec's classes. */
    private static final List<String> SUPPORTED = supported();

    private KerasLayers() {
    }

    private static List<String> supported() {
        List<String> out = new ArrayList<>();
        out.add("InputLayer");
        out.addAll(BY_CLASS_NAME.keySet());
        return Collections.unmodifiableList(out);
    }

    /**
     * Every registered codec, in registration order.
     *
     * @return the codecs
     */
    public static List<KerasLayerCodec<?>> codecs() {
        return CODECS;
    }

    /**
     * The Keras class names the readers understand, {@code InputLayer} first (for messages and for
     * tools that list a file's layers).
     *
     * @return an unmodifiable list of class names
     */
    public static List<String> supportedClassNames() {
        return SUPPORTED;
    }

    /**
     * The Keras class names the writers produce, for messages.
     *
     * @return the class names joined by ", "
     */
    public static String writableClassNames() {
        return String.join(", ", BY_CLASS_NAME.keySet());
    }

    /**
     * The codec of a Keras class name.
     *
     * @param className a {@code class_name}
     * @return its codec, or null when no codec reads it
     */
    public static KerasLayerCodec<?> codec(String className) {
        return BY_CLASS_NAME.get(className);
    }

    /**
     * The codec of an engine config.
     *
     * @param config an engine layer config
     * @return its codec, or null when the config has no Keras form
     */
    @SuppressWarnings("unchecked") // the map pairs each config type with the codec of that type
    public static KerasLayerCodec<LayerConfig<?>> codec(LayerConfig<?> config) {
        return (KerasLayerCodec<LayerConfig<?>>) BY_CONFIG_TYPE.get(config.getClass());
    }

    /**
     * The Keras class name of an engine layer config ({@code LSTM}, {@code Bidirectional},
     * {@code GlobalMaxPooling1D}, ...), or null for a config with no Keras form.
     *
     * @param config an engine layer config
     * @return the class name, or null
     */
    public static String className(LayerConfig<?> config) {
        KerasLayerCodec<LayerConfig<?>> codec = codec(config);
        return codec == null ? null : codec.className(config);
    }

    /**
     * The names an RNN's cells are written under: their own, else {@code lstm_cell}, {@code lstm_cell_1},
     * ... numbered per cell class, as Keras names them (h5 weight names use them).
     *
     * @param config the RNN config
     * @return one name per cell, first to last
     */
    public static List<String> rnnCellNames(dev.engram.layers.RnnConfig config) {
        return RnnCodec.cellNames(config);
    }

    /**
     * The engine config of a layer entry.
     *
     * @param entry      the {@code {class_name, config}} object
     * @param d          the file's dialect
     * @param inputShape the per-sample input shape to give the config, or null
     * @param axisChecks where normalization layers record their axis check
     * @return the engine config
     * @throws ModelFormatException when the entry is malformed, names an unsupported class (an
     *                              {@link UnsupportedLayerException} listing the supported ones) or a
     *                              value the engine refuses
     */
    public static LayerConfig<?> read(ConfigNode entry, KerasDialect d, Shape inputShape, List<AxisCheck> axisChecks)
            throws ModelFormatException {
        try {
            return read(entry, d, inputShape, axisChecks, false);
        } catch (IllegalArgumentException e) {
            // An engine config (layer, initializer, regularizer, constraint) refusing a value the file gave.
            throw entry.error("layer '" + KerasEntries.name(entry) + "': " + e.getMessage());
        }
    }

    static LayerConfig<?> read(ConfigNode entry, KerasDialect d, Shape inputShape, List<AxisCheck> axisChecks,
            boolean inWrapper) throws ModelFormatException {
        String cls = KerasEntries.className(entry);
        ConfigNode c = entry.get("config").requireObject();
        String name = KerasEntries.name(entry);
        KerasLayerCodec<?> codec = BY_CLASS_NAME.get(cls);
        if (codec == null) {
            String custom = CustomLayerRegistry.resolve(entry);
            if (custom != null) {
                KerasReadContext ctx = new KerasReadContext(d, name, custom, inputShape, inWrapper, axisChecks);
                ActivityRegularizer activity = ActivityRegularizerKeys.read(c, ctx);
                LayerConfig<?> config = CUSTOM.read(c, ctx);
                return activity == null ? config : config.withActivityRegularizer(activity);
            }
            if (KERAS_1_ONLY.contains(cls)) {
                throw new UnsupportedLayerException(entry.file(), entry.pointer(), name, cls, "layer '" + name
                        + "' has the Keras 1 class " + cls + "; Keras 1 " + cls + " is unsupported (supported: "
                        + SUPPORTED + ")");
            }
            if (cls.equals("Lambda")) {
                // A Lambda holds Python code (marshalled bytecode or a function name): nothing to translate.
                throw new UnsupportedLayerException(entry.file(), entry.pointer(), name, cls, "layer '" + name
                        + "' is a Lambda layer, whose function is Python code Engram cannot run; rewrite it in Keras as a"
                        + " supported layer (e.g. Permute, Reshape, Activation, a merge layer) and save again, or write it as a"
                        + " registered layer class (keras.saving.register_keras_serializable) and register a Java"
                        + " dev.engram.layers.CustomLayer under the same name with"
                        + " dev.engram.io.keras.KerasCustomLayers.register (supported: " + SUPPORTED + ")");
            }
            throw UnsupportedLayerException.unknownClass(entry.file(), entry.pointer(), name, cls, SUPPORTED);
        }
        KerasReadContext ctx = new KerasReadContext(d, name, cls, inputShape, inWrapper, axisChecks);
        ActivityRegularizer activity = ActivityRegularizerKeys.read(c, ctx);
        LayerConfig<?> config = codec.read(c, ctx);
        return activity == null ? config : config.withActivityRegularizer(activity);
    }

    /**
     * The entry of a model layer; {@code inputShape} is set on the first layer of a TF.js model
     * (Keras 2/3 put it on an InputLayer entry instead). A frozen layer is written
     * {@code "trainable": false}; an activity regularizer as {@code activity_regularizer}.
     *
     * @param layer      the layer
     * @param d          the dialect to write
     * @param inputShape the TF.js first layer's per-sample input shape, or null
     * @param where      the entry's place in the written file, for error messages
     * @return the entry
     * @throws ModelFormatException when the dialect cannot express the layer
     */
    public static ObjectNode write(Layer layer, KerasDialect d, Shape inputShape, ConfigNode where)
            throws ModelFormatException {
        ObjectNode entry = write(layer.config(), layer.name(), d, inputShape, where);
        if (!(layer.config() instanceof ActivityRegularizationConfig)) {
            // ActivityRegularization's regularizer is its l1/l2, written by its codec.
            ActivityRegularizerKeys.write((ObjectNode) entry.get("config"), layer.activityRegularizer(), layer.name(),
                    d, where);
        }
        if (isFrozen(layer)) {
            ((ObjectNode) entry.get("config")).put("trainable", false);
        }
        return entry;
    }

    /**
     * A layer is frozen ({@code "trainable": false}) when it has weights that training would update
     * and all of them are frozen; BatchNormalization's moving statistics never count (they are
     * non-trainable by nature).
     */
    private static boolean isFrozen(Layer layer) {
        List<Parameter> learnable = layer.parameters().stream()
                .filter(p -> !p.role().isStatistic()).toList();
        return !learnable.isEmpty() && learnable.stream().noneMatch(Parameter::trainable);
    }

    /**
     * The entry of a config under the given name (wrapped layers are written this way too).
     *
     * @param config     the engine config
     * @param name       the name to write
     * @param d          the dialect to write
     * @param inputShape the TF.js first layer's per-sample input shape, or null
     * @param where      the entry's place in the written file, for error messages
     * @return the entry
     * @throws ModelFormatException when no codec writes the config or the dialect cannot express it
     */
    public static ObjectNode write(LayerConfig<?> config, String name, KerasDialect d, Shape inputShape,
            ConfigNode where) throws ModelFormatException {
        KerasLayerCodec<LayerConfig<?>> codec = codec(config);
        if (codec == null) {
            throw where.error("layer '" + name + "' (" + config.getClass().getSimpleName() + ") has no " + d
                    + " form; writable: " + writableClassNames());
        }
        ObjectNode c = codec.write(config, new KerasWriteContext(d, name, inputShape, where.get("config")));
        if (!codec.writes(config, d)) {
            // Codecs that explain a refusal throw from write(); this catches the rest (e.g. a Keras-only layer in TF.js).
            throw where.error("layer '" + name + "' (" + codec.className(config) + ") has no " + d + " form");
        }
        Keras3Guard.apply(c, config instanceof RecurrentLayerConfig, d);
        if (config instanceof CustomLayerConfig custom) {
            // Keras 3 finds a registered class by registered_name (module unused); tf-keras by class_name.
            String keras = CustomLayerCodec.kerasName(custom);
            return d == KerasDialect.TFJS ? KerasEntries.layerEntry(custom.simpleType(), c, d)
                    : d.isKeras3() ? KerasEntries.envelope(null, custom.simpleType(), c, keras, d)
                    : KerasEntries.layerEntry(keras, c, d);
        }
        return KerasEntries.layerEntry(codec.className(config), c, d);
    }
}
