package dev.engram.io.keras.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.io.LoadLimits;
import dev.engram.io.LoadedModel;
import dev.engram.io.ModelDescription;
import dev.engram.io.SaveOption;
import dev.engram.io.keras.KerasFormat;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.kerasv3.KerasV3Archive;
import dev.engram.optimizers.Optimizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

/**
 * Keras 3 {@code .keras} archives as a {@link dev.engram.io.ModelFile} ({@code keras}): a zip holding
 * {@code metadata.json}, {@code config.json} and {@code model.weights.h5}. Recognised as a zip whose
 * central directory lists {@code config.json} (a zip that cannot be opened is still taken, so the
 * reader can say what is broken).
 */
public final class KerasArchiveFile extends KerasFamilyFile {
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    /** Creates the provider ({@link java.util.ServiceLoader} calls this). */
    public KerasArchiveFile() {
    }

    @Override
    public String id() {
        return "keras";
    }

    @Override
    public String name() {
        return "Keras 3 .keras archive";
    }

    @Override
    public String signature() {
        return "a .keras zip (PK)";
    }

    @Override
    public List<String> extensions() {
        return List.of(".keras");
    }

    @Override
    KerasFormat kerasFormat() {
        return KerasFormat.KERAS;
    }

    @Override
    public boolean detect(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(4);
        }
        if (!Arrays.equals(head, ZIP_MAGIC)) {
            return false;
        }
        try (ZipFile zip = new ZipFile(path.toFile())) {
            return zip.getEntry("config.json") != null;
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            return true; // a damaged zip: the reader reports what is wrong with it
        }
    }

    @Override
    public ModelDescription describe(Path path, LoadLimits limits) throws IOException {
        return guarded(path, () -> {
            Map<String, JsonNode> entries = KerasV3Archive.readJsonEntries(path, limits);
            JsonNode metadata = entries.get("metadata.json");
            String version = metadata == null ? null : metadata.path("keras_version").asText(null);
            JsonNode config = entries.get("config.json");
            if (config == null) {
                throw new ModelFormatException(path, "", "missing entry config.json");
            }
            return describeConfig(config, version == null ? null : kerasProducer(version),
                    version == null ? "keras3" : kerasDialect(version));
        });
    }

    @Override
    public LoadedModel load(Path path, LoadLimits limits) throws IOException {
        return guarded(path, () -> loaded(path, KerasV3Archive.load(path, limits)));
    }

    @Override
    public List<SaveOption> saveOptions() {
        return List.of(SaveOption.choice("dialect", "keras3", "a .keras archive is a Keras 3 format", "keras3"));
    }

    @Override
    public Optimizer recordable(Optimizer optimizer) {
        return kerasRecordable(optimizer);
    }
}
