package dev.engram.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The model file formats on the class path or module path ({@link ModelFile} providers, found through
 * {@link ServiceLoader}): recognise a file, describe it, load it, and pick the format of a target.
 *
 * <pre>{@code
 * LoadedModel m = ModelFiles.load(Path.of("model.h5"), LoadLimits.defaults());
 * ModelFiles.forTarget(Path.of("model.onnx")).orElseThrow().save(m.toNetwork(), Path.of("model.onnx"),
 *         SaveSettings.defaults());
 * }</pre>
 *
 * <p>With io-keras and io-onnx present the formats are {@code h5}, {@code keras}, {@code onnx} and
 * {@code tfjs}. Providers are consulted in the order of their ids, so the outcome never depends on the
 * order of jars on the class path.
 */
public final class ModelFiles {
    /** The providers, loaded once; a fixed order (by id) makes detection deterministic. */
    private static final class Registry {
        static final List<ModelFile> ALL = load();

        private static List<ModelFile> load() {
            List<ModelFile> found = new ArrayList<>();
            for (ModelFile f : ServiceLoader.load(ModelFile.class, ModelFile.class.getClassLoader())) {
                found.add(f);
            }
            found.sort(Comparator.comparing(ModelFile::id));
            return List.copyOf(found);
        }
    }

    private ModelFiles() {
    }

    /**
     * Every format present, ordered by id.
     *
     * @return the providers; empty when no io module is present
     */
    public static List<ModelFile> all() {
        return Registry.ALL;
    }

    /**
     * The format with {@code id} (case-insensitive).
     *
     * @param id a {@link ModelFile#id()} such as {@code onnx}
     * @return the format
     * @throws IllegalArgumentException naming the known ids when none matches
     */
    public static ModelFile forId(String id) {
        for (ModelFile f : all()) {
            if (f.id().equalsIgnoreCase(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + id + "'; expected one of " + ids());
    }

    /**
     * The format a target path names: the format whose {@linkplain ModelFile#extensions() extension}
     * the file name ends with, else a {@linkplain ModelFile#writesFolders() folder format} when the
     * target is a folder or its name has no extension.
     *
     * @param target the file or folder to write
     * @return the format, or empty when the name does not tell
     */
    public static Optional<ModelFile> forTarget(Path target) {
        String name = target.getFileName() == null ? "" : target.getFileName().toString().toLowerCase(Locale.ROOT);
        for (ModelFile f : all()) {
            if (f.extensions().stream().anyMatch(name::endsWith)) {
                return Optional.of(f);
            }
        }
        if (Files.isDirectory(target) || !name.contains(".")) {
            return all().stream().filter(ModelFile::writesFolders).findFirst();
        }
        return Optional.empty();
    }

    /**
     * The format of an existing file or folder, by content.
     *
     * @param path the file or folder
     * @return the first format (by id) that {@linkplain ModelFile#detect detects} it
     * @throws NoSuchFileException when {@code path} does not exist
     * @throws ModelFileException  when no format recognises the content; the message lists what each
     *                             format looks for and the first bytes found
     * @throws IOException         when the file cannot be read
     */
    public static ModelFile detect(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        for (ModelFile f : all()) {
            if (f.detect(path)) {
                return f;
            }
        }
        List<String> signatures = all().stream().map(ModelFile::signature).toList();
        String expected = signatures.isEmpty() ? "no model format is installed (add engram-io-keras or engram-io-onnx)"
                : "expected " + or(signatures);
        throw new ModelFileException(ModelFileException.displayName(path), "", "not a model file: " + expected
                + "; found bytes " + head(path));
    }

    /**
     * Describes a file in the format its content shows ({@link ModelFile#describe}).
     *
     * @param path   the file or folder
     * @param limits bounds on what reading the file may allocate
     * @return the description
     * @throws IOException as {@link #detect} and {@link ModelFile#describe}
     */
    public static ModelDescription describe(Path path, LoadLimits limits) throws IOException {
        return detect(path).describe(path, limits);
    }

    /**
     * Loads a file in the format its content shows ({@link ModelFile#load}).
     *
     * @param path   the file or folder
     * @param limits bounds on what the file may make Engram read, allocate and build
     * @return the model
     * @throws IOException as {@link #detect} and {@link ModelFile#load}
     */
    public static LoadedModel load(Path path, LoadLimits limits) throws IOException {
        return detect(path).load(path, limits);
    }

    private static String ids() {
        return String.join(", ", all().stream().map(ModelFile::id).toList());
    }

    private static String or(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
    }

    private static String head(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return "(a folder)";
        }
        byte[] b;
        try (InputStream in = Files.newInputStream(path)) {
            b = in.readNBytes(8);
        }
        if (b.length == 0) {
            return "(empty file)";
        }
        StringBuilder hex = new StringBuilder();
        for (byte x : b) {
            hex.append(String.format(Locale.ROOT, "%02x", x & 0xff));
        }
        return hex.toString();
    }
}
