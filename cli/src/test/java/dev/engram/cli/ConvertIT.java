package dev.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.testing.FixturePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code engram convert} round trips, checked against the original's cases with {@code compare}. */
class ConvertIT {
    @TempDir
    Path tmp;

    private static void ok(Cli.Result r) {
        assertEquals(0, r.exit(), r::toString);
    }

    @Test
    void tfjsToH5ToOnnxToTfjsPredictsTheOriginalCases() {
        Path fixture = FixturePaths.tfjs("lstm_stack_rmsprop");
        String cases = fixture.resolve("cases.json").toString();
        Path h5 = tmp.resolve("m.h5");
        Path onnx = tmp.resolve("m.onnx");
        Path back = tmp.resolve("back");
        Cli.Result c1 = Cli.run("convert", fixture.toString(), h5.toString());
        ok(c1);
        assertTrue(c1.out().contains("(tfjs) -> ") && c1.out().contains("(h5, keras2)"), c1::toString);
        ok(Cli.run("convert", h5.toString(), onnx.toString(), "--opset", "14"));
        ok(Cli.run("convert", onnx.toString(), back.toString()));
        assertTrue(Files.isRegularFile(back.resolve("model.json")) && Files.isRegularFile(back.resolve("weights.bin")));
        for (Path m : new Path[] {onnx, back}) {
            Cli.Result r = Cli.run("compare", m.toString(), "--cases", cases);
            ok(r);
            assertTrue(r.out().contains("PASS: "), r::toString);
        }
        Cli.Result inspect = Cli.inProcess("inspect", onnx.toString());
        ok(inspect);
        assertTrue(inspect.out().contains("ai.onnx 14") && inspect.out().contains("Engram"), inspect::toString);
    }

    @Test
    void kerasThreeFileToKerasArchiveKeras3H5AndOnnx() {
        Path k = Cli.repo("io-keras/src/test/resources/keras/keras3");
        String cases = k.resolve("lstm_sigmoid_dense.cases.json").toString();
        Path keras = tmp.resolve("m.keras");
        Path k3h5 = tmp.resolve("k3.h5");
        Path onnx = tmp.resolve("m.onnx");
        ok(Cli.inProcess("convert", k.resolve("lstm_sigmoid_dense.h5").toString(), keras.toString()));
        ok(Cli.inProcess("convert", keras.toString(), k3h5.toString(), "--dialect", "keras3"));
        ok(Cli.inProcess("convert", k3h5.toString(), onnx.toString(), "--format", "onnx"));
        Cli.Result i = Cli.inProcess("inspect", k3h5.toString());
        assertTrue(i.out().contains("Dialect:      keras3"), i::toString);
        for (Path m : new Path[] {keras, k3h5, onnx}) {
            ok(Cli.inProcess("compare", m.toString(), "--cases", cases));
        }
    }

    @Test
    void functionalModelToOnnx() {
        Path k = Cli.repo("io-keras/src/test/resources/keras/tfkeras2");
        Path onnx = tmp.resolve("f.onnx");
        ok(Cli.inProcess("convert", k.resolve("functional_two_in_two_out.h5").toString(), onnx.toString()));
        ok(Cli.inProcess("compare", onnx.toString(), "--cases",
                k.resolve("functional_two_in_two_out.cases.json").toString()));
        // and back: the branching ONNX graph converts to a functional model (OnnxModel.toNetwork)
        Path h5 = tmp.resolve("back.h5");
        ok(Cli.inProcess("convert", onnx.toString(), h5.toString()));
        ok(Cli.inProcess("compare", h5.toString(), "--cases",
                k.resolve("functional_two_in_two_out.cases.json").toString()));
        Cli.Result i = Cli.inProcess("inspect", onnx.toString());
        assertTrue(i.out().contains("Engine layers: yes: converts to a trainable functional model"), i::toString);
    }

    @Test
    void hardSigmoidApproximationIsOptInAndReportsTheDeviation() {
        Path d = FixturePaths.tfjs("lstm_stack_rmsprop");
        Path keras = tmp.resolve("approx.keras");
        Cli.Result r = Cli.inProcess("convert", d.toString(), keras.toString(), "--approximate-hard-sigmoid",
                d.resolve("cases.json").toString());
        ok(r);
        assertTrue(r.out().contains("Approximated hard_sigmoid 0.2x+0.5 by x/6+0.5: max |deviation| ")
                && r.out().contains(" on the inputs of cases.json"), r::toString);
        assertTrue(Files.isRegularFile(keras));
        // The approximation changes the numbers: the original cases no longer match exactly.
        assertEquals(1, Cli.inProcess("compare", keras.toString(), "--cases", d.resolve("cases.json").toString()).exit());
    }

    @Test
    void pytorchOnnxToTfjsAndH5() {
        Path d = Cli.repo("io-onnx/src/test/resources/torch-onnx/lstm2_batchfirst_perstep");
        Path tfjs = tmp.resolve("web/model.json");
        Path h5 = tmp.resolve("m.h5");
        ok(Cli.inProcess("convert", d.resolve("model.onnx").toString(), tfjs.toString()));
        ok(Cli.inProcess("convert", tfjs.getParent().toString(), h5.toString()));
        for (Path m : new Path[] {tfjs.getParent(), h5}) {
            ok(Cli.inProcess("compare", m.toString(), "--cases", d.resolve("cases.json").toString()));
        }
    }

    @Test
    void targetsThatCannotExpressTheModelAreRefusedWithTheReason() {
        // TF.js's default LSTM gate is hard_sigmoid 0.2x+0.5, which Keras 3 has no name for.
        Cli.Result r = Cli.run("convert", FixturePaths.tfjs("lstm_stack_rmsprop").toString(),
                tmp.resolve("m.keras").toString());
        assertEquals(3, r.exit(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().startsWith("engram convert: cannot write keras m.keras:")
                && r.err().contains("has no name in KERAS_3"), r::toString);
        // A bidirectional GRU graph runs on the executor but has no engine layers to convert to.
        Cli.Result g = Cli.inProcess("convert",
                Cli.repo("io-onnx/src/test/resources/torch-onnx/bigru_batchfirst_last/model.onnx").toString(),
                tmp.resolve("g.h5").toString());
        assertEquals(3, g.exit(), g::toString);
        assertTrue(g.err().startsWith("engram convert: cannot convert model.onnx to engine layers:"), g::toString);
        assertTrue(!Files.exists(tmp.resolve("g.h5")));
    }
}
