package dev.engram.io.keras;

import dev.engram.activations.Activation;
import dev.engram.initializers.Initializers;
import dev.engram.layers.ActivationLayerConfig;
import dev.engram.layers.BatchNormalizationConfig;
import dev.engram.layers.BidirectionalConfig;
import dev.engram.layers.BidirectionalMergeMode;
import dev.engram.layers.Conv1DConfig;
import dev.engram.layers.DenseConfig;
import dev.engram.layers.DropoutConfig;
import dev.engram.layers.EmbeddingConfig;
import dev.engram.layers.FlattenConfig;
import dev.engram.layers.GlobalPooling1DConfig;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.LayerNormalizationConfig;
import dev.engram.layers.MaskingConfig;
import dev.engram.layers.MergeConfig;
import dev.engram.layers.MergeMode;
import dev.engram.layers.Padding;
import dev.engram.layers.PoolingMode;
import dev.engram.layers.RecurrentLayerConfig;
import dev.engram.layers.RepeatVectorConfig;
import dev.engram.layers.ReshapeConfig;
import dev.engram.layers.TimeDistributedConfig;
import dev.engram.tensor.Shape;
import java.util.List;
import java.util.Locale;

/**
 * Translates one Keras-style layer entry ({@code {"class_name": "LSTM", "config": {...}}}) into an
 * engine {@link LayerConfig}. Every engine field is set from the file; a missing key takes the
 * dialect's documented default (what the writing framework's {@code from_config} would use). Keys
 * the engine cannot honour (activity regularizers, Conv1D regularizers, normalization over an axis
 * other than the last, channels_first) are rejected, not dropped. Recurrent layers:
 * {@link RecurrentConfigReader}.
 */
final class LayerConfigReader {
    /** Layer classes the importer understands, for error messages. */
    static final List<String> SUPPORTED = List.of("InputLayer", "Dense", "LSTM", "GRU", "SimpleRNN", "Dropout",
            "Activation", "Bidirectional", "TimeDistributed", "Embedding", "Masking", "RepeatVector", "Flatten",
            "Reshape", "Conv1D", "GlobalAveragePooling1D", "GlobalMaxPooling1D", "LayerNormalization",
            "BatchNormalization", "Concatenate", "Add", "Multiply", "Average");

    /** A normalization axis that must be the input's last axis, checked once the layer is built. */
    record AxisCheck(String layerName, int axis, ConfigNode at) {
    }

    private LayerConfigReader() {
    }

    /** The layer's name (config.name, or the entry's name for functional layers). */
    static String name(ConfigNode layer) throws ModelFormatException {
        ConfigNode n = layer.get("config").get("name");
        return n.isNullOrMissing() ? layer.get("name").asString(null) : n.asString();
    }

    /** The class name of an entry. */
    static String className(ConfigNode layer) throws ModelFormatException {
        return layer.get("class_name").asString();
    }

    /**
     * The per-sample input shape a layer config declares ({@code batch_input_shape}, Keras 3
     * {@code batch_shape}, Keras 1 {@code input_dim}/{@code input_length}), or null.
     */
    static Shape declaredInputShape(ConfigNode config) throws ModelFormatException {
        return declaredInputShape(config, false);
    }

    /** As {@link #declaredInputShape(ConfigNode)}; {@code embedding} for an Embedding's config. */
    static Shape declaredInputShape(ConfigNode config, boolean embedding) throws ModelFormatException {
        for (String key : List.of("batch_input_shape", "batch_shape")) {
            ConfigNode s = config.get(key);
            if (!s.isNullOrMissing()) {
                List<ConfigNode> dims = s.elements();
                if (dims.isEmpty()) {
                    throw s.expected("a shape [batch, ...] with at least one dimension");
                }
                int[] out = new int[dims.size() - 1];
                for (int i = 1; i < dims.size(); i++) {
                    out[i - 1] = dims.get(i).isNullOrMissing() ? Shape.UNKNOWN : dims.get(i).asInt(1);
                }
                return Shape.of(out);
            }
        }
        ConfigNode inputDim = config.get("input_dim");
        if (embedding) {
            // Embedding's input_dim is the vocabulary size; its input is [input_length] ids.
            ConfigNode len = config.get("input_length");
            return len.isNullOrMissing() ? null : Shape.of(len.asInt(1));
        }
        if (!inputDim.isNullOrMissing()) {
            int dim = inputDim.asInt(1);
            if (config.has("input_length")) {
                ConfigNode len = config.get("input_length");
                return Shape.of(len.isNullOrMissing() ? Shape.UNKNOWN : len.asInt(1), dim);
            }
            return Shape.of(dim);
        }
        return null;
    }

