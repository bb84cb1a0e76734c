package dev.engram.testing.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OpenFiles sees a file held open under the folder, and not once it is closed or outside the folder. */
class OpenFilesTest {

    @Test
    void listsExactlyTheFilesHeldOpenUnderTheFolder(@TempDir Path dir, @TempDir Path elsewhere) throws IOException {
        assumeTrue(OpenFiles.observable(), "no /proc/self/fd on this OS");
        Path inside = Files.write(Files.createDirectories(dir.resolve("sub")).resolve("model.h5"), new byte[] {1});
        Path outside = Files.write(elsewhere.resolve("x.bin"), new byte[] {2});
        try (FileChannel in = FileChannel.open(inside); FileChannel out = FileChannel.open(outside)) {
            assertEquals(List.of(inside.toRealPath()), OpenFiles.under(dir));
        }
        assertEquals(List.of(), OpenFiles.under(dir));
    }
}
