package dev.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code engram train} on a generated series, then the saved model used by the other commands. */
class TrainIT {
    @TempDir
    Path tmp;

    private Path series() throws IOException {
        StringBuilder sb = new StringBuilder("load,temp\n");
        for (int t = 0; t < 120; t++) {
            sb.append(String.format(Locale.ROOT, "%.5f,%.5f%n", Math.sin(t * 0.3), Math.cos(t * 0.1)));
        }
        Path csv = tmp.resolve("series.csv");
        Files.writeString(csv, sb);
        return csv;
    }

    @Test
    void trainsSavesAndTheSavedModelRuns() throws IOException {
        Path cfg = tmp.resolve("forecaster.json");
        Files.writeString(cfg, """
                {"layers": [{"type": "lstm", "units": 8}, {"type": "dropout", "rate": 0.1},
                            {"type": "dense", "units": 1}],
                 "loss": "mse", "optimizer": {"type": "adam", "learningRate": 0.02},
                 "window": 6, "features": ["load", "temp"], "targets": ["load"],
                 "epochs": 4, "batchSize": 16, "validationSplit": 0.2, "seed": 7}
                """);
        Path out = tmp.resolve("trained.keras");
        Path history = tmp.resolve("history.csv");
        Cli.Result r = Cli.run("train", "--config", cfg.toString(), "--data", series().toString(), "--output",
                out.toString(), "--history", history.toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("Training forecaster on 114 windows of 6 x 2"), r::toString);
        for (int e = 1; e <= 4; e++) {
            assertTrue(r.out().contains("Epoch " + e + "/4 - "), r::toString);
        }
        assertTrue(r.out().contains("val_loss") && r.out().contains("Saved keras model to"), r::toString);
        assertTrue(r.out().contains(" samples/s - loss: "), r::toString);
        var rows = Files.readAllLines(history);
        assertEquals("epoch,loss,val_loss", rows.get(0));
        assertEquals(5, rows.size(), rows::toString);

        Cli.Result i = Cli.inProcess("inspect", out.toString());
        assertEquals(0, i.exit(), i::toString);
        assertTrue(i.out().contains("[null, 6, 2]") && i.out().contains("compiled: loss"), i::toString);

        Path windows = tmp.resolve("w.csv");
        Files.writeString(windows, "0,1,0.1,1,0.2,1,0.3,1,0.4,1,0.5,1\n");
        Cli.Result p = Cli.run("predict", out.toString(), "--input", windows.toString());
        assertEquals(0, p.exit(), p::toString);
        assertEquals(2, p.out().lines().count(), p::toString);
    }

    @Test
    void configErrorsNameTheKey() throws IOException {
        Path cfg = tmp.resolve("bad.json");
        Files.writeString(cfg, "{\"layers\": [{\"type\": \"lstm\", \"units\": 4, \"untis\": 3}]}");
        Cli.Result r = Cli.inProcess("train", "--config", cfg.toString(), "--data", series().toString(), "-o",
                tmp.resolve("m.h5").toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().startsWith("engram train: bad.json at /layers/0/untis: unknown key"), r::toString);

        Files.writeString(cfg, "{\"layers\": [{\"type\": \"lstm\", \"units\": 4}], \"targets\": [\"load\"]}");
        Cli.Result shape = Cli.inProcess("train", "--config", cfg.toString(), "--data", series().toString(), "-o",
                tmp.resolve("m.h5").toString());
        assertEquals(2, shape.exit(), shape::toString);
        assertTrue(shape.err().contains("the model outputs [4] per sample but there are 1 target column(s)"),
                shape::toString);
    }
}
