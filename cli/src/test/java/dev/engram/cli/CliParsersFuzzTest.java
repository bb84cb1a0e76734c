package dev.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the CLI's input parsers (Jazzer): cases JSON, CSV data and training
 * configs. Each input either parses or fails with a usage error (exit 2) naming the place; anything
 * else is a finding. A normal test run replays the committed corpus ({@code CliParsersFuzzTestInputs/});
 * {@code JAZZER_FUZZ=1} fuzzes one target.
 */
class CliParsersFuzzTest {
    private static final Path DIR = tempDir();

    private static Path tempDir() {
        try {
            Path d = Files.createTempDirectory("engram-fuzz-cli");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void expectParsedOrUsage(Runnable parse) {
        try {
            parse.run();
        } catch (CliException e) {
            assertEquals(ExitCodes.USAGE, e.exitCode(), e::getMessage);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void cases(byte[] data) throws IOException {
        Path f = Files.write(DIR.resolve("cases.json"), data);
        expectParsedOrUsage(() -> CasesFile.read(f));
    }

    @FuzzTest(maxDuration = "10m")
    void csv(byte[] data) throws IOException {
        Path f = Files.write(DIR.resolve("data.csv"), data);
        expectParsedOrUsage(() -> CsvTable.read(f));
    }

    @FuzzTest(maxDuration = "10m")
    void trainConfig(byte[] data) throws IOException {
        Path f = Files.write(DIR.resolve("train.json"), data);
        expectParsedOrUsage(() -> TrainConfig.read(f));
    }
}
