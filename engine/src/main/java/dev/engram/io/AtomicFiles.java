package dev.engram.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The one way Engram writes a file or a set of files: all or nothing. Content goes to a temporary
 * file (or folder) beside the target and is moved into place only when complete, so a failed or
 * refused write leaves the file system as it was: no partial file, no new folders, an existing
 * target untouched. A target that exists must be a regular file (or, for {@link #writeFiles}, a
 * folder): directories, devices and other special files are refused, never replaced. Temporary
 * files are created without explicit permissions, so the result follows the umask like any other
 * file. File-system failures surface as {@link OutputFileException} naming the target
 * ("Permission denied: out/model.onnx").
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes the content of one file or folder to the temporary path it is given. */
    @FunctionalInterface
    public interface Body {
        /**
         * Writes to {@code temp}: a file path that does not exist yet ({@link #write}) or an empty
         * folder to fill ({@link #writeFiles}).
         *
         * @param temp the temporary file or folder to write
         * @throws IOException when writing fails; the target is then left as it was
         */
        void write(Path temp) throws IOException;
    }

    /**
     * Writes {@code target} through {@code body} into a temporary file in the target's folder, then
     * moves it into place atomically (a plain replace where the file system cannot move atomically).
     * Missing parent folders are created and removed again if the write fails.
     *
     * @param target the file to create or replace
     * @param body writes the content into the temporary file it is given
     * @throws OutputFileException for a target that is not a regular file, or any file-system failure
     * @throws IOException         whatever {@code body} throws (e.g. a {@link ModelFileException}),
     *                             after the temporary file is removed
     */
    public static void write(Path target, Body body) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        requireRegularOrAbsent(target, absolute);
        List<Path> created = createParents(target, absolute.getParent());
        Path tmp = sibling(absolute, ".tmp");
        boolean done = false;
        try {
            try {
                body.write(tmp);
            } catch (FileSystemException e) {
                throw translate(target, e);
            }
            move(target, tmp, absolute);
            done = true;
        } finally {
            if (!done) {
                deleteQuietly(tmp);
                removeCreated(created);
            }
        }
    }

    /**
     * Writes several files into the folder {@code target} all or nothing: {@code body} fills an empty
     * temporary folder beside {@code target}; then each file it wrote replaces its namesake in
     * {@code target} (other files in the folder are left alone). If moving any of them fails, the
     * ones already moved are put back as they were.
     *
     * @param target the folder to write files into; created if absent
     * @param body writes the files into the temporary folder it is given
     * @throws OutputFileException for a target that exists and is not a folder, or any file-system failure
     * @throws IOException whatever {@code body} throws, after the temporary folder is removed
     */
    public static void writeFiles(Path target, Body body) throws IOException {
        Path folder = target.toAbsolutePath().normalize();
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new OutputFileException(target, "not a folder; refused");
        }
        List<Path> created = createParents(target, folder.getParent());
        Path tmp = sibling(folder, ".tmp");
        boolean done = false;
        try {
            try {
                Files.createDirectory(tmp);
                body.write(tmp);
            } catch (FileSystemException e) {
                throw translate(target, e);
            }
            List<Path> names;
            try (Stream<Path> s = Files.list(tmp)) {
                names = s.map(Path::getFileName).sorted().toList();
            }
            for (Path n : names) {
                requireRegularOrAbsent(target.resolve(n), folder.resolve(n));
            }
            boolean fresh = !Files.exists(folder);
            if (fresh) {
                move(target, tmp, folder);
            } else {
                swapIn(target, tmp, folder, names);
            }
            done = true;
        } finally {
            if (!done) {
                deleteTree(tmp);
                removeCreated(created);
            }
        }
    }

    /** Moves each file of {@code tmp} into {@code folder}, keeping backups to undo a failure half-way. */
    private static void swapIn(Path shown, Path tmp, Path folder, List<Path> names) throws IOException {
        List<Path[]> undo = new ArrayList<>(); // {target, backup or null}
        try {
            for (Path n : names) {
                Path dest = folder.resolve(n);
                Path backup = null;
                if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
                    backup = sibling(dest, ".old");
                    Files.move(dest, backup, StandardCopyOption.ATOMIC_MOVE);
                }
                undo.add(new Path[] {dest, backup});
                Files.move(tmp.resolve(n), dest, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            for (int i = undo.size() - 1; i >= 0; i--) {
                Path[] u = undo.get(i);
                deleteQuietly(u[0]);
                if (u[1] != null) {
                    try {
                        Files.move(u[1], u[0], StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException ignored) {
                        // the backup stays beside the target under its temporary name
                    }
                }
            }
            throw e instanceof FileSystemException f ? translate(shown, f) : e;
        }
        for (Path[] u : undo) {
            if (u[1] != null) {
                deleteQuietly(u[1]);
            }
        }
        deleteTree(tmp);
    }

    private static void requireRegularOrAbsent(Path shown, Path absolute) throws OutputFileException {
        if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
            String what = Files.isDirectory(absolute) ? "a folder" : "a device or other special file";
            throw new OutputFileException(shown, "is " + what + ", not a regular file; refused");
        }
    }

    /** Creates the missing ancestors of {@code dir}, returning those created (outermost first). */
    private static List<Path> createParents(Path shown, Path dir) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        List<Path> created = new ArrayList<>();
        try {
            for (Path p : missing) {
                Files.createDirectory(p);
                created.add(p);
            }
        } catch (FileAlreadyExistsException e) {
            removeCreated(created);
            throw new OutputFileException(shown, "a parent is not a folder: " + e.getFile());
        } catch (FileSystemException e) {
            removeCreated(created);
            throw translate(shown, e);
        }
        if (!Files.isDirectory(dir)) {
            throw new OutputFileException(shown, "the parent " + dir.getFileName() + " is not a folder");
        }
        return created;
    }

    private static void removeCreated(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            deleteQuietly(created.get(i));
        }
    }

    private static Path sibling(Path target, String suffix) {
        return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID().toString().substring(0, 8)
                + suffix);
    }

    private static void move(Path shown, Path from, Path to) throws IOException {
        try {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (FileSystemException e) {
            throw translate(shown, e);
        }
    }

    /** A file-system failure restated for the target the user named. */
    static OutputFileException translate(Path shown, FileSystemException e) {
        if (e instanceof OutputFileException o) {
            return o;
        }
        String reason;
        if (e instanceof AccessDeniedException) {
            reason = "Permission denied";
        } else if (e instanceof NoSuchFileException) {
            reason = "No such file or directory";
        } else {
            reason = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
        }
        OutputFileException out = new OutputFileException(shown, reason);
        out.initCause(e);
        return out;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover temporary name is harmless and hidden (leading dot)
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
        } catch (IOException ignored) {
            // best effort, as above
        }
    }
}
