package dev.engram.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code engram plot} on a Keras CSVLogger-style history. */
class PlotCommandTest {
    @TempDir
    Path tmp;

    private Path history() throws IOException {
        Path csv = tmp.resolve("history.csv");
        Files.writeString(csv, """
                epoch,accuracy,loss,val_accuracy,val_loss
                0,0.5,0.9,0.45,1.0
                1,0.7,0.6,0.6,0.8
                2,0.8,0.4,0.7,nan
                3,0.85,0.3,0.74,0.55
                """);
        return csv;
    }

    @Test
    void writesPngAndSvgCharts() throws IOException {
        Path png = tmp.resolve("out/loss.png");
        Cli.Result r = Cli.inProcess("plot", history().toString(), "-o", png.toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("Plotted accuracy, loss, val_accuracy, val_loss of 4 epochs"), r::toString);
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head);

        Path svg = tmp.resolve("loss.svg");
        r = Cli.inProcess("plot", history().toString(), "-o", svg.toString(), "--keys", "loss,val_loss");
        assertEquals(0, r.exit(), r::toString);
        String text = Files.readString(svg);
        assertTrue(text.startsWith("<?xml") && text.contains("<svg") && text.contains("val_loss"),
                text.substring(0, 200));
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp-")));
        }
    }

    @Test
    void badKeysAndFormatsAreUsageErrors() throws IOException {
        Cli.Result r = Cli.inProcess("plot", history().toString(), "-o", tmp.resolve("x.png").toString(), "--keys",
                "auc");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("history.csv has no column 'auc'; it has [accuracy, loss, val_accuracy, val_loss]"),
                r::toString);
        r = Cli.inProcess("plot", history().toString(), "-o", tmp.resolve("x.jpg").toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("plot writes .png or .svg, not x.jpg"), r::toString);
    }
}
