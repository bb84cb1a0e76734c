package example;

import dev.engram.io.keras.KerasFormat;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.onnx.OnnxExportOptions;
import dev.engram.io.onnx.OnnxExporter;
import dev.engram.models.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;

/** Trains the tutorial and saves it in every format, with the prediction the loader must find. */
public final class Saver {
    private Saver() {
    }

    /**
     * Writes the models and {@code expected.txt} into {@code args[0]}.
     *
     * @param args the models directory
     * @throws Exception if saving fails
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Sequential model = Tutorial.kerasTour();
        KerasModels.save(model, dir.resolve("tfjs"), KerasFormat.TFJS);
        KerasModels.save(model, dir.resolve("model.h5"), KerasFormat.H5);
        KerasModels.save(model, dir.resolve("model.keras"), KerasFormat.KERAS);
        OnnxExporter.export(model, dir.resolve("model.onnx"), OnnxExportOptions.defaults());
        Files.writeString(dir.resolve("expected.txt"), Float.toString(model.predict(Tutorial.THREE).get(0, 0)));
        System.out.println("saver: wrote " + dir);
    }
}