    /** The engine config of a layer entry, with the given input shape (may be null). */
    static LayerConfig read(ConfigNode layer, KerasDialect d, Shape in, List<AxisCheck> checks)
            throws ModelFormatException {
        try {
            return read(layer, d, in, checks, false);
        } catch (IllegalArgumentException e) {
            // An engine config (layer, initializer, regularizer, constraint) refusing a value the file gave.
            throw layer.error("layer '" + name(layer) + "': " + e.getMessage());
        }
    }

    private static LayerConfig read(ConfigNode layer, KerasDialect d, Shape in, List<AxisCheck> checks,
            boolean inWrapper) throws ModelFormatException {
        String cls = className(layer);
        ConfigNode c = layer.get("config").requireObject();
        String name = name(layer);
        return switch (cls) {
            case "Dense" -> dense(c, d, name, in);
            case "LSTM" -> RecurrentConfigReader.lstm(c, d, name, in, inWrapper);
            case "GRU" -> RecurrentConfigReader.gru(c, d, name, in, inWrapper);
            case "SimpleRNN" -> RecurrentConfigReader.simpleRnn(c, d, name, in, inWrapper);
            case "Dropout" -> dropout(c, name, in);
            case "Activation" -> new ActivationLayerConfig(KerasActivations.fromName(c.get("activation"), d), name, in);
            case "Bidirectional" -> bidirectional(c, d, name, in, checks);
            case "TimeDistributed" -> new TimeDistributedConfig(read(c.get("layer").requireObject(), d, null, checks, true),
                    name, in);
            case "Embedding" -> embedding(c, d, name, in);
            case "Masking" -> new MaskingConfig(c.get("mask_value").asDouble(0), name, in);
            case "RepeatVector" -> new RepeatVectorConfig(c.get("n").asInt(1), name, in);
            case "Flatten" -> {
                channelsLast(c, name, cls);
                yield new FlattenConfig(name, in);
            }
            case "Reshape" -> new ReshapeConfig(shape(c.get("target_shape")), name, in);
            case "Conv1D" -> conv1d(c, d, name, in);
            case "GlobalAveragePooling1D", "GlobalMaxPooling1D" -> pooling(c, d, cls, name, in);
            case "LayerNormalization" -> layerNorm(c, d, name, in, checks);
            case "BatchNormalization" -> batchNorm(c, d, name, in, checks);
            case "Concatenate" -> new MergeConfig(MergeMode.CONCATENATE, c.get("axis").isNullOrMissing() ? -1
                    : c.get("axis").json().asInt(), name);
            case "Add" -> new MergeConfig(MergeMode.ADD, -1, name);
            case "Multiply" -> new MergeConfig(MergeMode.MULTIPLY, -1, name);
            case "Average" -> new MergeConfig(MergeMode.AVERAGE, -1, name);
            case "Convolution1D", "Merge" -> throw new UnsupportedLayerException(layer.file(), layer.pointer(), name, cls,
                    "layer '" + name + "' has the Keras 1 class " + cls + "; Keras 1 " + cls + " is unsupported"
                            + " (supported: " + SUPPORTED + ")");
            default -> throw UnsupportedLayerException.unknownClass(layer.file(), layer.pointer(), name, cls, SUPPORTED);
        };
    }

