package dev.engram.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** All-or-nothing writes: a failed write leaves the file system as it was. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void writesAndReplacesWithUmaskPermissions() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        Path target = dir.resolve("out.bin");
        AtomicFiles.write(target, tmp -> Files.writeString(tmp, "one"));
        AtomicFiles.write(target, tmp -> Files.writeString(tmp, "two"));
        assertEquals("two", Files.readString(target));
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(List.of("", "out.bin", "plain.txt"), listing());
    }

    @Test
    void aFailedWriteLeavesNoFileNoFolderAndTheOldTarget() throws IOException {
        Path existing = Files.writeString(dir.resolve("keep.bin"), "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(existing, tmp -> {
            Files.writeString(tmp, "partial");
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("old", Files.readString(existing));
        assertThrows(ModelFileException.class, () -> AtomicFiles.write(dir.resolve("a/b/c.bin"), tmp -> {
            throw new ModelFileException("m", "", "refused");
        }));
        assertEquals(List.of("", "keep.bin"), listing());
    }

    @Test
    void foldersAndDevicesAreRefusedNotReplaced() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("model.onnx"));
        OutputFileException e = assertThrows(OutputFileException.class,
                () -> AtomicFiles.write(folder, tmp -> Files.writeString(tmp, "x")));
        assertEquals("is a folder, not a regular file; refused: " + folder, e.getMessage());
        assertTrue(Files.isDirectory(folder));
        Path device = Path.of("/dev/null");
        if (Files.exists(device)) {
            OutputFileException d = assertThrows(OutputFileException.class,
                    () -> AtomicFiles.write(device, tmp -> Files.writeString(tmp, "x")));
            assertTrue(d.getMessage().startsWith("is a device or other special file"), d.getMessage());
            assertFalse(Files.isRegularFile(device));
        }
    }

    @Test
    void severalFilesAreSwappedInTogetherOrNotAtAll() throws IOException {
        Path model = Files.createDirectory(dir.resolve("model"));
        Files.writeString(model.resolve("model.json"), "old json");
        Files.writeString(model.resolve("weights.bin"), "old weights");
        Files.writeString(model.resolve("README"), "user's file");
        assertThrows(IOException.class, () -> AtomicFiles.writeFiles(model, tmp -> {
            Files.writeString(tmp.resolve("weights.bin"), "new weights");
            throw new IOException("failed before model.json");
        }));
        assertEquals("old weights", Files.readString(model.resolve("weights.bin")));
        assertEquals(List.of("", "model", "model/README", "model/model.json", "model/weights.bin"), listing());
        AtomicFiles.writeFiles(model, tmp -> {
            Files.writeString(tmp.resolve("weights.bin"), "new weights");
            Files.writeString(tmp.resolve("model.json"), "new json");
        });
        assertEquals("new json", Files.readString(model.resolve("model.json")));
        assertEquals("user's file", Files.readString(model.resolve("README")));
        assertEquals(List.of("", "model", "model/README", "model/model.json", "model/weights.bin"), listing());
        AtomicFiles.writeFiles(dir.resolve("fresh/sub"), tmp -> Files.writeString(tmp.resolve("a"), "a"));
        assertEquals("a", Files.readString(dir.resolve("fresh/sub/a")));
    }
}
