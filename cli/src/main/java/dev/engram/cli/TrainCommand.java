package dev.engram.cli;

import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.ParameterBudget;
import dev.engram.layers.DenseConfig;
import dev.engram.layers.DropoutConfig;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.LstmConfig;
import dev.engram.models.FitOptions;
import dev.engram.models.History;
import dev.engram.models.Progress;
import dev.engram.models.Sequential;
import dev.engram.models.Verbosity;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code engram train --config CONFIG --data CSV --output OUT}. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Fit a model described by a JSON config on a CSV time series and save it.",
            "",
            "The CSV has one time step per line (optional header with column names). Windowing: sample i",
            "takes rows i..i+window-1 of the feature columns as input [window, features] and row",
            "i+window+horizon-1 of the target columns as target [targets]. The last layer must output",
            "[targets] per sample (e.g. LSTM without returnSequences, then Dense(targets)).",
            "",
            "Config (every key but layers optional; see the README for the full schema):",
            "  {\"layers\":[{\"type\":\"lstm\",\"units\":32},{\"type\":\"dense\",\"units\":1}],",
            "   \"loss\":\"mse\", \"optimizer\":{\"type\":\"adam\",\"learningRate\":0.01},",
            "   \"window\":12, \"horizon\":1, \"features\":[\"load\"], \"targets\":[\"load\"],",
            "   \"epochs\":20, \"batchSize\":32, \"validationSplit\":0.1, \"shuffle\":true, \"seed\":1}",
            "",
            "Adam uses the target's epsilon placement (Keras: added to sqrt(v); TF.js/ONNX: the TF.js form), so",
            "the saved h5/.keras file records the optimizer exactly.",
            "Progress: a bar per batch with ETA and samples/s on a terminal, one line per epoch otherwise.",
            "--history writes the per-epoch losses for `engram plot`."},
        footerHeading = "%nExamples:%n",
        footer = {"  engram train --config forecaster.json --data series.csv --output model.h5",
            "  engram train --config forecaster.json --data series.csv --output web_model/ --epochs 50",
            "  engram train --config forecaster.json --data series.csv --output m.onnx --opset 17"})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Model and training config (JSON).")
    Path config;

    @Option(names = "--data", required = true, paramLabel = "CSV", description = "Time series, one step per line.")
    Path data;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Where to save the model.")
    Path output;

    @Option(names = {"-f", "--format"}, paramLabel = "tfjs|h5|keras|onnx",
            description = "Output format (default: from OUT's name, as for convert).")
    String format;

    @Option(names = "--dialect", paramLabel = "keras2|keras3", description = "h5 dialect (default keras2).")
    String dialect;

    @Option(names = "--opset", paramLabel = "N", description = "ONNX opset, 14 to 21 (default 17).")
    Integer opset;

    @Option(names = "--epochs", paramLabel = "N", description = "Override the config's epochs.")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Override the config's batchSize.")
    Integer batchSize;

    @Option(names = "--seed", paramLabel = "N", description = "Override the config's seed (weights, shuffling).")
    Long seed;

    @Option(names = {"-q", "--quiet"}, description = "No per-epoch progress.")
    boolean quiet;

    @Option(names = "--history", paramLabel = "FILE",
            description = "Write the per-epoch history as CSV (Keras CSVLogger layout) or JSON (.json).")
    Path historyFile;

    @Override
    public Integer call() {
        ModelFormat target = ModelSaver.targetFormat(output, format);
        ModelSaver.checkOptions(target, dialect, opset);
        if (epochs != null && epochs < 1 || batchSize != null && batchSize < 1) {
            throw CliException.usage("--epochs and --batch-size must be >= 1");
        }
        TrainConfig c = TrainConfig.read(config);
        CsvTable t = CsvTable.read(data);
        int[] fcols = columns(t, c.features());
        int[] tcols = c.targets() == null ? fcols : columns(t, c.targets());
        int n = t.rows().size() - c.window() - c.horizon() + 1;
        if (n < 1) {
            throw CliException.usage(data.getFileName() + ": " + t.rows().size() + " rows are too few for window "
                    + c.window() + " and horizon " + c.horizon());
        }
        float[] x = new float[n * c.window() * fcols.length];
        float[] y = new float[n * tcols.length];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < c.window(); s++) {
                float[] row = t.rows().get(i + s);
                for (int j = 0; j < fcols.length; j++) {
                    x[(i * c.window() + s) * fcols.length + j] = finite(row[fcols[j]], i + s, fcols[j], t);
                }
            }
            float[] next = t.rows().get(i + c.window() + c.horizon() - 1);
            for (int j = 0; j < tcols.length; j++) {
                y[i * tcols.length + j] = finite(next[tcols[j]], i + c.window() + c.horizon() - 1, tcols[j], t);
            }
        }
        long s = seed != null ? seed : c.seed();
        Sequential m = new Sequential(c.name(), s);
        ParameterBudget budget = new ParameterBudget(ModelLoader.limits(), -1);
        try {
            for (int i = 0; i < c.layers().size(); i++) {
                LayerConfig l = i == 0 ? withInput(l0(c), c.window(), fcols.length) : c.layers().get(i);
                budget.charge(l, i == 0 ? l.inputShape() : m.outputShape(),
                        new ConfigNode(config.getFileName().toString(), "/layers/" + i, null));
                m.add(l);
            }
        } catch (ModelFormatException e) {
            throw CliException.usage(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(config.getFileName() + ": the layers do not fit together: " + e.getMessage(), e);
        }
        if (!m.outputShape().equals(Shape.of(tcols.length))) {
            throw CliException.usage(config.getFileName() + ": the model outputs " + m.outputShape()
                    + " per sample but there are " + tcols.length + " target column(s); end with an LSTM without"
                    + " returnSequences and/or a Dense with units " + tcols.length);
        }
        dev.engram.optimizers.Optimizer opt = c.optimizer();
        if (opt instanceof dev.engram.optimizers.Adam adam && (target == ModelFormat.H5 || target == ModelFormat.KERAS)) {
            // Keras parity: Keras adds epsilon to sqrt(v) (EPSILON_HAT); train in the form the file can record.
            opt = adam.withEpsilonForm(dev.engram.optimizers.AdamEpsilon.EPSILON_HAT);
        }
        m.compile(c.loss(), opt);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Training %s on %d windows of %d x %d from %s (targets %d, loss %s, optimizer %s)%n",
                c.name(), n, c.window(), fcols.length, data.getFileName(), tcols.length, c.lossName(),
                c.optimizerName());
        out.flush();
        FitOptions fo = FitOptions.epochs(epochs != null ? epochs : c.epochs())
                .withBatchSize(batchSize != null ? batchSize : c.batchSize()).withShuffle(c.shuffle()).withSeed(s)
                .withValidationSplit(c.validationSplit()).withVerbosity(Verbosity.SILENT);
        if (!quiet) {
            // A bar with ETA and samples/s on a terminal; epoch lines into the command's output otherwise.
            fo = fo.withCallbacks(System.console() != null ? Progress.bar(System.out) : Progress.lines(line -> {
                out.println(line);
                out.flush();
            }));
        }
        History h = m.fit(Tensor.wrap(Shape.of(n, c.window(), fcols.length), x), Tensor.wrap(Shape.of(n, tcols.length),
                y), fo);
        System.out.flush();
        if (historyFile != null) {
            try {
                h.save(historyFile);
            } catch (java.io.IOException e) {
                throw CliException.usage(historyFile + ": cannot write the history: " + e.getMessage(), e);
            }
        }
        List<Double> losses = h.get("loss");
        ModelSaver.save(m, output, target, dialect, opset, spec.commandLine().getErr());
        out.printf(Locale.ROOT, "Saved %s model to %s (final loss %.6g after %d epochs)%n", target.id(), output,
                losses.get(losses.size() - 1), h.epochs());
        out.flush();
        return ExitCodes.OK;
    }

    private static LayerConfig l0(TrainConfig c) {
        return c.layers().get(0);
    }

    /** A data value, refused (exit 2) when NaN or infinite: training on it would only produce NaN. */
    private static float finite(float v, int row, int column, CsvTable t) {
        if (!Float.isFinite(v)) {
            throw CliException.usage(t.file().getFileName() + ": row " + (row + 1) + ", column " + (column + 1)
                    + " is " + v + "; training data must be finite numbers");
        }
        return v;
    }

    private static int[] columns(CsvTable t, List<String> refs) {
        if (refs == null) {
            int[] all = new int[t.width()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        List<Integer> idx = new ArrayList<>();
        for (String r : refs) {
            idx.add(t.column(r));
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    private static LayerConfig withInput(LayerConfig l, int steps, int features) {
        if (l instanceof LstmConfig c) {
            return c.inputShape(steps, features);
        }
        if (l instanceof DenseConfig c) {
            return c.inputShape(steps, features);
        }
        if (l instanceof DropoutConfig c) {
            return c.inputShape(steps, features);
        }
        throw new IllegalStateException("no input shape for " + l);
    }
}
