package dev.engram.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files a model refers to must be regular files inside the model's real folder, links followed. */
class ReferencedFilesTest {
    @TempDir
    Path model;
    @TempDir
    Path outside;

    private String refused(String reference) {
        return assertThrows(ModelFileException.class, () -> ReferencedFiles.resolve(model, reference,
                d -> new ModelFileException("m.json", "", d))).detail();
    }

    @Test
    void insideRegularFilesResolveToTheirRealPath() throws IOException {
        Path w = Files.writeString(model.resolve("w.bin"), "x");
        Files.createSymbolicLink(model.resolve("alias.bin"), w);
        assertEquals(w.toRealPath(), ReferencedFiles.resolve(model, "alias.bin", d -> new IOException(d)));
        assertEquals(w.toRealPath(), ReferencedFiles.resolve(model, "./w.bin", d -> new IOException(d)));
    }

    @Test
    void everyWayOutIsRefused() throws IOException {
        Path secret = Files.writeString(outside.resolve("secret"), "12345");
        Files.createSymbolicLink(model.resolve("link.bin"), secret);
        Files.createSymbolicLink(model.resolve("dirlink"), outside);
        Files.createSymbolicLink(model.resolve("loop"), model.resolve("loop"));
        Files.createDirectory(model.resolve("sub"));
        assertEquals("referenced file \"link.bin\" is a link that leads outside the model's folder; refused",
                refused("link.bin"));
        assertEquals("referenced file \"dirlink/secret\" is a link that leads outside the model's folder; refused",
                refused("dirlink/secret"));
        assertEquals("referenced file \"../secret\" must be a relative path inside the model's folder", refused("../secret"));
        assertEquals("referenced file \"" + secret + "\" must be a relative path inside the model's folder",
                refused(secret.toString()));
        assertEquals("referenced file \"\" must be a relative path inside the model's folder", refused(""));
        assertEquals("referenced file \"sub\" is not a regular file", refused("sub"));
        assertEquals("referenced file \"loop\" is a link that cannot be followed (dangling or a loop)", refused("loop"));
        assertEquals("referenced file \"none\" does not exist next to the model file", refused("none"));
        assertEquals("referenced file \"a\\u0000b\" must be a relative path inside the model's folder", refused("a\0b"));
    }
}
