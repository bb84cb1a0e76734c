package dev.engram.io.keras;

import dev.engram.activations.Activation;
import dev.engram.layers.DenseConfig;
import dev.engram.layers.DropoutConfig;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.LstmConfig;
import dev.engram.tensor.Shape;
import java.util.List;

/**
 * Translates one Keras-style layer entry ({@code {"class_name": "LSTM", "config": {...}}}) into an
 * engine {@link LayerConfig}. Every engine field is set from the file; a missing key takes the
 * dialect's documented default (what the writing framework's {@code from_config} would use). Keys
 * the engine cannot honour (regularizers, constraints, stateful, LSTM dropout) are rejected, not
 * dropped.
 */
final class LayerConfigReader {
    /** Layer classes the importer understands, for error messages. */
    static final List<String> SUPPORTED = List.of("InputLayer", "Dense", "LSTM", "Dropout", "Activation");

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

    /** The engine config of a Dense, LSTM or Dropout entry, with the given input shape (may be null). */
    static LayerConfig read(ConfigNode layer, KerasDialect d, Shape inputShape) throws ModelFormatException {
        String cls = className(layer);
        ConfigNode c = layer.get("config").requireObject();
        String name = name(layer);
        return switch (cls) {
            case "Dense" -> dense(c, d, name, inputShape);
            case "LSTM" -> lstm(c, d, name, inputShape);
            case "Dropout" -> dropout(c, name, inputShape);
            default -> throw UnsupportedLayerException.unknownClass(layer.file(), layer.pointer(), name, cls, SUPPORTED);
        };
    }

    private static DenseConfig dense(ConfigNode c, KerasDialect d, String name, Shape in) throws ModelFormatException {
        rejectTrainingExtras(c, name, "Dense", List.of("kernel_regularizer", "bias_regularizer", "activity_regularizer",
                "kernel_constraint", "bias_constraint", "W_regularizer", "b_regularizer", "W_constraint", "b_constraint"));
        boolean k1 = d == KerasDialect.KERAS_1;
        int units = c.get(k1 ? "output_dim" : "units").asInt(1);
        Activation act = KerasActivations.fromName(c.get("activation"), d);
        boolean useBias = c.get(k1 ? "bias" : "use_bias").asBoolean(true);
        return new DenseConfig(units, act, useBias,
                KerasInitializers.read(c.get(k1 ? "init" : "kernel_initializer"), d),
                k1 ? dev.engram.initializers.Initializers.zeros() : KerasInitializers.read(c.get("bias_initializer"), d),
                name, in);
    }

    private static LstmConfig lstm(ConfigNode c, KerasDialect d, String name, Shape in) throws ModelFormatException {
        rejectTrainingExtras(c, name, "LSTM", List.of("kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
                "activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint",
                "W_regularizer", "U_regularizer", "b_regularizer"));
        for (String key : List.of("dropout", "recurrent_dropout", "dropout_W", "dropout_U")) {
            ConfigNode v = c.get(key);
            if (!v.isNullOrMissing() && v.asDouble() != 0) {
                throw new UnsupportedLayerException(c.file(), v.pointer(), name, "LSTM", "LSTM '" + name + "' has "
                        + key + " " + v.asDouble() + "; the engine's Lstm has no input/recurrent dropout yet"
                        + " (it only matters in training, but Engram does not drop settings silently)");
            }
        }
        if (c.get("stateful").asBoolean(false)) {
            throw new UnsupportedLayerException(c.file(), c.get("stateful").pointer(), name, "LSTM",
                    "LSTM '" + name + "' is stateful; Engram supports stateless recurrent layers only");
        }
        if (c.get("return_state").asBoolean(false)) {
            throw new UnsupportedLayerException(c.file(), c.get("return_state").pointer(), name, "LSTM",
                    "LSTM '" + name + "' has return_state true, which needs the functional API (a Sequential layer has one output)");
        }
        boolean k1 = d == KerasDialect.KERAS_1;
        int units = c.get(k1 ? "output_dim" : "units").asInt(1);
        Activation act = KerasActivations.fromName(c.get("activation"), d);
        ConfigNode ra = c.get(k1 ? "inner_activation" : "recurrent_activation");
        Activation rec = ra.isNullOrMissing() ? d.defaultRecurrentActivation() : KerasActivations.fromName(ra, d);
        boolean useBias = c.get(k1 ? "bias" : "use_bias").asBoolean(true);
        // TF.js writes unit_forget_bias null when unset, which it treats as false; Keras 1 has forget_bias_init.
        boolean unitForgetBias = k1 ? "one".equals(c.get("forget_bias_init").asString("one"))
                : c.get("unit_forget_bias").asBoolean(d != KerasDialect.TFJS);
        return new LstmConfig(units, act, rec, useBias, unitForgetBias,
                c.get("return_sequences").asBoolean(false), false, c.get("go_backwards").asBoolean(false),
                KerasInitializers.read(c.get(k1 ? "init" : "kernel_initializer"), d),
                KerasInitializers.read(c.get(k1 ? "inner_init" : "recurrent_initializer"), d),
                k1 ? dev.engram.initializers.Initializers.zeros() : KerasInitializers.read(c.get("bias_initializer"), d),
                name, in);
    }

    private static DropoutConfig dropout(ConfigNode c, String name, Shape in) throws ModelFormatException {
        ConfigNode ns = c.get("noise_shape");
        if (!ns.isNullOrMissing()) {
            throw new UnsupportedLayerException(c.file(), ns.pointer(), name, "Dropout",
                    "Dropout '" + name + "' has noise_shape " + ns.describe() + "; Engram supports element-wise dropout only");
        }
        ConfigNode rate = c.has("rate") ? c.get("rate") : c.get("p");
        double r = rate.asDouble();
        if (!(r >= 0 && r < 1)) {
            throw rate.expected("a rate in [0, 1)");
        }
        return new DropoutConfig(r, c.get("seed").asLongOrNull(), name, in);
    }

    private static void rejectTrainingExtras(ConfigNode c, String name, String cls, List<String> keys)
            throws ModelFormatException {
        for (String key : keys) {
            ConfigNode v = c.get(key);
            if (!v.isNullOrMissing()) {
                throw new UnsupportedLayerException(c.file(), v.pointer(), name, cls, cls + " '" + name + "' has "
                        + key + " " + v.describe() + "; Engram has no regularizers or constraints yet");
            }
        }
    }
}
