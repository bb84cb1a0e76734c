package example;

import dev.engram.activations.Activations;
import dev.engram.io.LoadLimits;
import dev.engram.io.LoadedModel;
import dev.engram.io.ModelFile;
import dev.engram.io.ModelFiles;
import dev.engram.io.SaveSettings;
import dev.engram.io.keras.KerasFormat;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.SaveOptions;
import dev.engram.io.onnx.OnnxExportOptions;
import dev.engram.io.onnx.OnnxExporter;
import dev.engram.io.onnx.OnnxModel;
import dev.engram.layers.Layers;
import dev.engram.losses.Losses;
import dev.engram.models.FitOptions;
import dev.engram.models.Model;
import dev.engram.models.ModelBuilder;
import dev.engram.models.Predictor;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a consumer of the published artifacts does, shared by the consumer projects: the README's
 * tour (the TF.js tutorial), then a save and reload in every format with the numbers checked.
 */
public final class Tutorial {
    /** Input of the tutorial's prediction. */
    public static final Tensor THREE = Tensor.of(new float[][][] {{{3}}});

    private Tutorial() {
    }

    /**
     * The README's "A short tour", as written there.
     *
     * @return the trained model
     */
    public static Sequential tour() {
        var model = Sequential.of(
                Layers.lstm(16).inputShape(1, 1),      // [timesteps, features]
                Layers.dense(1));
        model.compile(Losses.meanSquaredError(), Optimizers.adam());
        model.fit(Tensor.of(new float[][][] {{{1}}, {{2}}}),
                  Tensor.of(new float[][] {{1}, {2}}),
                  FitOptions.epochs(10));
        model.predict(Tensor.of(new float[][][] {{{3}}})).print();
        return model;
    }

    /**
     * The tutorial in the form every format can name exactly (sigmoid gates, SGD).
     *
     * @return the trained model
     */
    public static Sequential kerasTour() {
        var model = Sequential.seeded(42,
                Layers.lstm(16).withRecurrentActivation(Activations.sigmoid()).inputShape(1, 1),
                Layers.dense(1));
        // SGD: the optimizer TF.js and Keras compute identically, so every format keeps it.
        model.compile(Losses.meanSquaredError(), Optimizers.sgd(0.1));
        model.fit(Tensor.of(new float[][][] {{{1}}, {{2}}}), Tensor.of(new float[][] {{1}, {2}}), FitOptions.epochs(10));
        return model;
    }

    /**
     * The README's model-files snippet, on files this program wrote.
     *
     * @param dir where to write
     * @throws Exception if a save, load or comparison fails
     */
    public static void readmeFiles(Path dir) throws Exception {
        Sequential tour = tour();
        KerasModels.save(tour, dir.resolve("tfjs"), KerasFormat.TFJS);
        KerasModels.save(tour, dir.resolve("model.h5"), KerasFormat.H5, SaveOptions.defaults().withoutTrainingConfig());
        OnnxExporter.export(tour, dir.resolve("from-torch.onnx"), OnnxExportOptions.defaults());

        Network m = KerasModels.load(dir.resolve("tfjs"));               // or .h5 / .keras, detected by content
        Sequential s = KerasModels.loadSequential(dir.resolve("model.h5"));
        // TF.js's Adam form has no Keras equivalent: saved without the training config, as the refusal says.
        KerasModels.save(m, dir.resolve("out.h5"), KerasFormat.H5, SaveOptions.defaults().withoutTrainingConfig());
        OnnxExporter.export(m, dir.resolve("model.onnx"), OnnxExportOptions.defaults());
        OnnxModel onnx = OnnxModel.load(dir.resolve("from-torch.onnx"));  // predict(...) or toSequential()

        float expected = tour.predict(THREE).get(0, 0);
        check("tfjs", expected, m.predict(List.of(THREE)).get(0).get(0, 0));
        check("h5", expected, s.predict(THREE).get(0, 0));
        check("h5 again", expected, KerasModels.load(dir.resolve("out.h5")).predict(List.of(THREE)).get(0).get(0, 0));
        check("onnx", expected, onnx.predict(THREE).get(0, 0));
        check("onnx as layers", expected, onnx.toSequential().predict(THREE).get(0, 0));
        check("onnx again", expected, OnnxModel.load(dir.resolve("model.onnx")).predict(THREE).get(0, 0));
        if (((Sequential) m).optimizer() == null) {
            throw new AssertionError("the TF.js model reloaded uncompiled");
        }
    }

