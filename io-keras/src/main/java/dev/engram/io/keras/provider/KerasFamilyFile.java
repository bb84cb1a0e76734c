package dev.engram.io.keras.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.io.DeclaredTensor;
import dev.engram.io.LoadedModel;
import dev.engram.io.LoadedNetwork;
import dev.engram.io.ModelDescription;
import dev.engram.io.ModelFile;
import dev.engram.io.ModelOrigin;
import dev.engram.io.SaveOption;
import dev.engram.io.SaveSettings;
import dev.engram.io.TrainingState;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.KerasFormat;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.SaveOptions;
import dev.engram.io.keras.CompileStatus;
import dev.engram.io.keras.LoadedKerasModel;
import dev.engram.models.Network;
import dev.engram.optimizers.Adam;
import dev.engram.optimizers.AdamEpsilon;
import dev.engram.optimizers.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the three Keras-family {@link ModelFile}s share: reading under a guard that turns a reader's
 * unexpected failure into a {@link ModelFormatException}, the description of a config, and saving
 * through {@link KerasModels#save} with the training configuration left out (and a note) when the
 * target cannot express it.
 */
abstract class KerasFamilyFile implements ModelFile {

    /** The reading a provider does, under {@link #guarded}. */
    @FunctionalInterface
    interface Read<T> {
        T run() throws IOException;
    }

    /** The format {@link KerasModels#save} writes for this provider. */
    abstract KerasFormat kerasFormat();

    @Override
    public Set<String> supportedLayers() {
        return KerasConfigOutline.SUPPORTED;
    }

    /**
     * Runs a reader; a runtime failure that escapes it (a reader library tripping over hostile content)
     * becomes a {@link ModelFormatException} naming the file and the format.
     */
    final <T> T guarded(Path path, Read<T> read) throws IOException {
        try {
            return read.run();
        } catch (RuntimeException | StackOverflowError e) {
            throw new ModelFormatException(path, "", "cannot read as " + name()
                    + ": the file is corrupt or inconsistent (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The description of a file whose model config is {@code config}. */
    final ModelDescription describeConfig(JsonNode config, String producer, String dialect) {
        KerasConfigOutline o = KerasConfigOutline.of(config);
        return new ModelDescription(id(), name(), producer, dialect, true, o.layers(), o.inputs(), o.outputs(),
                List.<DeclaredTensor>of(), Map.of(), List.of());
    }

    /** {@code keras2}, {@code keras3}, ...: how a dialect is named for people. */
    static String dialectName(KerasDialect d) {
        return d.name().toLowerCase(Locale.ROOT).replace("_", "");
    }

    /** {@code Keras 2.15.0}, or what a file without {@code keras_version} is. */
    static String kerasProducer(String kerasVersion) {
        return kerasVersion == null ? "Keras (no keras_version: Keras 1.0/1.1)" : "Keras " + kerasVersion;
    }

    /** The dialect of a Keras file's version, as named for people; Keras 1.0/1.1 files carry none. */
    static String kerasDialect(String kerasVersion) {
        if (kerasVersion == null) {
            return dialectName(KerasDialect.KERAS_1);
        }
        try {
            return dialectName(KerasDialect.fromKerasVersion(kerasVersion));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A Keras reader's result as a {@link LoadedModel}. */
    final LoadedModel loaded(Path path, LoadedKerasModel k) {
        CompileStatus c = k.compile();
        TrainingState t = new TrainingState(c.compiled(), c.loss(), c.optimizer(), c.reason());
        return new LoadedNetwork(new ModelOrigin(path, this, kerasProducer(k.kerasVersion()), dialectName(k.dialect()),
                t), k.model());
    }

    /** The training state of a model a reader compiled from its file, or left uncompiled. */
    static TrainingState trainingOf(Network m, String absent) {
        return m.optimizer() != null && m.loss() != null
                ? new TrainingState(true, m.loss().getClass().getSimpleName(), m.optimizer().getClass().getSimpleName(),
                        null)
                : new TrainingState(false, null, null, absent);
    }

    @Override
    public List<SaveOption> saveOptions() {
        return List.of();
    }

    /** Where the writer puts a model asked to be saved at {@code path}. */
    Path target(Path path) {
        return path;
    }

    @Override
    public List<String> save(Network network, Path path, SaveSettings settings) throws IOException {
        for (String key : settings.options().keySet()) {
            if (saveOptions().stream().noneMatch(o -> o.key().equals(key))) {
                throw new IllegalArgumentException(name() + " takes no option '" + key + "'");
            }
        }
        SaveOptions o = SaveOptions.defaults();
        for (SaveOption option : saveOptions()) {
            if (option.key().equals("dialect")) {
                o = o.withH5Dialect(option.valueIn(settings).equals("keras3") ? KerasDialect.KERAS_3
                        : KerasDialect.KERAS_2);
            }
        }
        if (!settings.includeTrainingConfig()) {
            o = o.withoutTrainingConfig();
        }
        Path out = target(path);
        try {
            KerasModels.save(network, out, kerasFormat(), o);
            return List.of();
        } catch (ModelFormatException e) {
            if (!settings.includeTrainingConfig() || network.optimizer() == null) {
                throw e;
            }
            // The architecture may still be expressible: write it without loss and optimizer, and say so.
            KerasModels.save(network, out, kerasFormat(), o.withoutTrainingConfig());
            return List.of("written without the training configuration: " + e.getMessage());
        }
    }

    /**
     * Adam in the form Keras files record: epsilon added to the square root (Keras's EPSILON_HAT).
     * Shared by the h5 and .keras providers; TF.js records the engine's default form.
     */
    static Optimizer kerasRecordable(Optimizer optimizer) {
        // Keras parity: Keras adds epsilon to sqrt(v); train in the form the file can record.
        return optimizer instanceof Adam adam ? adam.withEpsilonForm(AdamEpsilon.EPSILON_HAT) : optimizer;
    }
}
