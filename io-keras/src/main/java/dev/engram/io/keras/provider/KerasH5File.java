package dev.engram.io.keras.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.io.DeclaredLayer;
import dev.engram.io.DeclaredTensor;
import dev.engram.io.LoadLimits;
import dev.engram.io.LoadedModel;
import dev.engram.io.ModelDescription;
import dev.engram.io.SaveOption;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.KerasFormat;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.hdf5.H5Input;
import dev.engram.io.keras.h5.KerasH5Reader;
import dev.engram.optimizers.Optimizer;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keras HDF5 files as a {@link dev.engram.io.ModelFile} ({@code h5}): full models written by
 * {@code model.save("m.h5")} in Keras 1, 2 and 3 and tf-keras, and weights-only {@code save_weights}
 * files, which {@link #describe} lists tensor by tensor. Recognised by the HDF5 signature at offset 0
 * or after a user block (512, 1024, ... bytes). Writes the {@code keras2} (default) or {@code keras3}
 * dialect.
 */
public final class KerasH5File extends KerasFamilyFile {
    /** Most tensors a weights-only description lists (the walk stops there). */
    static final int MAX_LISTED_TENSORS = 10_000;

    /** Creates the provider ({@link java.util.ServiceLoader} calls this). */
    public KerasH5File() {
    }

    @Override
    public String id() {
        return "h5";
    }

    @Override
    public String name() {
        return "Keras HDF5";
    }

    @Override
    public String signature() {
        return "Keras HDF5 (\\x89HDF)";
    }

    @Override
    public List<String> extensions() {
        return List.of(".h5", ".hdf5");
    }

    @Override
    KerasFormat kerasFormat() {
        return KerasFormat.H5;
    }

    @Override
    public boolean detect(Path path) throws IOException {
        return Files.isRegularFile(path) && H5Input.hasSignature(path, Files.size(path));
    }

    @Override
    public ModelDescription describe(Path path, LoadLimits limits) throws IOException {
        String name = ModelFormatException.displayName(path);
        return guarded(path, () -> {
            try (H5Input in = H5Input.open(path, name, limits)) {
                String config = in.stringAttribute(in.root(), "model_config");
                if (config == null) {
                    return weightsOnly(in);
                }
                String version = in.stringAttribute(in.root(), "keras_version");
                JsonNode json = ConfigNode.parseJson(name + " (attribute model_config)",
                        config.getBytes(StandardCharsets.UTF_8), limits);
                return describeConfig(json, kerasProducer(version), kerasDialect(version));
            }
        });
    }

    /** A {@code save_weights} file: no architecture, its datasets listed breadth first. */
    private ModelDescription weightsOnly(H5Input in) {
        List<DeclaredTensor> tensors = new ArrayList<>();
        // Iterative, each group once by object address: the file decides the depth, and hard links may form cycles.
        ArrayDeque<Group> queue = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        queue.add(in.root());
        seen.add(in.root().getAddress());
        while (!queue.isEmpty() && tensors.size() < MAX_LISTED_TENSORS) {
            for (Node n : queue.poll().getChildren().values()) {
                if (tensors.size() >= MAX_LISTED_TENSORS) {
                    break;
                }
                if (n instanceof Dataset d) {
                    int[] dims = d.getDimensions();
                    tensors.add(new DeclaredTensor(d.getPath(), d.getJavaType() == null ? "?"
                            : d.getJavaType().getSimpleName(), Arrays.stream(dims).boxed().toList(),
                            Arrays.toString(dims)));
                } else if (n instanceof Group child && seen.add(child.getAddress())) {
                    queue.add(child);
                }
            }
        }
        return new ModelDescription(id(), name() + ", weights only (save_weights): no architecture in the file", null,
                null, false, List.<DeclaredLayer>of(), List.of(), List.of(), tensors, Map.of(),
                List.of("Build the model in code and load these with KerasH5Reader.readWeights(file, model)."));
    }

    @Override
    public LoadedModel load(Path path, LoadLimits limits) throws IOException {
        return guarded(path, () -> loaded(path, KerasH5Reader.load(path, limits)));
    }

    @Override
    public List<SaveOption> saveOptions() {
        return List.of(SaveOption.choice("dialect", "keras2", "", "keras2", "keras3"));
    }

    @Override
    public Optimizer recordable(Optimizer optimizer) {
        return kerasRecordable(optimizer);
    }
}
