package dev.engram.testing.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files this JVM holds open under a folder, read from {@code /proc/self/fd}: after hostile inputs
 * have been read from that folder, anything still open there is a leaked handle (a reader that threw
 * before closing its file). Where the JVM has no {@code /proc/self/fd} (not Linux), nothing can be
 * seen and the list is empty; {@link #observable()} says which.
 */
public final class OpenFiles {
    private static final Path FDS = Path.of("/proc/self/fd");

    private OpenFiles() {
    }

    /** True where open files can be listed (Linux). */
    public static boolean observable() {
        return Files.isDirectory(FDS);
    }

    /**
     * The open files under {@code dir}, as absolute paths (one per open descriptor).
     *
     * @param dir the folder the hostile inputs were read from
     * @return the files open under it now; empty where {@link #observable()} is false
     * @throws IOException when the descriptor table cannot be listed
     */
    public static List<Path> under(Path dir) throws IOException {
        List<Path> open = new ArrayList<>();
        if (!observable()) {
            return open;
        }
        Path root = dir.toAbsolutePath().normalize();
        Path real = Files.exists(root) ? root.toRealPath() : root;
        try (Stream<Path> fds = Files.list(FDS)) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                Path target;
                try {
                    target = Files.readSymbolicLink(fd);
                } catch (IOException | UnsupportedOperationException e) {
                    continue; // closed between listing and reading, or the listing's own descriptor
                }
                if (target.startsWith(root) || target.startsWith(real)) {
                    open.add(target);
                }
            }
        }
        return open;
    }
}
