package dev.engram.examples;

import dev.engram.io.keras.KerasFormat;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.onnx.OnnxExportOptions;
import dev.engram.io.onnx.OnnxExporter;
import dev.engram.io.onnx.OnnxModel;
import dev.engram.losses.Losses;
import dev.engram.models.FitOptions;
import dev.engram.models.Sequential;
import dev.engram.models.Verbosity;
import dev.engram.optimizers.AdamEpsilon;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Models crossing frameworks: a model trained in TensorFlow.js is loaded, checked against the
 * prediction TF.js itself made, fine-tuned in Java and saved as Keras HDF5, TF.js and ONNX; then a
 * PyTorch LSTM exported to ONNX is run and converted into trainable Engram layers.
 *
 * <p>The two model files are small fixtures made by the real tools (TF.js 4.22 and PyTorch 1.13),
 * shipped as resources of this module.
 */
public final class LoadPeerModels {
    private LoadPeerModels() {
    }

    /** Runs the tour and prints what each step produced. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("engram-peers");
        copy("peers/tfjs-model.json", dir.resolve("tfjs/model.json"));
        copy("peers/weights.bin", dir.resolve("tfjs/weights.bin"));
        copy("peers/torch-lstm.onnx", dir.resolve("torch-lstm.onnx"));

        // 1. A TF.js model: LSTM(5, sigmoid gates) -> Dense(1), trained with Adam in TF.js.
        Sequential model = KerasModels.loadSequential(dir.resolve("tfjs/model.json"));
        model.printSummary();
        Tensor x = Tensor.of(new float[][][] {{{-0.19037297f, 0.4707418f}, {0.31808266f, 0.026588159f},
            {0.047100894f, 0.3839012f}}});
        System.out.printf(Locale.ROOT, "TF.js predicted 0.18720578; Engram predicts %.8f%n", model.predict(x).get(0, 0));

        // 2. Fine-tune in Java, then hand the model to Keras, TF.js and ONNX Runtime users.
        // Keras's Adam adds epsilon to sqrt(v), TF.js's to the bias-corrected root: pick the form the
        // .h5 file can name (saving the TF.js form to Keras is refused rather than approximated).
        model.compile(Losses.meanSquaredError(), Optimizers.adam(0.01).withEpsilonForm(AdamEpsilon.EPSILON_HAT));
        float[] xs = new float[64 * 3 * 2];
        float[] ys = new float[64];
        for (int i = 0; i < 64; i++) {
            for (int k = 0; k < 6; k++) {
                xs[i * 6 + k] = (float) Math.sin(0.37 * i + k);
            }
            ys[i] = 0.5f * xs[i * 6] - 0.25f * xs[i * 6 + 5];
        }
        var history = model.fit(Tensor.wrap(Shape.of(64, 3, 2), xs), Tensor.wrap(Shape.of(64, 1), ys),
                FitOptions.epochs(20).withBatchSize(16).withSeed(1).withVerbosity(Verbosity.SILENT));
        System.out.printf(Locale.ROOT, "fine-tuned 20 epochs: loss %.5f -> %.5f%n", history.get("loss").get(0),
                history.get("loss").get(19));
        float tuned = model.predict(x).get(0, 0);
        KerasModels.save(model, dir.resolve("tuned.h5"), KerasFormat.H5);
        KerasModels.save(model, dir.resolve("tuned-tfjs"), KerasFormat.TFJS);
        OnnxExporter.export(model, dir.resolve("tuned.onnx"), OnnxExportOptions.defaults());
        float fromH5 = KerasModels.load(dir.resolve("tuned.h5")).predict(java.util.List.of(x)).get(0).get(0, 0);
        float fromTfjs = KerasModels.load(dir.resolve("tuned-tfjs")).predict(java.util.List.of(x)).get(0).get(0, 0);
        float fromOnnx = OnnxModel.load(dir.resolve("tuned.onnx")).predict(x).get(0, 0);
        System.out.printf(Locale.ROOT, "tuned model: %.8f; reloaded from .h5 %.8f, TF.js %.8f, ONNX %.8f%n", tuned,
                fromH5, fromTfjs, fromOnnx);

        // 3. A PyTorch export: 2-layer nn.LSTM(batch_first) with a Linear head on every step.
        OnnxModel torch = OnnxModel.load(dir.resolve("torch-lstm.onnx"));
        Tensor seq = Tensor.wrap(Shape.of(1, 4, 3), new float[] {0.1f, -0.2f, 0.3f, 0.4f, 0.5f, -0.6f, -0.7f, 0.8f,
            0.9f, 1.0f, -1.1f, 0.2f});
        Tensor fromGraph = torch.predict(seq);
        Sequential layers = torch.toSequential();
        Tensor fromLayers = layers.predict(seq);
        System.out.println("PyTorch ONNX graph, executed: " + fromGraph.toString().replace('\n', ' '));
        System.out.println("as Engram layers " + layers.layers().stream().map(l -> l.typeName()).toList() + ": "
                + fromLayers.toString().replace('\n', ' '));
    }

    private static void copy(String resource, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (InputStream in = LoadPeerModels.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException(resource + " is missing from the examples jar"));
            }
            Files.copy(in, target);
        }
    }
}
