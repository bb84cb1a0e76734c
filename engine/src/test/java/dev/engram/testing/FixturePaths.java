package dev.engram.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Locates fixture folders: the module's own (committed) and the shared set beside the repository. */
public final class FixturePaths {
    private FixturePaths() {
    }

    /** The module's own TF.js fixtures, {@code src/test/resources/tfjs}. */
    public static Path ownTfjs() {
        return Path.of("src", "test", "resources", "tfjs").toAbsolutePath();
    }

    /** {@code shared/fixtures} in a parent folder of the working directory, if present. */
    public static Optional<Path> shared() {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
            candidate = dir.resolveSibling("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
