package example;

import dev.engram.io.keras.KerasModels;
import dev.engram.io.onnx.OnnxModel;
import dev.engram.models.Sequential;
import dev.engram.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads what the saver module wrote and checks each prediction against the saver's. */
public final class Loader {
    private Loader() {
    }

    /**
     * Loads every file in {@code args[0]}.
     *
     * @param args the models directory
     * @throws Exception if a load fails or a number differs
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        float expected = Float.parseFloat(Files.readString(dir.resolve("expected.txt")));
        Tensor three = Tensor.of(new float[][][] {{{3}}});
        for (String f : new String[] {"tfjs", "model.h5", "model.keras"}) {
            Sequential m = KerasModels.loadSequential(dir.resolve(f));
            if (m.optimizer() == null) {
                throw new AssertionError(f + " loaded uncompiled");
            }
            check(f, expected, m.predict(three).get(0, 0));
        }
        check("model.onnx", expected, OnnxModel.load(dir.resolve("model.onnx")).predict(three).get(0, 0));
        System.out.println("loader: every format matches the saver's prediction");
    }

    private static void check(String what, float expected, float actual) {
        if (!(Math.abs(expected - actual) <= 1e-5 * Math.max(1e-3, Math.abs(expected)))) {
            throw new AssertionError(what + ": expected " + expected + ", found " + actual);
        }
        System.out.println("ok " + what + " " + actual);
    }
}
