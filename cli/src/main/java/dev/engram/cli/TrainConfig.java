package dev.engram.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.engram.activations.Activation;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.KerasActivations;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.LstmConfig;
import dev.engram.losses.Loss;
import dev.engram.losses.Losses;
import dev.engram.optimizers.Optimizer;
import dev.engram.optimizers.Optimizers;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code engram train} model configuration (JSON). Every key but {@code layers} is optional;
 * unknown keys are errors (a typo must not silently fall back to a default).
 *
 * <pre>{@code
 * {
 *   "name": "forecaster",                           // model name, default "forecaster"
 *   "layers": [                                     // applied in order; the first gets [window, features]
 *     {"type": "lstm", "units": 32, "returnSequences": false,
 *      "activation": "tanh", "recurrentActivation": "sigmoid", "goBackwards": false, "useBias": true},
 *     {"type": "dropout", "rate": 0.1},
 *     {"type": "dense", "units": 1, "activation": "linear", "useBias": true}
 *   ],
 *   "loss": "mse",                                  // mse | mae | mape | huber | hinge | kld | ... (TF.js names)
 *   "optimizer": {"type": "adam", "learningRate": 0.01},  // adam | sgd (momentum) | rmsprop | adagrad
 *   "window": 12,                                   // time steps per sample
 *   "horizon": 1,                                   // predict the row this many steps after the window
 *   "features": ["load", "temp"],                   // input columns (names or 0-based indices); default all
 *   "targets": ["load"],                            // predicted columns; default = features
 *   "epochs": 20, "batchSize": 32, "validationSplit": 0.0, "shuffle": true, "seed": 1
 * }
 * }</pre>
 *
 * <p>The LSTM's {@code recurrentActivation} defaults to {@code sigmoid} here (the Keras 2.3+/3
 * default), not the engine's TF.js {@code hard_sigmoid}, so a trained model can be saved in every
 * format (Keras 3 has no name for TF.js's 0.2x+0.5 hard sigmoid).
 */
record TrainConfig(String name, List<LayerConfig> layers, Loss loss, String lossName, Optimizer optimizer,
        String optimizerName, int window, int horizon, List<String> features, List<String> targets, int epochs,
        int batchSize, double validationSplit, boolean shuffle, long seed) {

    private static final Set<String> TOP = Set.of("name", "layers", "loss", "optimizer", "window", "horizon",
            "features", "targets", "epochs", "batchSize", "validationSplit", "shuffle", "seed", "description");

    /** Reads and validates a config file; exit 2 naming the key on any problem. */
    static TrainConfig read(Path file) {
        JsonNode root;
        try {
            root = CasesFile.JSON.readTree(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw CliException.usage("no such file: " + file, e);
        } catch (JsonProcessingException e) {
            throw CliException.usage(file.getFileName() + ": malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw CliException.usage("cannot read " + file + ": " + e.getMessage(), e);
        }
        String f = file.getFileName().toString();
        if (root == null || !root.isObject()) {
            throw CliException.usage(f + ": expected a JSON object with \"layers\"");
        }
        unknownKeys(f, "", root, TOP);
        JsonNode ls = root.get("layers");
        if (ls == null || !ls.isArray() || ls.isEmpty()) {
            throw CliException.usage(f + " at /layers: expected a non-empty array of layers");
        }
        List<LayerConfig> layers = new ArrayList<>();
        for (int i = 0; i < ls.size(); i++) {
            layers.add(layer(f, "/layers/" + i, ls.get(i)));
        }
        String lossName = text(f, "/loss", root.get("loss"), "mse");
        Loss loss = loss(f, lossName);
        JsonNode opt = root.get("optimizer");
        String optName = "adam";
        Optimizer optimizer = Optimizers.adam();
        if (opt != null) {
            if (!opt.isObject()) {
                throw CliException.usage(f + " at /optimizer: expected {\"type\": \"adam\", \"learningRate\": 0.001}");
            }
            unknownKeys(f, "/optimizer", opt, Set.of("type", "learningRate", "momentum"));
            optName = text(f, "/optimizer/type", opt.get("type"), "adam").toLowerCase(Locale.ROOT);
            JsonNode lrNode = opt.get("learningRate");
            Double lr = lrNode == null ? null : positive(f, "/optimizer/learningRate", lrNode);
            JsonNode mom = opt.get("momentum");
            if (mom != null && !optName.equals("sgd")) {
                throw CliException.usage(f + " at /optimizer/momentum: only sgd takes a momentum");
            }
            optimizer = switch (optName) {
                case "adam" -> lr == null ? Optimizers.adam() : Optimizers.adam(lr);
                case "sgd" -> mom == null ? (lr == null ? Optimizers.sgd() : Optimizers.sgd(lr))
                        : Optimizers.sgd(lr == null ? 0.01 : lr, mom.asDouble(), false);
                case "rmsprop" -> lr == null ? Optimizers.rmsprop() : Optimizers.rmsprop(lr);
                case "adagrad" -> lr == null ? Optimizers.adagrad() : Optimizers.adagrad(lr);
                default -> throw CliException.usage(f + " at /optimizer/type: unknown optimizer '" + optName
                        + "'; expected adam, sgd, rmsprop or adagrad");
            };
        }
        int window = integer(f, "/window", root.get("window"), 12, 1);
        int horizon = integer(f, "/horizon", root.get("horizon"), 1, 1);
        List<String> features = columns(f, "/features", root.get("features"));
        List<String> targets = columns(f, "/targets", root.get("targets"));
        int epochs = integer(f, "/epochs", root.get("epochs"), 10, 1);
        int batch = integer(f, "/batchSize", root.get("batchSize"), 32, 1);
        JsonNode vs = root.get("validationSplit");
        double split = vs == null ? 0 : vs.asDouble(-1);
        if (vs != null && (!vs.isNumber() || split < 0 || split >= 1)) {
            throw CliException.usage(f + " at /validationSplit: expected a number in [0, 1), found " + vs);
        }
        JsonNode sh = root.get("shuffle");
        if (sh != null && !sh.isBoolean()) {
            throw CliException.usage(f + " at /shuffle: expected true or false, found " + sh);
        }
        JsonNode seedNode = root.get("seed");
        if (seedNode != null && !seedNode.isIntegralNumber()) {
            throw CliException.usage(f + " at /seed: expected an integer, found " + seedNode);
        }
        return new TrainConfig(text(f, "/name", root.get("name"), "forecaster"), layers, loss, lossName, optimizer,
                optName, window, horizon, features, targets, epochs, batch, split, sh == null || sh.asBoolean(),
                seedNode == null ? 1 : seedNode.asLong());
    }

    private static LayerConfig layer(String f, String at, JsonNode l) {
        if (!l.isObject()) {
            throw CliException.usage(f + " at " + at + ": expected {\"type\": ..., ...}");
        }
        String type = text(f, at + "/type", l.get("type"), null);
        if (type == null) {
            throw CliException.usage(f + " at " + at + "/type: missing; expected lstm, dense or dropout");
        }
        switch (type.toLowerCase(Locale.ROOT)) {
            case "lstm": {
                unknownKeys(f, at, l, Set.of("type", "units", "returnSequences", "activation", "recurrentActivation",
                        "goBackwards", "useBias", "name"));
                LstmConfig c = Layers.lstm(integer(f, at + "/units", l.get("units"), -1, 1))
                        .withActivation(activation(f, at + "/activation", l.get("activation"), "tanh"))
                        .withRecurrentActivation(activation(f, at + "/recurrentActivation",
                                l.get("recurrentActivation"), "sigmoid"))
                        .withReturnSequences(bool(f, at + "/returnSequences", l.get("returnSequences"), false))
                        .withGoBackwards(bool(f, at + "/goBackwards", l.get("goBackwards"), false))
                        .withUseBias(bool(f, at + "/useBias", l.get("useBias"), true));
                return l.has("name") ? c.withName(l.get("name").asText()) : c;
            }
            case "dense": {
                unknownKeys(f, at, l, Set.of("type", "units", "activation", "useBias", "name"));
                var c = Layers.dense(integer(f, at + "/units", l.get("units"), -1, 1))
                        .withActivation(activation(f, at + "/activation", l.get("activation"), "linear"))
                        .withUseBias(bool(f, at + "/useBias", l.get("useBias"), true));
                return l.has("name") ? c.withName(l.get("name").asText()) : c;
            }
            case "dropout": {
                unknownKeys(f, at, l, Set.of("type", "rate", "name"));
                JsonNode r = l.get("rate");
                if (r == null || !r.isNumber() || r.asDouble() < 0 || r.asDouble() >= 1) {
                    throw CliException.usage(f + " at " + at + "/rate: expected a number in [0, 1), found " + r);
                }
                var c = Layers.dropout(r.asDouble());
                return l.has("name") ? c.withName(l.get("name").asText()) : c;
            }
            default:
                throw CliException.usage(f + " at " + at + "/type: unknown layer type '" + type
                        + "'; expected lstm, dense or dropout");
        }
    }

    /**
     * The activation a layer names, through io-keras's table in the Keras 2 dialect (its
     * {@code hard_sigmoid} is TF.js's and the engine's 0.2x+0.5); a camelCase name such as
     * {@code hardSigmoid} is read as its snake_case form.
     */
    private static Activation activation(String f, String at, JsonNode n, String def) {
        String name = text(f, at, n, def).replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        try {
            return KerasActivations.fromName(new ConfigNode(f, at, TextNode.valueOf(name)), KerasDialect.KERAS_2);
        } catch (ModelFormatException e) {
            throw CliException.usage(e.getMessage(), e);
        }
    }

    private static Loss loss(String f, String name) {
        return switch (name) {
            case "mse", "mean_squared_error", "meanSquaredError" -> Losses.meanSquaredError();
            case "mae", "mean_absolute_error", "meanAbsoluteError" -> Losses.meanAbsoluteError();
            case "mape", "mean_absolute_percentage_error", "meanAbsolutePercentageError" ->
                    Losses.meanAbsolutePercentageError();
            case "msle", "mean_squared_logarithmic_error", "meanSquaredLogarithmicError" ->
                    Losses.meanSquaredLogarithmicError();
            case "logcosh", "log_cosh" -> Losses.logcosh();
            case "poisson" -> Losses.poisson();
            case "huber" -> Losses.huber();
            case "hinge" -> Losses.hinge();
            case "squared_hinge", "squaredHinge" -> Losses.squaredHinge();
            case "categorical_hinge", "categoricalHinge" -> Losses.categoricalHinge();
            case "kld", "kullback_leibler_divergence", "kullbackLeiblerDivergence" -> Losses.kullbackLeiblerDivergence();
            case "cosine", "cosine_proximity", "cosineProximity" -> Losses.cosineProximity();
            case "binary_crossentropy", "binaryCrossentropy" -> Losses.binaryCrossentropy();
            case "categorical_crossentropy", "categoricalCrossentropy" -> Losses.categoricalCrossentropy();
            default -> throw CliException.usage(f + " at /loss: unknown loss '" + name + "'; expected mse, mae, mape,"
                    + " msle, logcosh, poisson, huber, hinge, squared_hinge, categorical_hinge, kld, cosine,"
                    + " binary_crossentropy or categorical_crossentropy (TF.js's forms)");
        };
    }

    private static List<String> columns(String f, String at, JsonNode n) {
        if (n == null) {
            return null;
        }
        if (!n.isArray() || n.isEmpty()) {
            throw CliException.usage(f + " at " + at + ": expected a non-empty array of column names or indices");
        }
        List<String> cols = new ArrayList<>();
        for (JsonNode c : n) {
            if (!c.isTextual() && !c.isIntegralNumber()) {
                throw CliException.usage(f + " at " + at + ": expected column names or indices, found " + c);
            }
            cols.add(c.asText());
        }
        return cols;
    }

    private static void unknownKeys(String f, String at, JsonNode n, Set<String> allowed) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw CliException.usage(f + " at " + at + "/" + k + ": unknown key; expected one of "
                        + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private static String text(String f, String at, JsonNode n, String def) {
        if (n == null) {
            return def;
        }
        if (!n.isTextual()) {
            throw CliException.usage(f + " at " + at + ": expected a string, found " + n);
        }
        return n.asText();
    }

    private static int integer(String f, String at, JsonNode n, int def, int min) {
        if (n == null) {
            if (def < min) {
                throw CliException.usage(f + " at " + at + ": missing; expected an integer >= " + min);
            }
            return def;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min) {
            throw CliException.usage(f + " at " + at + ": expected an integer >= " + min + ", found " + n);
        }
        return n.asInt();
    }

    private static boolean bool(String f, String at, JsonNode n, boolean def) {
        if (n == null) {
            return def;
        }
        if (!n.isBoolean()) {
            throw CliException.usage(f + " at " + at + ": expected true or false, found " + n);
        }
        return n.asBoolean();
    }

    private static double positive(String f, String at, JsonNode n) {
        if (!n.isNumber() || !(n.asDouble() > 0)) {
            throw CliException.usage(f + " at " + at + ": expected a positive number, found " + n);
        }
        return n.asDouble();
    }
}
