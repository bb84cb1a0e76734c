package dev.engram.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves a file a model refers to by a relative path (TF.js weight shards, ONNX external data)
 * the way an attacker cannot bend: the reference must be a non-empty relative path, and after
 * every symbolic link is followed ({@link Path#toRealPath}) it must lie inside the model's real
 * folder and be a regular file. A reference that leaves the folder is refused without ever
 * reading the outside file, and messages never give its size or content.
 */
public final class ReferencedFiles {
    private ReferencedFiles() {
    }

    /** Creates the format's own exception for a refused reference (e.g. one locating a JSON pointer). */
    @FunctionalInterface
    public interface Refusal<E extends Exception> {
        /**
         * The exception to throw, given what is wrong with the reference.
         *
         * @param detail what is wrong, e.g. that the reference leaves the model's folder
         * @return the exception, naming the model file
         */
        E create(String detail);
    }

    /**
     * The real path of {@code reference} inside {@code modelFolder}.
     *
     * @param modelFolder the folder holding the model file (need not be real; it is resolved here)
     * @param reference   the path as written in the model file
     * @param refusal     makes the exception for a refused reference
     * @param <E> the exception type of the model format
     * @return the real path of the referenced file
     * @throws E           when the reference is empty, absolute, malformed, missing, not a regular
     *                     file, or resolves (through links) outside the model's folder
     * @throws IOException when the model's folder itself cannot be resolved
     */
    public static <E extends Exception> Path resolve(Path modelFolder, String reference, Refusal<E> refusal)
            throws E, IOException {
        Path folder = modelFolder.toAbsolutePath().toRealPath();
        Path candidate;
        try {
            if (reference == null || reference.isEmpty() || reference.indexOf('\0') >= 0
                    || Path.of(reference).isAbsolute()) {
                throw refusal.create("referenced file \"" + printable(reference)
                        + "\" must be a relative path inside the model's folder");
            }
            candidate = folder.resolve(reference).normalize();
        } catch (InvalidPathException e) {
            throw refusal.create("invalid referenced file path \"" + printable(reference) + "\"");
        }
        // Text check first, so ../ references never touch the file system outside the folder.
        if (!candidate.startsWith(folder) || candidate.equals(folder)) {
            throw refusal.create("referenced file \"" + printable(reference)
                    + "\" must be a relative path inside the model's folder");
        }
        if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
            throw refusal.create("referenced file \"" + printable(reference) + "\" does not exist next to the model file");
        }
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            throw refusal.create("referenced file \"" + printable(reference)
                    + "\" is a link that cannot be followed (dangling or a loop)");
        }
        if (!real.startsWith(folder)) {
            throw refusal.create("referenced file \"" + printable(reference)
                    + "\" is a link that leads outside the model's folder; refused");
        }
        if (!Files.isRegularFile(real)) {
            throw refusal.create("referenced file \"" + printable(reference) + "\" is not a regular file");
        }
        return real;
    }

    /** The reference with control characters escaped, shortened for a one-line message. */
    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return s.length() > 200 ? b + "..." : b.toString();
    }
}
