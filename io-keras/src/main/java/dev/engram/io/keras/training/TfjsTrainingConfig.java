package dev.engram.io.keras.training;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.SaveOptions;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.losses.Loss;
import dev.engram.losses.Losses;
import dev.engram.optimizers.Adadelta;
import dev.engram.optimizers.AdadeltaForm;
import dev.engram.optimizers.Adagrad;
import dev.engram.optimizers.Adam;
import dev.engram.optimizers.AdamEpsilon;
import dev.engram.optimizers.GradientClipping;
import dev.engram.optimizers.Optimizer;
import dev.engram.optimizers.Optimizers;
import dev.engram.optimizers.RmsProp;
import dev.engram.optimizers.RmsPropForm;
import dev.engram.optimizers.Sgd;
import java.util.List;
import java.util.Map;

/**
 * TF.js {@code trainingConfig}: {@code {"loss": "mean_squared_error", "metrics": {...},
 * "optimizer_config": {"class_name": "Adam", "config": {"learningRate": 0.01, ...}}}} to and from
 * engine losses and optimizers (tfjs-core optimizer class names and camelCase config keys).
 */
public final class TfjsTrainingConfig {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** tfjs-layers's lossesMap (snake_case, as trainingConfig writes it), each in TF.js's form. */
    private static final Map<String, Loss> LOSSES = Map.ofEntries(
            Map.entry("mean_squared_error", Losses.meanSquaredError()),
            Map.entry("mean_absolute_error", Losses.meanAbsoluteError()),
            Map.entry("mean_absolute_percentage_error", Losses.meanAbsolutePercentageError()),
            Map.entry("mean_squared_logarithmic_error", Losses.meanSquaredLogarithmicError()),
            Map.entry("squared_hinge", Losses.squaredHinge()),
            Map.entry("hinge", Losses.hinge()),
            Map.entry("categorical_hinge", Losses.categoricalHinge()),
            Map.entry("logcosh", Losses.logcosh()),
            Map.entry("binary_crossentropy", Losses.binaryCrossentropy()),
            Map.entry("categorical_crossentropy", Losses.categoricalCrossentropy()),
            Map.entry("sparse_categorical_crossentropy", Losses.sparseCategoricalCrossentropy()),
            Map.entry("kullback_leibler_divergence", Losses.kullbackLeiblerDivergence()),
            Map.entry("poisson", Losses.poisson()),
            Map.entry("cosine_proximity", Losses.cosineProximity()));

    private TfjsTrainingConfig() {
    }

    /**
     * The loss named by {@code trainingConfig.loss} (snake_case, camelCase or mse/mae).
     *
     * @param v the {@code loss} value
     * @return the engine loss
     * @throws ModelFormatException when the name is not a TF.js loss the engine has
     */
    public static Loss loss(ConfigNode v) throws ModelFormatException {
        String name = v.asString();
        String snake = switch (name) {
            case "mse", "MSE" -> "mean_squared_error";
            case "mae", "MAE" -> "mean_absolute_error";
            case "mape", "MAPE" -> "mean_absolute_percentage_error";
            case "msle", "MSLE" -> "mean_squared_logarithmic_error";
            case "kld", "KLD" -> "kullback_leibler_divergence";
            case "cosine" -> "cosine_proximity";
            default -> name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
        };
        Loss loss = LOSSES.get(snake);
        if (loss == null) {
            throw v.error("unknown loss \"" + name + "\"; known: " + LOSSES.keySet().stream().sorted().toList());
        }
        return loss;
    }

    /**
     * The optimizer of {@code optimizer_config}.
     *
     * @param oc the {@code optimizer_config} object
     * @return the engine optimizer
     * @throws ModelFormatException when the class is unsupported or a value invalid
     */
    public static Optimizer optimizer(ConfigNode oc) throws ModelFormatException {
        String cls = oc.get("class_name").asString();
        ConfigNode c = oc.get("config");
        double lr = c.get("learningRate").asDouble();
        try {
            return switch (cls) {
                case "Adam" -> Optimizers.adam(lr, c.get("beta1").asDouble(0.9), c.get("beta2").asDouble(0.999),
                        c.get("epsilon").asDouble(1e-7));
                case "SGD" -> Optimizers.sgd(lr);
                case "Momentum" -> Optimizers.sgd(lr, c.get("momentum").asDouble(), c.get("useNesterov").asBoolean(false));
                case "RMSProp" -> Optimizers.rmsprop(lr, c.get("decay").asDouble(0.9), c.get("momentum").asDouble(0),
                        c.get("epsilon").asDouble(1e-7), c.get("centered").asBoolean(false));
                case "Adagrad" -> Optimizers.adagrad(lr, c.get("initialAccumulatorValue").asDouble(0.1));
                case "Adadelta" -> Optimizers.adadelta(lr, c.get("rho").asDouble(0.95), c.get("epsilon").asDouble(1e-7));
                default -> throw oc.get("class_name").error("optimizer \"" + cls
                        + "\" is not supported; supported: [Adam, SGD, Momentum, RMSProp, Adagrad, Adadelta]");
            };
        } catch (IllegalArgumentException e) {
            throw c.error(e.getMessage());
        }
    }

