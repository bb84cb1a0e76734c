package dev.engram.io.keras.training;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.SaveOptions;
import dev.engram.losses.CosineSimilarityLoss;
import dev.engram.losses.HingeLoss;
import dev.engram.losses.KullbackLeiblerDivergenceLoss;
import dev.engram.losses.Loss;
import dev.engram.optimizers.Adagrad;
import dev.engram.optimizers.Adam;
import dev.engram.optimizers.AdamEpsilon;
import dev.engram.optimizers.AdamW;
import dev.engram.optimizers.Adamax;
import dev.engram.optimizers.Nadam;
import dev.engram.optimizers.Optimizer;
import dev.engram.optimizers.RmsProp;
import dev.engram.optimizers.RmsPropForm;
import dev.engram.optimizers.Sgd;
import java.util.List;
import java.util.Map;

/**
 * The inverse of {@link TrainingConfigs}: an engine loss and optimizer as a Keras
 * {@code training_config} (with its learning-rate schedule and gradient clipping, in Keras's form).
 * Only exact equivalents are written; anything else is an error that
 * says what to change (DESIGN.md section 4: no silent approximation).
 */
public final class KerasTrainingConfigWriter {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Map<String, String> LOSSES = Map.ofEntries(
            Map.entry("meanSquaredError", "mean_squared_error"), Map.entry("meanAbsoluteError", "mean_absolute_error"),
            Map.entry("binaryCrossentropy", "binary_crossentropy"),
            Map.entry("categoricalCrossentropy", "categorical_crossentropy"),
            Map.entry("sparseCategoricalCrossentropy", "sparse_categorical_crossentropy"),
            Map.entry("meanAbsolutePercentageError", "mean_absolute_percentage_error"),
            Map.entry("meanSquaredLogarithmicError", "mean_squared_logarithmic_error"),
            Map.entry("logcosh", "log_cosh"), Map.entry("poisson", "poisson"),
            Map.entry("categoricalHinge", "categorical_hinge"));

    private KerasTrainingConfigWriter() {
    }

    /**
     * The h5 {@code training_config} for {@code loss} and {@code optimizer} in dialect {@code d}.
     *
     * @param loss      the compiled loss
     * @param optimizer the compiled optimizer
     * @param d         the dialect of the file (Keras 3 adds module/registered_name)
     * @param file      the file name, for messages
     * @return the {@code training_config} object
     * @throws ModelFormatException if either has no exact Keras equivalent; the message names
     *                              {@code SaveOptions.withoutTrainingConfig()}
     */
    public static ObjectNode write(Loss loss, Optimizer optimizer, KerasDialect d, String file) throws ModelFormatException {
        return write(List.of(loss), optimizer, d, file);
    }

    /**
     * The Keras name of {@code loss}, or null when Keras computes something else: the hinges, the KL divergence
     * and the cosine similarity exist in each origin's form, and only Keras's is written (see {@link dev.engram.losses.Losses}).
     */
    private static String kerasName(Loss loss, KerasDialect d) {
        if (loss instanceof HingeLoss h) {
            return h.convertsBinaryLabels() ? (h.squared() ? "squared_hinge" : "hinge") : null;
        }
        if (loss instanceof KullbackLeiblerDivergenceLoss k) {
            return k.clipsWeights() ? "kl_divergence" : null;
        }
        if (loss instanceof CosineSimilarityLoss c) {
            double floor = d.isKeras3() ? CosineSimilarityLoss.KERAS3_FLOOR : CosineSimilarityLoss.TF_KERAS_FLOOR;
            return c.floor() == floor ? "cosine_similarity" : null;
        }
        return LOSSES.get(loss.name());
    }

    /** The one save option that leaves the training config out, named in every refusal. */
    private static final String NO_CONFIG_HINT = "SaveOptions.withoutTrainingConfig()";

