package dev.engram.cli;

import dev.engram.io.ModelFile;
import dev.engram.io.ModelFileException;
import dev.engram.io.ModelFiles;
import dev.engram.io.SaveOption;
import dev.engram.io.SaveSettings;
import dev.engram.models.Network;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes an engine model for {@code convert} and {@code train} through the target's
 * {@link ModelFile}, turning the format-specific flags ({@code --dialect}, {@code --opset}) into its
 * {@link SaveOption}s and checking them before any work is done.
 */
final class ModelSaver {
    private ModelSaver() {
    }

    /**
     * The target format: {@code --format} when given, else from {@code out}'s name
     * ({@link ModelFiles#forTarget}).
     */
    static ModelFile targetFormat(Path out, String format) {
        if (format != null) {
            return ModelFormat.fromId(format);
        }
        return ModelFiles.forTarget(out).orElseThrow(() -> CliException.usage("cannot tell the target format from"
                + " the name '" + out.getFileName() + "'; use --format "
                + String.join("|", ModelFiles.all().stream().map(ModelFile::id).toList())));
    }

    /**
     * The settings for {@code target} from the flags (null when absent), checked against the options
     * the formats declare (exit 2 naming the flag otherwise); the tool is recorded as producer.
     */
    static SaveSettings settings(ModelFile target, String dialect, Integer opset) {
        Map<String, String> given = new LinkedHashMap<>();
        if (opset != null) {
            given.put("opset", opset.toString());
        }
        if (dialect != null) {
            given.put("dialect", dialect);
        }
        SaveSettings s = SaveSettings.defaults().withProducer("Engram", Main.version());
        for (Map.Entry<String, String> e : given.entrySet()) {
            check(target, e.getKey(), e.getValue());
            s = s.with(e.getKey(), e.getValue());
        }
        return s;
    }

    private static void check(ModelFile target, String key, String value) {
        List<ModelFile> takers = ModelFiles.all().stream().filter(f -> option(f, key) != null).toList();
        List<ModelFile> accepting = takers.stream().filter(f -> option(f, key).accepts(value)).toList();
        Set<String> known = new LinkedHashSet<>();
        takers.forEach(f -> known.addAll(option(f, key).choices()));
        SaveOption own = option(target, key);
        if (accepting.isEmpty() && !known.isEmpty() && (own == null || !own.isRange())) {
            throw CliException.usage("unknown --" + key + " '" + value + "'; expected " + String.join(" or ", known));
        }
        if (own == null) {
            throw CliException.usage("--" + key + " applies to " + String.join(" and ", takers.stream()
                    .map(ModelFile::name).toList()) + " output only, not " + target.id());
        }
        if (!own.accepts(value)) {
            if (own.isRange()) {
                throw CliException.usage("--" + key + " must be between " + own.min() + " and " + own.max() + ", got "
                        + value);
            }
            throw CliException.usage((own.note().isEmpty() ? "" : own.note() + "; ") + "--" + key + " " + value
                    + " needs --format " + String.join("|", accepting.stream().map(ModelFile::id).toList()));
        }
    }

    private static SaveOption option(ModelFile f, String key) {
        return f.saveOptions().stream().filter(o -> o.key().equals(key)).findFirst().orElse(null);
    }

    /** {@code h5, keras2} or {@code onnx, opset 17}: the target and the options that tell its variants apart. */
    static String label(ModelFile target, SaveSettings s) {
        List<String> parts = new ArrayList<>(List.of(target.id()));
        for (SaveOption o : target.saveOptions()) {
            String v = s.option(o.key()) == null ? o.defaultValue() : s.option(o.key());
            if (o.isRange()) {
                parts.add(o.key() + " " + v);
            } else if (o.choices().size() > 1) {
                parts.add(v);
            }
        }
        return String.join(", ", parts);
    }

    /**
     * Writes {@code m} to {@code out}. A compiled model is written with its training configuration
     * where the format has one; when that has no exact equivalent in the target, the model is written
     * without it and a note goes to {@code err}.
     *
     * @throws CliException exit 3 with the writer's reason when the target cannot express the model
     */
    static void save(Network m, Path out, ModelFile target, SaveSettings settings, PrintWriter err) {
        try {
            // Writers create missing parent folders themselves and remove them again on failure.
            for (String note : target.save(m, out, settings)) {
                err.println("engram: note: " + note);
            }
        } catch (ModelFileException e) {
            throw cannotWrite(target, out, e);
        } catch (IOException e) {
            throw Failures.classify(e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw cannotWrite(target, out, e);
        }
    }

    private static CliException cannotWrite(ModelFile target, Path out, Exception e) {
        return CliException.badModel("cannot write " + target.id() + " " + out.getFileName() + ": " + e.getMessage(), e);
    }
}