    private static DenseConfig dense(ConfigNode c, KerasDialect d, String name, Shape in) throws ModelFormatException {
        boolean k1 = d == KerasDialect.KERAS_1;
        RecurrentConfigReader.refuse(c, name, "Dense", "activity_regularizer", "Engram has no activity regularizers");
        if (k1) {
            for (String key : List.of("W_regularizer", "b_regularizer", "W_constraint", "b_constraint")) {
                RecurrentConfigReader.refuse(c, name, "Dense", key, "Keras 1 regularizers and constraints are not read");
            }
        }
        int units = c.get(k1 ? "output_dim" : "units").asInt(1);
        Activation act = KerasActivations.fromName(c.get("activation"), d);
        boolean useBias = c.get(k1 ? "bias" : "use_bias").asBoolean(true);
        if (d.isKeras3() && !c.get("lora_rank").isNullOrMissing()) {
            RecurrentConfigReader.refuse(c, name, "Dense", "lora_rank", "Engram has no LoRA");
        }
        return new DenseConfig(units, act, useBias,
                KerasInitializers.read(c.get(k1 ? "init" : "kernel_initializer"), d),
                k1 ? Initializers.zeros() : KerasInitializers.read(c.get("bias_initializer"), d),
                name, in,
                KerasWeightRules.regularizer(c.get("kernel_regularizer"), d),
                KerasWeightRules.regularizer(c.get("bias_regularizer"), d),
                KerasWeightRules.constraint(c.get("kernel_constraint"), d),
                KerasWeightRules.constraint(c.get("bias_constraint"), d));
    }

    private static DropoutConfig dropout(ConfigNode c, String name, Shape in) throws ModelFormatException {
        ConfigNode ns = c.get("noise_shape");
        if (!ns.isNullOrMissing()) {
            throw new UnsupportedLayerException(c.file(), ns.pointer(), name, "Dropout",
                    "Dropout '" + name + "' has noise_shape " + ns.describe() + "; Engram supports element-wise dropout only");
        }
        ConfigNode rate = c.has("rate") ? c.get("rate") : c.get("p");
        return new DropoutConfig(RecurrentConfigReader.rate(rate), c.get("seed").asLongOrNull(), name, in);
    }

    private static BidirectionalConfig bidirectional(ConfigNode c, KerasDialect d, String name, Shape in,
            List<AxisCheck> checks) throws ModelFormatException {
        ConfigNode inner = c.get("layer").requireObject();
        LayerConfig layer = read(inner, d, null, checks, true);
        if (!(layer instanceof RecurrentLayerConfig rec)) {
            throw new UnsupportedLayerException(c.file(), inner.pointer(), name, "Bidirectional", "Bidirectional '"
                    + name + "' wraps " + className(inner) + "; the engine's Bidirectional wraps LSTM, GRU or SimpleRNN");
        }
        if (!c.get("num_constants").isNullOrMissing() && c.get("num_constants").asInt(0) != 0) {
            throw new UnsupportedLayerException(c.file(), c.get("num_constants").pointer(), name, "Bidirectional",
                    "Bidirectional '" + name + "' has constants; Engram does not support RNN constants");
        }
        // Keras 3 serialises the forward sub-layer ("forward_lstm") as `layer`; Keras strips the prefix again.
        String innerName = rec.name() != null && rec.name().startsWith("forward_") && d.isKeras3()
                ? rec.name().substring("forward_".length()) : rec.name();
        rec = (RecurrentLayerConfig) renamed(rec, innerName);
        ConfigNode back = c.get("backward_layer");
        if (!back.isNullOrMissing()) {
            LayerConfig b = read(back.requireObject(), d, null, checks, true);
            LayerConfig expected = rec.withGoBackwards(!rec.goBackwards());
            if (!renamed(b, innerName).equals(expected)) {
                throw new UnsupportedLayerException(c.file(), back.pointer(), name, "Bidirectional", "Bidirectional '"
                        + name + "' has a backward_layer that is not the mirror of its forward layer (same config with"
                        + " go_backwards flipped); Engram's Bidirectional builds the backward layer as that mirror");
            }
        }
        ConfigNode mm = c.get("merge_mode");
        BidirectionalMergeMode mode;
        if (mm.isNullOrMissing()) {
            mode = c.has("merge_mode") ? BidirectionalMergeMode.NONE : BidirectionalMergeMode.CONCAT;
        } else {
            mode = switch (mm.asString()) {
                case "concat" -> BidirectionalMergeMode.CONCAT;
                case "sum" -> BidirectionalMergeMode.SUM;
                case "mul" -> BidirectionalMergeMode.MUL;
                case "ave" -> BidirectionalMergeMode.AVE;
                default -> throw mm.error("unknown merge mode '" + mm.asString()
                        + "' of Bidirectional '" + name + "'; expected \"concat\", \"sum\", \"mul\", \"ave\" or null");
            };
        }
        return new BidirectionalConfig(rec, mode, name, in, d.bidirectionalZeroesMaskedSteps());
    }