    /**
     * As {@link #write(Loss, Optimizer, KerasDialect, String)} with one loss per model output: one
     * distinct loss is written as a name, different losses as Keras's list form (one name per output,
     * in output order), which {@code compile(loss=[...])} of Keras 2 and 3 accepts.
     *
     * @param losses       the compiled losses, one per model output in output order
     * @param optimizer    the compiled optimizer
     * @param d            the dialect of the file (Keras 3 adds module/registered_name)
     * @param file         the file name, for messages
     * @return the {@code training_config} object
     * @throws ModelFormatException if a loss or the optimizer has no exact Keras equivalent; the
     *                              message names {@code SaveOptions.withoutTrainingConfig()}
     */
    public static ObjectNode write(List<Loss> losses, Optimizer optimizer, KerasDialect d, String file)
            throws ModelFormatException {
        List<String> names = new java.util.ArrayList<>();
        for (Loss loss : losses) {
            String lossName = kerasName(loss, d);
            if (lossName == null) {
                throw new ModelFormatException(file, "training_config", "loss " + loss.name()
                        + " has no exact Keras name; supported: " + LOSSES.keySet() + " (or save with "
                        + NO_CONFIG_HINT + ")");
            }
            names.add(lossName);
        }
        ObjectNode cfg = F.objectNode();
        String cls;
        if (optimizer instanceof Adam a) {
            if (a.epsilonForm() != AdamEpsilon.EPSILON_HAT) {
                throw new ModelFormatException(file, "training_config", "Adam in the TF.js epsilon form (epsilon added"
                        + " to sqrt of the bias-corrected v) has no Keras equivalent; Keras adds it to sqrt(v)."
                        + " Compile with Optimizers.adam(...).withEpsilonForm(AdamEpsilon.EPSILON_HAT) or save"
                        + " with " + NO_CONFIG_HINT);
            }
            boolean w = a instanceof AdamW;
            cls = w ? "AdamW" : "Adam";
            cfg.put("name", w ? "adamw" : "adam");
            if (a instanceof AdamW aw) {
                cfg.put("weight_decay", aw.weightDecay());
            }
            cfg.put("beta_1", a.beta1());
            cfg.put("beta_2", a.beta2());
            cfg.put("epsilon", a.epsilon());
            cfg.put("amsgrad", false);
        } else if (optimizer instanceof Sgd s) {
            cls = "SGD";
            cfg.put("name", "SGD");
            cfg.put("momentum", s.momentum());
            cfg.put("nesterov", s.nesterov());
        } else if (optimizer instanceof RmsProp r) {
            if (r.centered() && r.form() != RmsPropForm.KERAS) {
                throw new ModelFormatException(file, "training_config", "centered RMSprop in the TF.js form"
                        + " (epsilon subtracted under the square root) has no Keras equivalent; Keras adds it."
                        + " Compile with Optimizers.rmsprop(...).withForm(RmsPropForm.KERAS) or save with "
                        + NO_CONFIG_HINT);
            }
            cls = "RMSprop";
            cfg.put("name", "rmsprop");
            cfg.put("rho", r.decay());
            cfg.put("momentum", r.momentum());
            cfg.put("epsilon", r.epsilon());
            cfg.put("centered", r.centered());
        } else if (optimizer instanceof Adagrad g) {
            cls = "Adagrad";
            cfg.put("name", "adagrad");
            cfg.put("initial_accumulator_value", g.initialAccumulatorValue());
            cfg.put("epsilon", 1e-7);
        } else if (optimizer instanceof Adamax x && x.decay() == 0) {
            cls = "Adamax";
            cfg.put("name", "adamax");
            cfg.put("beta_1", x.beta1());
            cfg.put("beta_2", x.beta2());
            cfg.put("epsilon", x.epsilon());
        } else if (optimizer instanceof Nadam && !d.isKeras3()) {
            throw new ModelFormatException(file, "training_config", TrainingConfigs.TF_KERAS_NADAM
                    + "; write the KERAS_3 dialect or a .keras file, or save with " + NO_CONFIG_HINT);
        } else if (optimizer instanceof Nadam n) {
            cls = "Nadam";
            cfg.put("name", "nadam");
            cfg.put("beta_1", n.beta1());
            cfg.put("beta_2", n.beta2());
            cfg.put("epsilon", n.epsilon());
        } else {
            throw new ModelFormatException(file, "training_config", "optimizer " + optimizer
                    + " has no exact Keras equivalent (Keras Adamax has no decay); supported: Adam/AdamW"
                    + " (EPSILON_HAT form), SGD, RMSprop, Adagrad, Adamax (decay 0), Nadam; or save with "
                    + NO_CONFIG_HINT);
        }
        try {
            KerasOptimizerExtras.write(optimizer, d, cfg);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, "training_config", e.getMessage()
                    + "; or save with " + NO_CONFIG_HINT);
        }
        ObjectNode opt = F.objectNode();
        if (d.isKeras3()) {
            opt.put("module", "keras.optimizers");
        }
        opt.put("class_name", cls);
        opt.set("config", cfg);
        if (d.isKeras3()) {
            opt.putNull("registered_name");
        }
        ObjectNode out = F.objectNode();
        if (names.stream().distinct().count() == 1) {
            out.put("loss", names.get(0));
        } else {
            names.forEach(out.putArray("loss")::add);
        }
        out.putNull("metrics");
        out.putNull("weighted_metrics");
        out.putNull("loss_weights");
        out.set("optimizer_config", opt);
        return out;
    }
}
