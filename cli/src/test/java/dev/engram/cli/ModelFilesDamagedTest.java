package dev.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.LoadLimits;
import dev.engram.io.ModelDescription;
import dev.engram.io.ModelFile;
import dev.engram.io.ModelFileException;
import dev.engram.io.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file service as the tool uses it, on damaged files: every seed of the io modules' fuzz corpora
 * (Keras h5, .keras, TF.js; ONNX), truncated and with bytes flipped, goes through
 * {@link ModelFiles#detect}, {@link ModelFile#describe} and {@link ModelFile#load}, and each call
 * either succeeds or throws a {@link ModelFileException}: never another exception, which the tool
 * would report as an internal error.
 */
class ModelFilesDamagedTest {
    private static final Path KERAS = Path.of("../io-keras/src/test/resources/dev/engram/io/keras/fuzz/KerasReadersFuzzTestInputs");
    private static final Path ONNX = Path.of("../io-onnx/src/test/resources/dev/engram/io/onnx/fuzz/OnnxReaderFuzzTestInputs");
    /** The fuzz test's limits: a damaged file can never ask for much of the test JVM's heap. */
    private static final LoadLimits LIMITS = LoadLimits.defaults().withParameterBytes(64L << 20)
            .withDecompressedBytes(64L << 20).withTensorElements(8L << 20).withLayers(2000);
    private static final int FLIPS = 6;

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> damagedFilesEndInAModelOrAModelFileException() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String target : List.of("h5Full", "keras", "tfjs", "load")) {
            List<Path> seeds;
            try (Stream<Path> s = Files.list((target.equals("load") ? ONNX : KERAS).resolve(target))) {
                seeds = s.sorted().toList();
            }
            for (Path seed : seeds) {
                byte[] bytes = Files.readAllBytes(seed);
                for (int v = 0; v <= FLIPS + 3; v++) {
                    int variant = v;
                    String name = target + "/" + seed.getFileName() + "#" + variant;
                    tests.add(DynamicTest.dynamicTest(name, () -> check(target, damaged(bytes, variant), name)));
                }
            }
        }
        assertTrue(tests.size() >= 300, "cases: " + tests.size());
        return tests.stream();
    }

    /** Variant 0 is the seed, 1-3 truncations to a quarter, half and three quarters, then byte flips. */
    private static byte[] damaged(byte[] b, int variant) {
        if (variant == 0) {
            return b;
        }
        if (variant <= 3) {
            return Arrays.copyOf(b, b.length * variant / 4);
        }
        byte[] out = b.clone();
        int k = variant - 3;
        for (int i = 0; i < 4 && out.length > 0; i++) {
            int at = (int) ((long) out.length * ((k - 1) * 4 + i + 1) / (FLIPS * 4 + 1));
            out[at] ^= (byte) (0x5a + i);
        }
        return out;
    }

    private void check(String target, byte[] data, String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name.replace('/', '_').replace('#', '_')));
        Path file;
        if (target.equals("tfjs")) {
            // As the fuzz target: model.json, a NUL byte, then weights.bin.
            int cut = 0;
            while (cut < data.length && data[cut] != 0) {
                cut++;
            }
            file = Files.write(dir.resolve("model.json"), Arrays.copyOf(data, cut));
            Files.write(dir.resolve("weights.bin"), cut < data.length ? Arrays.copyOfRange(data, cut + 1, data.length)
                    : new byte[0]);
        } else {
            file = Files.write(dir.resolve(switch (target) {
                case "keras" -> "model.keras";
                case "load" -> "model.onnx";
                default -> "model.h5";
            }), data);
        }
        ModelFile format;
        try {
            format = ModelFiles.detect(file);
        } catch (ModelFileException e) {
            return; // no format recognises what is left: a defect, as documented
        }
        try {
            ModelDescription d = format.describe(file, LIMITS);
            assertEquals(format.id(), d.format());
            assertTrue(d.layers().stream().allMatch(l -> l.name() != null && l.className() != null), d::toString);
        } catch (ModelFileException e) {
            // the documented outcome for a damaged file
        }
        try {
            format.load(file, LIMITS);
        } catch (ModelFileException e) {
            // the documented outcome for a damaged file
        }
    }
}