    /**
     * The trainingConfig object for a compiled model, as TF.js's getTrainingConfig writes it.
     *
     * @param loss  the model's loss
     * @param opt   the model's optimizer
     * @param where the object's place in the written file, for error messages
     * @return the {@code trainingConfig} object
     * @throws ModelFormatException when the loss or optimizer has no exact TF.js form
     */
    public static ObjectNode write(Loss loss, Optimizer opt, ConfigNode where) throws ModelFormatException {
        String lossName = LOSSES.entrySet().stream().filter(e -> e.getValue().equals(loss)).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> where.get("loss").error("loss " + loss.name() + " has no TF.js name; "
                        + "TF.js names: " + LOSSES.keySet().stream().sorted().toList()
                        + " (or save with SaveOptions.withoutTrainingConfig())"));
        if (opt.schedule() != null) {
            throw where.get("optimizer_config").error("TF.js optimizers take a fixed learning rate; the "
                    + opt.schedule().getClass().getSimpleName() + " schedule cannot be saved in a TF.js model."
                    + " Save as Keras (.h5/.keras), which holds schedules, or save with"
                    + " SaveOptions.withoutTrainingConfig()");
        }
        String hint = " (or save with SaveOptions.withoutTrainingConfig())";
        if (opt.clipping().kind() != GradientClipping.Kind.NONE) {
            throw where.get("optimizer_config").error("TF.js optimizers have no gradient clipping; "
                    + opt.clipping() + " cannot be saved in a TF.js model. Save as Keras (.h5/.keras), which"
                    + " holds clipnorm/global_clipnorm/clipvalue" + hint);
        }
        ObjectNode c = F.objectNode();
        String cls;
        c.put("learningRate", opt.learningRate());
        if (opt instanceof Adam a) {
            if (a.epsilonForm() != AdamEpsilon.BIAS_CORRECTED) {
                throw where.get("optimizer_config").error("Adam with the Keras epsilon-hat form has no TF.js"
                        + " equivalent (TF.js adds epsilon to sqrt of the bias-corrected v)" + hint);
            }
            cls = "Adam";
            c.put("beta1", a.beta1());
            c.put("beta2", a.beta2());
            c.put("epsilon", a.epsilon());
        } else if (opt instanceof Sgd s) {
            if (s.usesMomentum()) {
                cls = "Momentum";
                c.put("momentum", s.momentum());
                c.put("useNesterov", s.nesterov());
            } else {
                cls = "SGD";
            }
        } else if (opt instanceof RmsProp r) {
            if (r.centered() && r.form() != RmsPropForm.TFJS) {
                throw where.get("optimizer_config").error("centered RMSprop in the Keras form (epsilon added"
                        + " under the square root) has no TF.js equivalent (TF.js subtracts it); compile with"
                        + " RmsPropForm.TFJS" + hint);
            }
            cls = "RMSProp";
            c.put("decay", r.decay());
            c.put("momentum", r.momentum());
            c.put("epsilon", r.epsilon());
            c.put("centered", r.centered());
        } else if (opt instanceof Adagrad g) {
            cls = "Adagrad";
            c.put("initialAccumulatorValue", g.initialAccumulatorValue());
        } else if (opt instanceof Adadelta d && d.form() == AdadeltaForm.TFJS) {
            cls = "Adadelta";
            c.put("rho", d.rho());
            c.put("epsilon", d.epsilon());
        } else {
            throw where.get("optimizer_config").error("optimizer " + opt + " has no TF.js form;"
                    + " TF.js saves Adam, SGD, Momentum, RMSProp, Adagrad and Adadelta (its own form)" + hint);
        }
        ObjectNode oc = F.objectNode();
        oc.put("class_name", cls);
        oc.set("config", c);
        ObjectNode tc = F.objectNode();
        tc.put("loss", lossName);
        tc.set("metrics", F.objectNode());
        tc.set("optimizer_config", oc);
        return tc;
    }

    /**
     * Slot names TF.js uses for an optimizer's variables ({@code <weight>/<slot>}); same as the engine's.
     *
     * @param opt the optimizer
     * @return its slot names in TF.js order
     */
    public static List<String> slots(Optimizer opt) {
        if (opt instanceof Adam) {
            return List.of("m", "v");
        }
        if (opt instanceof Sgd s) {
            return s.usesMomentum() ? List.of("momentum") : List.of();
        }
        if (opt instanceof RmsProp r) {
            return r.centered() ? List.of("rms", "momentum", "mg") : List.of("rms", "momentum");
        }
        if (opt instanceof Adagrad) {
            return List.of("accumulator");
        }
        if (opt instanceof Adadelta) {
            return List.of("accum_grad", "accum_var");
        }
        return List.of();
    }
}
