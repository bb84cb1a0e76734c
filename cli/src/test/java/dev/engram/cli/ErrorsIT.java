package dev.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.testing.FixturePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error exit status with its one-line message; {@code --verbose} adds the trace. */
class ErrorsIT {
    private static final String TFJS = FixturePaths.tfjs("lstm_no_bias_forward").toString();

    @TempDir
    Path tmp;

    /** Through the packaged jar (the exit status System.exit really returns). */
    private static void fails(int code, String messageStart, String... args) {
        check(Cli.run(args), code, messageStart, args);
    }

    /** In this JVM: the same code path minus the JVM start, for the long catalogue. */
    private static void failsInProcess(int code, String messageStart, String... args) {
        check(Cli.inProcess(args), code, messageStart, args);
    }

    private static void check(Cli.Result r, int code, String messageStart, String... args) {
        assertEquals(code, r.exit(), r::toString);
        assertEquals(1, r.errLines().size(), () -> "one line on stderr: " + r);
        assertTrue(r.err().startsWith(messageStart), () -> "expected '" + messageStart + "...' for "
                + Arrays.toString(args) + ", got " + r.err());
    }

    @Test
    void usageErrorsExit2() throws IOException {
        fails(2, "engram: missing command", new String[0]);
        failsInProcess(2, "engram: Unknown option: '--frobnicate'", "--frobnicate");
        failsInProcess(2, "engram compare: Missing required option: '--cases=FILE'", "compare", TFJS);
        failsInProcess(2, "engram inspect: no such file or directory: nope.json", "inspect", "nope.json");
        failsInProcess(2, "engram convert: --opset applies to ONNX output only, not h5", "convert", TFJS,
                tmp.resolve("x.h5").toString(), "--opset", "17");
        failsInProcess(2, "engram convert: --opset must be between 14 and 21, got 9", "convert", TFJS,
                tmp.resolve("x.onnx").toString(), "--opset", "9");
        failsInProcess(2, "engram convert: a .keras archive is a Keras 3 format", "convert", TFJS,
                tmp.resolve("x.keras").toString(), "--dialect", "keras2");
        failsInProcess(2, "engram convert: cannot tell the target format from the name 'x.bin'", "convert", TFJS,
                tmp.resolve("x.bin").toString());
        Path malformed = tmp.resolve("bad.json");
        Files.writeString(malformed, "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 2], \"data\": [1]}]}");
        fails(2, "engram predict: bad.json at /inputs/0/data: 1 values for shape [1, 2] (2 expected)", "predict",
                TFJS, "--input", malformed.toString());
        Path wrongShape = tmp.resolve("shape.json");
        Files.writeString(wrongShape, "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 2], \"data\": [1, 2]}]}");
        failsInProcess(2, "engram predict: the input does not fit the model:", "predict", TFJS, "--input", wrongShape.toString());
        Path csv = tmp.resolve("x.csv");
        Files.writeString(csv, "1,2,3\n4,5\n");
        failsInProcess(2, "engram predict: x.csv line 2: 2 values, expected 3", "predict", TFJS, "--input", csv.toString());
    }

    @Test
    void refusedAndFailedWritesExit5AndLeaveNothingBehind() throws IOException {
        Path folder = Files.createDirectory(tmp.resolve("taken.onnx"));
        failsInProcess(5, "engram convert: is a folder, not a regular file; refused: " + folder, "convert", TFJS,
                folder.toString());
        Path nested = tmp.resolve("new/deeper/model.h5");
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\"modelTopology\": 1}");
        failsInProcess(3, "engram convert: broken.json", "convert", broken.toString(), nested.toString());
        assertFalse(Files.exists(tmp.resolve("new")), "a refused conversion creates no folders");
    }

    @Test
    void badModelFilesExit3() throws IOException {
        Path garbage = tmp.resolve("model.h5");
        Files.writeString(garbage, "hello, I am not a model");
        fails(3, "engram inspect: model.h5: not a model file", "inspect", garbage.toString());
        Path truncated = tmp.resolve("truncated.h5");
        byte[] h5 = Files.readAllBytes(Cli.repo("io-keras/src/test/resources/keras/tfkeras2/lstm_no_bias.h5"));
        Files.write(truncated, Arrays.copyOf(h5, 3000));
        failsInProcess(3, "engram predict: truncated.h5", "predict", truncated.toString(), "--input",
                Cli.repo("io-keras/src/test/resources/keras/tfkeras2/lstm_no_bias.cases.json").toString());
        Path badJson = tmp.resolve("model.json");
        Files.writeString(badJson, "{\"modelTopology\": {\"class_name\": \"Sequential\", \"config\": {\"layers\": 3}}}");
        failsInProcess(3, "engram compare: model.json", "compare", badJson.toString(), "--cases",
                FixturePaths.tfjs("lstm_no_bias_forward").resolve("cases.json").toString());
        Path notOnnx = tmp.resolve("m.onnx");
        Files.write(notOnnx, new byte[] {8, 7, 18, (byte) 0xff, 1});
        failsInProcess(3, "engram inspect: m.onnx: not a valid ONNX ModelProto", "inspect", notOnnx.toString());
    }

    @Test
    void verbosePrintsTheStackTrace() throws IOException {
        Path garbage = tmp.resolve("model.h5");
        Files.writeString(garbage, "nope");
        Cli.Result r = Cli.run("inspect", garbage.toString(), "--verbose");
        assertEquals(3, r.exit(), r::toString);
        assertTrue(r.errLines().size() > 3 && r.err().contains("at dev.engram.cli.ModelFormat.detect"), r::toString);
    }
}
