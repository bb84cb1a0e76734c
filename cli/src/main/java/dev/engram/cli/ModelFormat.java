package dev.engram.cli;

import dev.engram.io.LoadLimits;
import dev.engram.io.LoadedModel;
import dev.engram.io.ModelDescription;
import dev.engram.io.ModelFile;
import dev.engram.io.ModelFileException;
import dev.engram.io.ModelFiles;
import dev.engram.io.UnsupportedModelException;
import dev.engram.models.Network;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tool's side of {@link ModelFiles}: the formats (detected by content, never by the file name
 * alone) and loading, with every failure turned into a {@link CliException}: a missing file exits
 * with 2, a defect of the file with 3, a file-system failure with 5.
 */
final class ModelFormat {
    /** The limits of this run (set from the --max-* flags before a command runs). */
    private static volatile LoadLimits limits = LoadLimits.defaults();

    private ModelFormat() {
    }

    /** Sets the load limits for this run of the tool. */
    static void useLimits(LoadLimits l) {
        limits = l;
    }

    /** The load limits of this run. */
    static LoadLimits limits() {
        return limits;
    }

    /** Parses a {@code --format} value (case-insensitive); exit 2 naming the known ones otherwise. */
    static ModelFile fromId(String id) {
        try {
            return ModelFiles.forId(id);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage(), e);
        }
    }

    /**
     * The format of an existing file or directory, by content.
     *
     * @throws CliException exit 2 if the path does not exist or cannot be read, exit 3 if no format
     *                      recognises the content
     */
    static ModelFile detect(Path path) {
        if (!Files.exists(path)) {
            throw CliException.usage("no such file or directory: " + path);
        }
        try {
            return ModelFiles.detect(path);
        } catch (NoSuchFileException e) {
            throw CliException.usage("no such file or directory: " + path, e);
        } catch (ModelFileException e) {
            throw CliException.badModel(e.getMessage(), e);
        } catch (IOException e) {
            throw CliException.usage("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** What {@code path} declares ({@link ModelFile#describe}); a defect of the file exits with 3. */
    static ModelDescription describe(ModelFile format, Path path) {
        try {
            return format.describe(path, limits);
        } catch (IOException e) {
            throw Failures.classify(e);
        }
    }

    /** Detects the format of {@code path} by content and loads it. */
    static LoadedModel load(Path path) {
        return load(detect(path), path);
    }

    /** Loads {@code path} as {@code format}. */
    static LoadedModel load(ModelFile format, Path path) {
        try {
            return format.load(path, limits);
        } catch (IOException e) {
            // ModelFileException (every format's defect: its message names the file and the place
            // inside it) exits 3; a missing file 2; a file-system failure 5.
            throw Failures.classify(e);
        } catch (RuntimeException | StackOverflowError e) {
            // A provider that let a reader library's failure through; its own text is for --verbose.
            throw CliException.badModel(path.getFileName() + ": cannot read as " + format.name()
                    + ": the file is corrupt or inconsistent (--verbose shows the reader's error)", e);
        }
    }

    /**
     * The model as engine layers (a graph converted when it maps onto them).
     *
     * @throws CliException exit 3 with the converter's reason when the graph does not map
     */
    static Network toNetwork(LoadedModel m) {
        try {
            return m.toNetwork();
        } catch (UnsupportedModelException e) {
            throw CliException.badModel("cannot convert " + e.file() + " to engine layers: " + e.detail(), e);
        } catch (ModelFileException e) {
            throw CliException.badModel(e.getMessage(), e);
        }
    }

    /**
     * Runs the model. {@code inputs} are matched to the model's inputs by name; when some names are
     * unknown but the counts agree, by position (so cases written for another copy of the model, e.g.
     * {@code x} vs {@code input}, still run). Returns every output by the model's names, in order.
     */
    static Map<String, Tensor> predict(LoadedModel m, Map<String, Tensor> inputs) {
        List<String> names = m.inputNames();
        Map<String, Tensor> bound = new LinkedHashMap<>();
        if (names.containsAll(inputs.keySet()) && inputs.keySet().containsAll(names)) {
            for (String n : names) {
                bound.put(n, inputs.get(n));
            }
        } else if (inputs.size() == names.size()) {
            List<Tensor> values = new ArrayList<>(inputs.values());
            for (int i = 0; i < names.size(); i++) {
                bound.put(names.get(i), values.get(i));
            }
        } else {
            throw CliException.usage("the model has inputs " + names + " but the data gives " + inputs.keySet());
        }
        return m.predict(bound);
    }
}
