package dev.engram.io.keras.training;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.io.keras.CompileStatus;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.internal.Networks;
import dev.engram.losses.CosineSimilarityLoss;
import dev.engram.losses.Loss;
import dev.engram.losses.Losses;
import dev.engram.models.Network;
import dev.engram.optimizers.Adam;
import dev.engram.optimizers.AdamEpsilon;
import dev.engram.optimizers.Optimizer;
import dev.engram.optimizers.Optimizers;
import dev.engram.optimizers.RmsPropForm;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Recompiles a model from a Keras training configuration: the {@code training_config} attribute of
 * an h5 file ({@code {"loss": ..., "optimizer_config": {"class_name", "config"}}}) or the
 * {@code compile_config} of a {@code .keras} file ({@code {"loss": ..., "optimizer": ...}}).
 *
 * <p>Compiles only when the engine computes exactly what Keras would: Adam (Keras's epsilon-hat
 * form, without amsgrad), SGD (with momentum/Nesterov; Keras's {@code m = μm − lr·g; w += m} equals
 * the engine's {@code acc = μ·acc + g; w −= lr·acc}), Adagrad with Keras's default epsilon 1e-7 (the
 * engine's fixed backend epsilon), RMSprop (epsilon under the square root as in TF.js; centered in
 * Keras's {@link dev.engram.optimizers.RmsPropForm#KERAS} form), Adamax, Nadam. Learning-rate schedules
 * (ExponentialDecay, CosineDecay without warm-up, PiecewiseConstantDecay) and gradient clipping
 * are applied. Anything else (other schedules, weight decay, EMA, unknown classes, multi-output losses) leaves the model uncompiled and says
 * why in the {@link CompileStatus}; it is never an exception, because the weights are still valid.
 */
public final class TrainingConfigs {
    private static final Map<String, String> LOSSES = Map.ofEntries(
            Map.entry("mse", "mse"), Map.entry("mean_squared_error", "mse"), Map.entry("meansquarederror", "mse"),
            Map.entry("mae", "mae"), Map.entry("mean_absolute_error", "mae"), Map.entry("meanabsoluteerror", "mae"),
            Map.entry("binary_crossentropy", "bce"), Map.entry("binarycrossentropy", "bce"),
            Map.entry("categorical_crossentropy", "cce"), Map.entry("categoricalcrossentropy", "cce"),
            Map.entry("sparse_categorical_crossentropy", "scce"),
            Map.entry("sparsecategoricalcrossentropy", "scce"),
            Map.entry("huber", "huber"), Map.entry("huber_loss", "huber"),
            Map.entry("mape", "mape"), Map.entry("mean_absolute_percentage_error", "mape"),
            Map.entry("meanabsolutepercentageerror", "mape"),
            Map.entry("msle", "msle"), Map.entry("mean_squared_logarithmic_error", "msle"),
            Map.entry("meansquaredlogarithmicerror", "msle"),
            Map.entry("log_cosh", "logcosh"), Map.entry("logcosh", "logcosh"),
            Map.entry("poisson", "poisson"),
            Map.entry("hinge", "hinge"), Map.entry("squared_hinge", "squared_hinge"),
            Map.entry("squaredhinge", "squared_hinge"),
            Map.entry("categorical_hinge", "categorical_hinge"), Map.entry("categoricalhinge", "categorical_hinge"),
            Map.entry("kld", "kld"), Map.entry("kl_divergence", "kld"), Map.entry("kullback_leibler_divergence", "kld"),
            Map.entry("kldivergence", "kld"),
            Map.entry("cosine_similarity", "cosine"), Map.entry("cosinesimilarity", "cosine"));
    /** The supported loss names, for messages. */
    private static final String SUPPORTED_LOSSES = "mse, mae, mape, msle, log_cosh, poisson, huber, hinge,"
            + " squared_hinge, categorical_hinge, kl_divergence, cosine_similarity, binary_crossentropy,"
            + " categorical_crossentropy, sparse_categorical_crossentropy";
    /** Optimizer keys that must be absent/null/false/0 for the engine to match Keras exactly. */
    private static final Set<String> MUST_BE_OFF = Set.of("weight_decay", "use_ema", "decay", "amsgrad", "loss_scale_factor", "gradient_accumulation_steps");
    /** Keys that never change the update. */
    private static final Set<String> IGNORED = Set.of("name", "jit_compile", "is_legacy_optimizer",
            "ema_momentum", "ema_overwrite_frequency");
    /** Gradient clipping keys, applied as the engine's clipping of the same name. */
    private static final Set<String> CLIPPING = Set.of("clipnorm", "global_clipnorm", "clipvalue");

    /**
     * Why tf-keras 2 Nadam is not the engine's (Keras 3's): verified with tf-keras 2.18, whose compiled
     * step multiplies {@code _u_product} by {@code u_t} once per variable rather than once per step
     * (its per-variable counter is a Python int fixed at tracing), and does not save it.
     */
    static final String TF_KERAS_NADAM = "tf-keras 2 Nadam multiplies its momentum-schedule product once per"
            + " variable each compiled step (and does not save it), so it is not the engine's (Keras 3's) Nadam;"
            + " Keras 3 files with Nadam are supported";

    private TrainingConfigs() {
    }

    /**
     * Compiles {@code model} from {@code trainingConfig} if the engine can express it exactly.
     *
     * @param model          the model to compile; left uncompiled when the config does not map exactly
     * @param trainingConfig the parsed JSON, or null when the file has none
     * @param dialect        the file's dialect; a tf-keras 2 file's Nadam is left uncompiled, its update
     *                       differing from the engine's
     * @return whether the model was compiled, with its loss and optimizer or the reason it was not
     */
    public static CompileStatus apply(Network model, JsonNode trainingConfig, KerasDialect dialect) {
        return apply(model, trainingConfig, dialect, null);
    }

    /**
     * Compiles {@code model} from {@code trainingConfig} if the engine can express it exactly, for a
     * file that names the Keras version that wrote it.
     *
     * @param model          the model to compile; left uncompiled when the config does not map exactly
     * @param trainingConfig the parsed JSON, or null when the file has none
     * @param dialect        the file's dialect
     * @param kerasVersion   the file's {@code keras_version} (null when unknown): standalone Keras before
     *                       2.4 adds RMSprop's epsilon outside the square root, so its RMSprop is left
     *                       uncompiled
     * @return whether the model was compiled, with its loss and optimizer or the reason it was not
     */
    public static CompileStatus apply(Network model, JsonNode trainingConfig, KerasDialect dialect,
            String kerasVersion) {
        if (trainingConfig == null || trainingConfig.isNull() || trainingConfig.isMissingNode()) {
            return CompileStatus.absent();
        }
        JsonNode lossNode = trainingConfig.path("loss");
        JsonNode opt = trainingConfig.has("optimizer_config") ? trainingConfig.get("optimizer_config")
                : trainingConfig.path("optimizer");
        String lossText = lossNode.isTextual() ? lossNode.asText() : lossNode.isMissingNode() ? null : lossNode.toString();
        String optClass = opt.isObject() ? stripCustom(opt.path("class_name").asText(null))
                : opt.isTextual() ? opt.asText() : null;
        List<Loss> losses = new java.util.ArrayList<>();
        try {
            if (lossNode.isArray()) {
                // Keras's list form: one loss per output, in output order.
                if (lossNode.size() != model.outputShapes().size()) {
                    throw new IllegalArgumentException("loss lists " + lossNode.size() + " losses for "
                            + model.outputShapes().size() + " output(s)");
                }
                for (JsonNode l : lossNode) {
                    losses.add(loss(l, dialect));
                }
            } else if (lossNode.isObject() && !lossNode.has("class_name") && lossNode.size() > 0) {
                // Keras's dict form: one loss per output, keyed by the output layer's name.
                List<String> outs = model instanceof dev.engram.models.Model fm ? fm.outputNames()
                        : lossNode.size() == 1 ? List.of(lossNode.fieldNames().next()) : List.of("(one output)");
                for (String out : outs) {
                    String key = out.contains(":") ? out.substring(0, out.indexOf(':')) : out;
                    JsonNode l = lossNode.has(out) ? lossNode.get(out) : lossNode.get(key);
                    if (l == null) {
                        throw new IllegalArgumentException("loss " + lossNode + " has no entry for output '" + key
                                + "' (outputs " + outs + ")");
                    }
                    losses.add(loss(l, dialect));
                }
            } else {
                losses.add(loss(lossNode, dialect));
            }
        } catch (IllegalArgumentException e) {
            return new CompileStatus(false, lossText, optClass, e.getMessage());
        }
        if (optClass == null) {
            return new CompileStatus(false, lossText, null, "the training configuration has no optimizer");
        }
        Optimizer optimizer;
        try {
            if (!dialect.isKeras3() && optClass.equalsIgnoreCase("nadam")) {
                throw new IllegalArgumentException(TF_KERAS_NADAM);
            }
            if (optClass.equalsIgnoreCase("rmsprop") && epsilonOutsideRoot(dialect, kerasVersion)) {
                throw new IllegalArgumentException("standalone Keras " + kerasVersion + " (before 2.4) adds epsilon"
                        + " outside the square root, lr * g / (sqrt(v) + eps), where TensorFlow, tf-keras, Keras 3"
                        + " and TF.js add it inside; not compiled rather than approximated");
            }
            optimizer = optimizer(opt.isObject() ? opt : null, optClass);
        } catch (IllegalArgumentException e) {
            return new CompileStatus(false, lossText, optClass, "optimizer " + optClass + ": " + e.getMessage());
        }
        if (losses.size() == 1) {
            model.compile(losses.get(0), optimizer);
        } else {
            model.compile(losses, optimizer);
        }
        return new CompileStatus(true, lossText, optClass, null);
    }

    /**
     * Keras 1 and standalone Keras 2.0-2.3 (versions without TensorFlow's {@code -tf} suffix) compute
     * RMSprop as {@code lr * g / (sqrt(v) + eps)}; tf.keras, tf-keras and Keras 3 as
     * {@code lr * g / sqrt(v + eps)}.
     */
    private static boolean epsilonOutsideRoot(KerasDialect dialect, String kerasVersion) {
        if (dialect == KerasDialect.KERAS_1) {
            return true;
        }
        return kerasVersion != null && kerasVersion.trim().matches("2\\.[0-3](\\.\\d+)*");
    }

    private static String stripCustom(String className) {
        // tf-keras 2.12+ writes "Custom>Adam" for its built-in (non-legacy) optimizers.
        return className != null && className.startsWith("Custom>") ? className.substring(7) : className;
    }

    private static Loss loss(JsonNode node, KerasDialect dialect) {
        String name;
        if (node.isTextual()) {
            name = node.asText();
        } else if (node.isObject() && node.has("class_name")) {
            name = node.get("class_name").asText();
            JsonNode cfg = node.path("config");
            if (cfg.path("from_logits").asBoolean(false)) {
                throw new IllegalArgumentException("loss " + name + " with from_logits=true is not supported");
            }
            if (name.equalsIgnoreCase("Huber") && cfg.has("delta")) {
                return Losses.huber(cfg.get("delta").asDouble());
            }
            if (name.equalsIgnoreCase("CosineSimilarity") && cfg.has("axis") && cfg.get("axis").asInt(-1) != -1) {
                throw new IllegalArgumentException("loss CosineSimilarity over axis " + cfg.get("axis")
                        + " is not supported (the last axis only)");
            }
        } else if (node.isMissingNode() || node.isNull()) {
            throw new IllegalArgumentException("the training configuration has no loss");
        } else {
            throw new IllegalArgumentException("loss " + node + " is not supported (expected a name, a"
                    + " {class_name, config} object or a list of them, one per output)");
        }
        String kind = LOSSES.get(name.toLowerCase(Locale.ROOT));
        if (kind == null) {
            throw new IllegalArgumentException("loss '" + name + "' is not supported; supported: " + SUPPORTED_LOSSES);
        }
        return switch (kind) {
            case "mse" -> Losses.meanSquaredError();
            case "mae" -> Losses.meanAbsoluteError();
            case "bce" -> Losses.binaryCrossentropy();
            case "cce" -> Losses.categoricalCrossentropy();
            case "scce" -> Losses.sparseCategoricalCrossentropy();
            case "mape" -> Losses.meanAbsolutePercentageError();
            case "msle" -> Losses.meanSquaredLogarithmicError();
            case "logcosh" -> Losses.logcosh();
            case "poisson" -> Losses.poisson();
            // Keras's forms: 0/1 hinge labels converted, the KL log-ratio weighted by the clipped target, the
            // cosine norm floored at 1e-7 (Keras 3) or 1e-6 (tf-keras's rsqrt(max(sum x^2, 1e-12)))
            case "hinge" -> Losses.hinge(true);
            case "squared_hinge" -> Losses.squaredHinge(true);
            case "categorical_hinge" -> Losses.categoricalHinge();
            case "kld" -> Losses.kullbackLeiblerDivergence(true);
            case "cosine" -> Losses.cosineSimilarity(dialect.isKeras3() ? CosineSimilarityLoss.KERAS3_FLOOR
                    : CosineSimilarityLoss.TF_KERAS_FLOOR);
            default -> Losses.huber();
        };
    }

    private static Optimizer optimizer(JsonNode opt, String className) {
        JsonNode c = opt == null ? null : opt.path("config");
        String kind = className.toLowerCase(Locale.ROOT);
        checkPlain(c, kind);
        Optimizer optimizer = switch (kind) {
            case "adam" -> {
                Adam a = Optimizers.adam(lr(c, 0.001), num(c, "beta_1", 0.9), num(c, "beta_2", 0.999),
                        num(c, "epsilon", 1e-7));
                // Keras parity: Keras (1, 2 and 3) Adam adds epsilon to sqrt(v), not sqrt(v_hat).
                yield a.withEpsilonForm(AdamEpsilon.EPSILON_HAT);
            }
            case "sgd" -> Optimizers.sgd(lr(c, 0.01), num(c, "momentum", 0.0), c != null && c.path("nesterov").asBoolean(false));
            case "adagrad" -> {
                double eps = num(c, "epsilon", 1e-7);
                if (Math.abs(eps - 1e-7) > 1e-12) {
                    throw new IllegalArgumentException("epsilon " + eps + " differs from the engine's fixed 1e-7");
                }
                yield Optimizers.adagrad(lr(c, 0.001), num(c, "initial_accumulator_value", 0.1));
            }
            case "adamw" -> {
                double wd = num(c, "weight_decay", 0.004);
                yield Optimizers.adamw(lr(c, 0.001), wd, num(c, "beta_1", 0.9), num(c, "beta_2", 0.999),
                        num(c, "epsilon", 1e-7)).withEpsilonForm(AdamEpsilon.EPSILON_HAT);
            }
            // Keras Adamax is the engine's with decay 0 (float32 rounding of m and beta1^t may differ by an ulp).
            case "adamax" -> Optimizers.adamax(lr(c, 0.001), num(c, "beta_1", 0.9), num(c, "beta_2", 0.999),
                    num(c, "epsilon", 1e-7), 0);
            case "nadam" -> Optimizers.nadam(lr(c, 0.001), num(c, "beta_1", 0.9), num(c, "beta_2", 0.999),
                    num(c, "epsilon", 1e-7));
            // Keras parity: epsilon under the square root as in TF.js; centered, Keras adds it (RmsPropForm).
            case "rmsprop" -> Optimizers.rmsprop(lr(c, 0.001), num(c, "rho", 0.9), num(c, "momentum", 0.0),
                    num(c, "epsilon", 1e-7), c != null && c.path("centered").asBoolean(false))
                    .withForm(RmsPropForm.KERAS);
            default -> throw new IllegalArgumentException("not supported; supported: Adam, AdamW, SGD, RMSprop,"
                    + " Adagrad, Adamax, Nadam");
        };
        return withExtras(optimizer, c);
    }

    /** Applies a learning-rate schedule and gradient clipping from {@code c} to {@code opt}. */
    private static Optimizer withExtras(Optimizer opt, JsonNode c) {
        if (c == null) {
            return opt;
        }
        JsonNode lr = c.has("learning_rate") ? c.get("learning_rate") : c.path("lr");
        if (lr.isObject()) {
            opt.setSchedule(KerasOptimizerExtras.readSchedule(lr));
        }
        String clip = null;
        for (String key : CLIPPING) {
            JsonNode v = c.path(key);
            if (v.isNumber()) {
                if (clip != null) {
                    throw new IllegalArgumentException(clip + " and " + key + " together are not supported");
                }
                clip = key;
                switch (key) {
                    case "clipnorm" -> opt.setClipNorm(v.asDouble());
                    case "global_clipnorm" -> opt.setGlobalClipNorm(v.asDouble());
                    default -> opt.setClipValue(v.asDouble());
                }
            }
        }
        return opt;
    }

    private static void checkPlain(JsonNode c, String kind) {
        if (c == null) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (MUST_BE_OFF.contains(e.getKey()) && !(kind.equals("adamw") && e.getKey().equals("weight_decay"))) {
                boolean off = v.isNull() || (v.isBoolean() && !v.asBoolean()) || (v.isNumber() && v.asDouble() == 0);
                if (!off && !(e.getKey().equals("gradient_accumulation_steps") && v.isNumber() && v.asInt() == 1)) {
                    throw new IllegalArgumentException(e.getKey() + "=" + v + " is not supported");
                }
            } else if ((e.getKey().equals("learning_rate") || e.getKey().equals("lr")) && v.isObject()) {
                continue; // a schedule, read by withExtras
            } else if (!IGNORED.contains(e.getKey()) && !v.isNumber() && !v.isBoolean() && !v.isNull()) {
                throw new IllegalArgumentException(e.getKey() + "=" + v + " is not supported (only plain numbers)");
            }
        }
    }

    private static double lr(JsonNode c, double fallback) {
        if (c == null) {
            return fallback;
        }
        JsonNode v = c.has("learning_rate") ? c.get("learning_rate") : c.path("lr");
        return v.isNumber() ? v.asDouble() : fallback;
    }

    private static double num(JsonNode c, String key, double fallback) {
        JsonNode v = c == null ? null : c.get(key);
        return v != null && v.isNumber() ? v.asDouble() : fallback;
    }

    /** Loss names this class understands (for documentation and tests). */
    static List<String> lossNames() {
        return List.copyOf(LOSSES.keySet());
    }
}
