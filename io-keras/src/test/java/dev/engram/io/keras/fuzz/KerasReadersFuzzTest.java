package dev.engram.io.keras.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.engram.io.LoadLimits;
import dev.engram.io.ModelFileException;
import dev.engram.io.keras.h5.KerasH5Reader;
import dev.engram.io.keras.kerasv3.KerasV3Archive;
import dev.engram.io.keras.tfjs.TfjsModelReader;
import dev.engram.layers.Layers;
import dev.engram.models.Sequential;
import dev.engram.testing.hostile.OpenFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of every Keras-family reader (Jazzer). Each target writes the input to a
 * file, reads it, and accepts only two outcomes: a model, or a {@link ModelFileException}. Anything
 * else (another exception, an {@link OutOfMemoryError}, a {@link StackOverflowError}) is a finding.
 *
 * <p>In a normal test run each target replays its committed corpus ({@code KerasReadersFuzzTestInputs/<target>/}
 * in test resources: seeds made from the fixtures by {@code scripts/hostile/make_fuzz_seeds.py}, plus
 * any findings); {@code JAZZER_FUZZ=1} fuzzes one target (see the README's "Reliability" section).
 */
class KerasReadersFuzzTest {
    /** Limits small enough that a fuzzed file can never ask for much of the test JVM's heap. */
    static final LoadLimits LIMITS = LoadLimits.defaults().withParameterBytes(64L << 20)
            .withDecompressedBytes(64L << 20).withTensorElements(8L << 20).withLayers(2000);
    private static final Path DIR = tempDir();

    /** Every hostile file read here was closed again, however its read ended. */
    @AfterAll
    static void noHostileFileLeftOpen() throws IOException {
        assertEquals(List.of(), OpenFiles.under(DIR), "files left open by a failed read");
    }

    private static Path tempDir() {
        try {
            Path d = Files.createTempDirectory("engram-fuzz-keras");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a reader; a model or a ModelFileException are the only accepted outcomes. */
    static void expectModelOrDefect(Read read) throws IOException {
        try {
            read.run();
        } catch (ModelFileException e) {
            // the documented outcome for a bad file
        }
    }

    /** A reader call. */
    @FunctionalInterface
    interface Read {
        /** Reads the fuzzed file(s). */
        void run() throws IOException;
    }

    /**
     * TF.js: the input is {@code model.json}, a NUL byte, then the bytes of {@code weights.bin}
     * (no NUL: an empty shard).
     */
    @FuzzTest(maxDuration = "10m")
    void tfjs(byte[] data) throws IOException {
        int cut = indexOf(data, (byte) 0);
        Path d = Files.createDirectories(DIR.resolve("tfjs"));
        Path json = d.resolve("model.json");
        Files.write(json, cut < 0 ? data : Arrays.copyOf(data, cut));
        Files.write(d.resolve("weights.bin"), cut < 0 ? new byte[0] : Arrays.copyOfRange(data, cut + 1, data.length));
        expectModelOrDefect(() -> TfjsModelReader.read(json, LIMITS));
    }

    /** A full-model Keras HDF5 file. */
    @FuzzTest(maxDuration = "10m")
    void h5Full(byte[] data) throws IOException {
        Path f = Files.write(DIR.resolve("model.h5"), data);
        expectModelOrDefect(() -> KerasH5Reader.read(f, LIMITS));
    }

    /** A weights-only HDF5 file (legacy or Keras 3 layout), loaded into a small fixed model. */
    @FuzzTest(maxDuration = "10m")
    void h5Weights(byte[] data) throws IOException {
        Path f = Files.write(DIR.resolve("w.weights.h5"), data);
        Sequential m = new Sequential("m", 1);
        m.add(Layers.lstm(2).withName("lstm").inputShape(3, 2));
        m.add(Layers.dense(1).withName("dense"));
        expectModelOrDefect(() -> KerasH5Reader.readWeights(f, m, LIMITS));
    }

    /** A Keras 3 {@code .keras} zip archive. */
    @FuzzTest(maxDuration = "10m")
    void keras(byte[] data) throws IOException {
        Path f = Files.write(DIR.resolve("model.keras"), data);
        expectModelOrDefect(() -> KerasV3Archive.read(f, LIMITS));
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