    /** The same recurrent config under another name (names are not part of the mirror check). */
    private static LayerConfig renamed(LayerConfig c, String name) {
        if (c instanceof dev.engram.layers.LstmConfig l) {
            return l.withName(name);
        }
        if (c instanceof dev.engram.layers.GruConfig g) {
            return g.withName(name);
        }
        if (c instanceof dev.engram.layers.SimpleRnnConfig s) {
            return s.withName(name);
        }
        return c;
    }

    private static EmbeddingConfig embedding(ConfigNode c, KerasDialect d, String name, Shape in)
            throws ModelFormatException {
        boolean k1 = d == KerasDialect.KERAS_1;
        for (String key : List.of("embeddings_regularizer", "activity_regularizer", "embeddings_constraint",
                "W_regularizer", "W_constraint", "lora_rank")) {
            RecurrentConfigReader.refuse(c, name, "Embedding", key, "Engram's Embedding has no regularizers,"
                    + " constraints or LoRA");
        }
        if (c.get("sparse").asBoolean(false)) {
            RecurrentConfigReader.refuse(c, name, "Embedding", "sparse", "Engram has no sparse gradients");
        }
        if (k1 && c.get("dropout").asDouble(0) != 0) {
            RecurrentConfigReader.refuse(c, name, "Embedding", "dropout", "Keras 1 embedding dropout is not supported");
        }
        ConfigNode len = c.get("input_length");
        Integer inputLength = len.isNullOrMissing() ? null : len.asInt(1);
        return new EmbeddingConfig(c.get("input_dim").asInt(1), c.get("output_dim").asInt(1),
                c.get("mask_zero").asBoolean(false), inputLength,
                KerasInitializers.read(c.get(k1 ? "init" : "embeddings_initializer"), d), name, in);
    }

    private static Conv1DConfig conv1d(ConfigNode c, KerasDialect d, String name, Shape in) throws ModelFormatException {
        for (String key : List.of("kernel_regularizer", "bias_regularizer", "activity_regularizer",
                "kernel_constraint", "bias_constraint", "lora_rank")) {
            RecurrentConfigReader.refuse(c, name, "Conv1D", key, "Engram's Conv1D has no regularizers, constraints or LoRA");
        }
        channelsLast(c, name, "Conv1D");
        if (!c.get("groups").isNullOrMissing() && c.get("groups").asInt(1) != 1) {
            throw new UnsupportedLayerException(c.file(), c.get("groups").pointer(), name, "Conv1D",
                    "Conv1D '" + name + "' has groups " + c.get("groups").describe() + "; Engram supports groups 1 only");
        }
        String padding = c.get("padding").asString("valid");
        Padding p = switch (padding) {
            case "valid" -> Padding.VALID;
            case "same" -> Padding.SAME;
            case "causal" -> Padding.CAUSAL;
            default -> throw c.get("padding").expected("\"valid\", \"same\" or \"causal\"");
        };
        try {
            return new Conv1DConfig(c.get("filters").asInt(1), single(c.get("kernel_size"), 1), single(c.get("strides"), 1),
                    p, single(c.get("dilation_rate"), 1), KerasActivations.fromName(c.get("activation"), d),
                    c.get("use_bias").asBoolean(true), KerasInitializers.read(c.get("kernel_initializer"), d),
                    KerasInitializers.read(c.get("bias_initializer"), d), name, in);
        } catch (IllegalArgumentException e) {
            throw c.error("Conv1D '" + name + "': " + e.getMessage());
        }
    }

    /** A 1-D size written as {@code [k]} (Keras 2/3, TF.js) or {@code k}. */
    private static int single(ConfigNode v, int fallback) throws ModelFormatException {
        if (v.isNullOrMissing()) {
            return fallback;
        }
        if (v.json().isArray()) {
            List<ConfigNode> e = v.elements();
            if (e.size() != 1) {
                throw v.expected("a one-element list");
            }
            return e.get(0).asInt(1);
        }
        return v.asInt(1);
    }

    private static GlobalPooling1DConfig pooling(ConfigNode c, KerasDialect d, String cls, String name, Shape in)
            throws ModelFormatException {
        channelsLast(c, name, cls);
        if (c.get("keepdims").asBoolean(false)) {
            RecurrentConfigReader.refuse(c, name, cls, "keepdims", "Engram's pooling drops the steps axis");
        }
        PoolingMode mode = cls.startsWith("GlobalMax") ? PoolingMode.MAX : PoolingMode.AVERAGE;
        return new GlobalPooling1DConfig(mode, name, in, d.poolingUsesMask(mode));
    }

