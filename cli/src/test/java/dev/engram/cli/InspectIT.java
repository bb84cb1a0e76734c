package dev.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.engram.testing.FixturePaths;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code engram inspect} and the help texts, run on the packaged jar. */
class InspectIT {

    @Test
    void helpOnEveryCommandHasExamplesAndTopLevelListsExitCodes() {
        Cli.Result top = Cli.run("--help");
        assertEquals(0, top.exit(), top::toString);
        assertTrue(top.out().contains("Exit codes:") && top.out().contains("3   defect in a model file")
                && top.out().contains("5   I/O failure"),
                top::toString);
        for (String c : new String[] {"inspect", "predict", "convert", "compare", "train"}) {
            assertTrue(top.out().contains("  " + c), c);
        }
    }

    @Test
    void tfjsFixtureShowsFormatProducerShapesAndLayerTable() {
        Cli.Result r = Cli.run("inspect", FixturePaths.tfjs("lstm_stack_rmsprop").toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("Format:       TensorFlow.js layers model"), r::toString);
        assertTrue(r.out().contains("Dialect:      tfjs (tfjs-layers 4.22.0)"), r::toString);
        assertTrue(r.out().contains("Producer:     TensorFlow.js tfjs-layers v4.22.0"), r::toString);
        assertTrue(r.out().contains("Inputs:       lstm_LSTM1_input [null, 5, 3] float32"), r::toString);
        assertTrue(r.out().contains("(Lstm)") && r.out().contains("Total params:"), r::toString);
        assertTrue(r.out().contains("Kernels:      vector"), r::toString);
    }

    @Test
    void kerasFilesShowDialectVersionAndCompileState() {
        Cli.Result h5 = Cli.inProcess("inspect",
                Cli.repo("io-keras/src/test/resources/keras/tfkeras2/lstm_sigmoid_dense.h5").toString());
        assertEquals(0, h5.exit(), h5::toString);
        assertTrue(h5.out().contains("Format:       Keras HDF5") && h5.out().contains("Dialect:      keras2"), h5::toString);
        assertTrue(h5.out().contains("Producer:     Keras 2."), h5::toString);
        assertTrue(h5.out().contains("Training:"), h5::toString);

        Cli.Result k3 = Cli.run("inspect", Cli.repo("io-keras/src/test/resources/keras/keras3/lstm_sigmoid_dense.keras")
                .toString());
        assertEquals(0, k3.exit(), k3::toString);
        assertTrue(k3.out().contains("Keras 3 .keras archive") && k3.out().contains("Dialect:      keras3"), k3::toString);
        assertTrue(k3.out().contains("Producer:     Keras 3.10.0"), k3::toString);
    }

    @Test
    void weightsOnlyH5IsRecognisedAndItsTensorsListed() {
        Cli.Result r = Cli.inProcess("inspect",
                Cli.repo("io-keras/src/test/resources/keras/tfkeras2/lstm_sigmoid_dense.legacy_weights.h5").toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("weights only (save_weights)"), r::toString);
        assertTrue(r.out().contains("kernel") && r.out().contains("[3, 24]"), r::toString);
    }

    @Test
    void onnxShowsOperatorsShapesAndConvertibility() {
        Cli.Result yes = Cli.run("inspect",
                Cli.repo("io-onnx/src/test/resources/torch-onnx/lstm2_batchfirst_perstep/model.onnx").toString());
        assertEquals(0, yes.exit(), yes::toString);
        assertTrue(yes.out().contains("Producer:     pytorch"), yes::toString);
        assertTrue(yes.out().contains("Input:        x [") && yes.out().contains("LSTM x"), yes::toString);
        assertTrue(yes.out().contains("Engine layers: yes"), yes::toString);

        Cli.Result no = Cli.inProcess("inspect",
                Cli.repo("io-onnx/src/test/resources/torch-onnx/bigru_batchfirst_last/model.onnx").toString());
        assertEquals(0, no.exit(), no::toString);
        assertTrue(no.out().contains("Engine layers: no, predict/compare only"), no::toString);
    }

    @Test
    void sharedBidirectionalFixtureLoads() {
        Path shared = Cli.sharedFixtures();
        assumeTrue(shared != null, "shared/fixtures not found above " + Path.of("").toAbsolutePath());
        Cli.Result r = Cli.inProcess("inspect", shared.resolve("tfjs/bidirectional_lstm_concat").toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("bidirectional_Bidirectional1") && r.out().contains("Bidirectional"), r::toString);
    }

    @Test
    void fileWithUnsupportedLayersListsThemAndExits3(@TempDir Path tmp) throws java.io.IOException {
        Path shared = Cli.sharedFixtures();
        assumeTrue(shared != null, "shared/fixtures not found above " + Path.of("").toAbsolutePath());
        Path src = shared.resolve("tfjs/bidirectional_lstm_concat");
        java.nio.file.Files.writeString(tmp.resolve("model.json"), java.nio.file.Files.readString(src.resolve("model.json"))
                .replace("\"class_name\": \"Bidirectional\"", "\"class_name\": \"LocallyConnected2D\"")
                .replace("\"class_name\":\"Bidirectional\"", "\"class_name\":\"LocallyConnected2D\""));
        java.nio.file.Files.copy(src.resolve("weights.bin"), tmp.resolve("weights.bin"));
        Cli.Result r = Cli.run("inspect", tmp.toString());
        assertEquals(3, r.exit(), r::toString);
        assertTrue(r.out().contains("* bidirectional_Bidirectional1") && r.out().contains("LocallyConnected2D"), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().startsWith("engram inspect: model.json at /modelTopology/config/layers/0: layer"
                + " 'bidirectional_Bidirectional1' has class LocallyConnected2D"), r::toString);
    }

    @Test
    void withoutTheVectorFlagTheToolWorksOnScalarKernelsWithOneNotice() {
        Cli.Result r = Cli.runWithoutVectorFlag("inspect",
                FixturePaths.tfjs("lstm_no_bias_forward").toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("Kernels:      scalar"), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().contains("jdk.incubator.vector is not enabled"), r::toString);
    }
}
