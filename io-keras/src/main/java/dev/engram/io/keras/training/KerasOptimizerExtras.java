package dev.engram.io.keras.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.optimizers.GradientClipping;
import dev.engram.optimizers.Optimizer;
import dev.engram.optimizers.schedules.CosineDecay;
import dev.engram.optimizers.schedules.ExponentialDecay;
import dev.engram.optimizers.schedules.LearningRateSchedule;
import dev.engram.optimizers.schedules.PiecewiseConstantDecay;

/**
 * The parts of a Keras optimizer config beyond its own hyper-parameters, both directions:
 * {@code learning_rate} as a serialized {@code keras.optimizers.schedules} object, and
 * {@code clipnorm} / {@code global_clipnorm} / {@code clipvalue}. Keras stores a schedule as
 * {@code {"class_name": "ExponentialDecay", "config": {...}}} (Keras 3 adds {@code module} and
 * {@code registered_name}); the three schedules the engine has are written exactly, and read back only
 * when they mean the same (a Keras 3 CosineDecay with warm-up is not the engine's).
 */
final class KerasOptimizerExtras {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private KerasOptimizerExtras() {
    }

    /** Puts {@code learning_rate} (number or schedule) and the clipping keys of {@code opt} into {@code cfg}. */
    static void write(Optimizer opt, KerasDialect d, ObjectNode cfg) {
        LearningRateSchedule s = opt.schedule();
        if (s == null) {
            cfg.put("learning_rate", opt.learningRate());
        } else {
            cfg.set("learning_rate", schedule(s, d));
        }
        GradientClipping c = opt.clipping();
        switch (c.kind()) {
            case NORM -> cfg.put("clipnorm", c.threshold());
            case GLOBAL_NORM -> cfg.put("global_clipnorm", c.threshold());
            case VALUE -> cfg.put("clipvalue", c.threshold());
            case NONE -> { }
        }
    }

    private static ObjectNode schedule(LearningRateSchedule s, KerasDialect d) {
        ObjectNode c = F.objectNode();
        String cls;
        if (s instanceof ExponentialDecay e) {
            cls = "ExponentialDecay";
            c.put("initial_learning_rate", e.initialLearningRate());
            c.put("decay_steps", e.decaySteps());
            c.put("decay_rate", e.decayRate());
            c.put("staircase", e.staircase());
        } else if (s instanceof CosineDecay e) {
            cls = "CosineDecay";
            c.put("initial_learning_rate", e.initialLearningRate());
            c.put("decay_steps", e.decaySteps());
            c.put("alpha", e.alpha());
            // Keras >= 2.13 CosineDecay: no warm-up is warmup_steps 0 with no target.
            c.putNull("warmup_target");
            c.put("warmup_steps", 0);
        } else if (s instanceof PiecewiseConstantDecay p) {
            cls = "PiecewiseConstantDecay";
            var b = c.putArray("boundaries");
            for (long x : p.boundaries()) {
                b.add(x);
            }
            var v = c.putArray("values");
            for (double x : p.values()) {
                v.add(x);
            }
        } else {
            throw new IllegalArgumentException("learning-rate schedule " + s.getClass().getSimpleName()
                    + " has no Keras form; Keras has ExponentialDecay, CosineDecay and PiecewiseConstantDecay");
        }
        c.putNull("name");
        ObjectNode out = F.objectNode();
        if (d.isKeras3()) {
            out.put("module", "keras.optimizers.schedules");
        }
        out.put("class_name", cls);
        out.set("config", c);
        if (d.isKeras3()) {
            out.putNull("registered_name");
        }
        return out;
    }

    /**
     * The schedule a Keras {@code learning_rate} object describes.
     *
     * @throws IllegalArgumentException if it is not one the engine computes exactly
     */
    static LearningRateSchedule readSchedule(JsonNode lr) {
        String cls = lr.path("class_name").asText("");
        JsonNode c = lr.path("config");
        return switch (cls) {
            case "ExponentialDecay" -> new ExponentialDecay(c.path("initial_learning_rate").asDouble(),
                    c.path("decay_steps").asLong(), c.path("decay_rate").asDouble(), c.path("staircase").asBoolean(false));
            case "CosineDecay" -> {
                JsonNode target = c.path("warmup_target");
                if (c.path("warmup_steps").asLong(0) != 0 || !(target.isMissingNode() || target.isNull())) {
                    throw new IllegalArgumentException("CosineDecay with warm-up is not supported (the engine's has none)");
                }
                yield new CosineDecay(c.path("initial_learning_rate").asDouble(), c.path("decay_steps").asLong(),
                        c.path("alpha").asDouble(0));
            }
            case "PiecewiseConstantDecay" -> {
                long[] b = new long[c.path("boundaries").size()];
                for (int i = 0; i < b.length; i++) {
                    b[i] = c.path("boundaries").get(i).asLong();
                }
                double[] v = new double[c.path("values").size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = c.path("values").get(i).asDouble();
                }
                yield new PiecewiseConstantDecay(b, v);
            }
            default -> throw new IllegalArgumentException("learning-rate schedule " + lr.path("class_name")
                    + " is not supported; supported: ExponentialDecay, CosineDecay, PiecewiseConstantDecay");
        };
    }
}