    private static LayerNormalizationConfig layerNorm(ConfigNode c, KerasDialect d, String name, Shape in,
            List<AxisCheck> checks) throws ModelFormatException {
        normChecks(c, name, "LayerNormalization", checks);
        if (c.get("rms_scaling").asBoolean(false)) {
            RecurrentConfigReader.refuse(c, name, "LayerNormalization", "rms_scaling", "Engram has no RMS scaling");
        }
        try {
            return new LayerNormalizationConfig(c.get("epsilon").asDouble(1e-3), c.get("center").asBoolean(true),
                    c.get("scale").asBoolean(true), KerasInitializers.read(c.get("beta_initializer"), d),
                    KerasInitializers.read(c.get("gamma_initializer"), d), name, in);
        } catch (IllegalArgumentException e) {
            throw c.error("LayerNormalization '" + name + "': " + e.getMessage());
        }
    }

    private static BatchNormalizationConfig batchNorm(ConfigNode c, KerasDialect d, String name, Shape in,
            List<AxisCheck> checks) throws ModelFormatException {
        if (d == KerasDialect.KERAS_1) {
            throw new UnsupportedLayerException(c.file(), c.pointer(), name, "BatchNormalization",
                    "Keras 1 BatchNormalization (mode, running_std) is unsupported");
        }
        normChecks(c, name, "BatchNormalization", checks);
        for (String key : List.of("renorm", "synchronized")) {
            if (c.get(key).asBoolean(false)) {
                RecurrentConfigReader.refuse(c, name, "BatchNormalization", key, "Engram does not support it");
            }
        }
        for (String key : List.of("virtual_batch_size", "adjustment")) {
            RecurrentConfigReader.refuse(c, name, "BatchNormalization", key, "Engram does not support it");
        }
        try {
            return new BatchNormalizationConfig(c.get("momentum").asDouble(0.99), c.get("epsilon").asDouble(1e-3),
                    c.get("center").asBoolean(true), c.get("scale").asBoolean(true),
                    KerasInitializers.read(c.get("beta_initializer"), d), KerasInitializers.read(c.get("gamma_initializer"), d),
                    KerasInitializers.read(c.get("moving_mean_initializer"), d),
                    KerasInitializers.read(c.get("moving_variance_initializer"), d), name, in);
        } catch (IllegalArgumentException e) {
            throw c.error("BatchNormalization '" + name + "': " + e.getMessage());
        }
    }

    private static void normChecks(ConfigNode c, String name, String cls, List<AxisCheck> checks)
            throws ModelFormatException {
        for (String key : List.of("beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint")) {
            RecurrentConfigReader.refuse(c, name, cls, key, "Engram's normalization layers have no regularizers or constraints");
        }
        ConfigNode axis = c.get("axis");
        int a = -1;
        if (!axis.isNullOrMissing()) {
            ConfigNode one = axis;
            if (axis.json().isArray()) {
                List<ConfigNode> e = axis.elements();
                if (e.size() != 1) {
                    throw new UnsupportedLayerException(c.file(), axis.pointer(), name, cls, cls + " '" + name
                            + "' normalizes over axes " + axis.describe() + "; Engram normalizes over the last axis only");
                }
                one = e.get(0);
            }
            if (!one.json().isIntegralNumber()) {
                throw one.expected("an integer axis");
            }
            a = one.json().asInt();
        }
        checks.add(new AxisCheck(name, a, axis));
    }

    private static void channelsLast(ConfigNode c, String name, String cls) throws ModelFormatException {
        String f = c.get("data_format").asString("channels_last");
        if (!f.toLowerCase(Locale.ROOT).equals("channels_last")) {
            throw new UnsupportedLayerException(c.file(), c.get("data_format").pointer(), name, cls,
                    cls + " '" + name + "' has data_format " + f + "; Engram supports channels_last only");
        }
    }

    private static Shape shape(ConfigNode list) throws ModelFormatException {
        List<ConfigNode> e = list.elements();
        int[] dims = new int[e.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = e.get(i).json().isNumber() && e.get(i).json().asInt() == -1 ? -1 : e.get(i).asInt(1);
        }
        return Shape.of(dims);
    }
}