    /**
     * The README's format-neutral snippet ({@link ModelFiles}, found through ServiceLoader on the class
     * path and the module path alike) on the h5 file {@link #readmeFiles} wrote.
     *
     * @param dir where {@link #readmeFiles} wrote
     * @throws Exception if a save, load or comparison fails
     */
    public static void readmeModelFiles(Path dir) throws Exception {
        List<String> ids = ModelFiles.all().stream().map(ModelFile::id).toList();
        if (!ids.equals(List.of("h5", "keras", "onnx", "tfjs"))) {
            throw new AssertionError("ServiceLoader found the formats " + ids);
        }
        LoadedModel loaded = ModelFiles.load(dir.resolve("out.h5"), LoadLimits.defaults()); // any format, by content
        Network net = loaded.toNetwork();                                       // an ONNX graph converts on request
        Path out = dir.resolve("files.onnx");
        ModelFiles.forTarget(out).orElseThrow().save(net, out, SaveSettings.defaults().with("opset", "17"));

        float expected = net.predict(List.of(THREE)).get(0).get(0, 0);
        LoadedModel back = ModelFiles.load(out, LoadLimits.defaults());
        check("ModelFiles h5 -> onnx", expected,
                back.predict(Map.of(back.inputNames().get(0), THREE)).values().iterator().next().get(0, 0));
    }

    /**
     * Saves {@code model} in every format with its training config and checks what reloads.
     *
     * @param model a compiled model every format can express
     * @param dir   where to write
     * @throws Exception if a save, load or comparison fails
     */
    public static void everyFormat(Sequential model, Path dir) throws Exception {
        float expected = model.predict(THREE).get(0, 0);
        for (KerasFormat f : KerasFormat.values()) {
            Path p = dir.resolve("every." + f.name().toLowerCase(java.util.Locale.ROOT));
            KerasModels.save(model, p, f);
            Sequential back = KerasModels.loadSequential(p);
            check(f.name(), expected, back.predict(THREE).get(0, 0));
            if (back.optimizer() == null) {
                throw new AssertionError(f + " reloaded uncompiled");
            }
        }
        Path onnx = dir.resolve("every.onnx");
        OnnxExporter.export(model, onnx, OnnxExportOptions.defaults());
        check("ONNX", expected, OnnxModel.load(onnx).predict(THREE).get(0, 0));
    }

    /**
     * Fails unless {@code actual} is {@code expected} at 1e-5 relative.
     *
     * @param what     what is compared, for the message
     * @param expected the reference
     * @param actual   the value found
     */
    public static void check(String what, float expected, float actual) {
        if (!(Math.abs(expected - actual) <= 1e-5 * Math.max(1e-3, Math.abs(expected)))) {
            throw new AssertionError(what + ": expected " + expected + ", found " + actual);
        }
        System.out.println("ok " + what + " " + actual);
    }

    /**
     * The README's Predictor snippet on the tour's model: the caller-owned output equals
     * {@code predict} on the same window.
     *
     * @param model a trained one-input model of input shape [1, 1]
     */
    public static void readmePredictor(Sequential model) {
        float[] window = {3};
        Predictor predictor = Predictor.of(model);          // plans the model once
        float[] out = new float[predictor.outputSize()];
        predictor.predict(window, 1, out);                  // window: timesteps * features floats
        check("Predictor equals predict", model.predict(THREE).toArray()[0], out[0]);
    }

    /**
     * The README's functional-model snippet, as written there, then one prediction whose output
     * shapes are checked.
     *
     * @return the compiled two-input, two-output model
     */
    public static Model readmeFunctional() {
        var b = new ModelBuilder("forecaster", 42);
        var series = b.input("series", 24, 3);
        var features = b.input("features", 5);
        var joined = b.apply(Layers.concatenate(), b.apply(Layers.lstm(32), series), features);
        var price = b.apply(Layers.dense(1), joined);
        var trend = b.apply(Layers.dense(3).withActivation(Activations.softmax()), joined);
        Model model = b.build(List.of(series, features), List.of(price, trend));
        model.compile(List.of(Losses.meanSquaredError(), Losses.categoricalCrossentropy()), Optimizers.adam());
        List<Tensor> out = model.predict(List.of(Tensor.zeros(dev.engram.tensor.Shape.of(2, 24, 3)),
                Tensor.zeros(dev.engram.tensor.Shape.of(2, 5))));
        if (out.size() != 2 || !out.get(0).shape().equals(dev.engram.tensor.Shape.of(2, 1))
                || !out.get(1).shape().equals(dev.engram.tensor.Shape.of(2, 3))) {
            throw new AssertionError("functional snippet: unexpected outputs " + out);
        }
        float[] p = out.get(1).toArray();
        check("softmax output sums to 1", 1f, p[0] + p[1] + p[2]);
        return model;
    }

    /**
     * Runs everything into the directory {@code args[0]}.
     *
     * @param args the output directory
     * @throws Exception if anything fails
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        java.nio.file.Files.createDirectories(dir);
        readmeFiles(dir);
        readmeModelFiles(dir);
        everyFormat(kerasTour(), dir);
        readmePredictor(tour());
        readmeFunctional();
        System.out.println("consumer: all formats reload to the same numbers");
    }
}
