package dev.engram.io.onnx.provider;

import dev.engram.io.LoadLimits;
import dev.engram.io.LoadedGraph;
import dev.engram.io.LoadedModel;
import dev.engram.io.ModelDescription;
import dev.engram.io.ModelFile;
import dev.engram.io.ModelFileException;
import dev.engram.io.ModelOrigin;
import dev.engram.io.SaveOption;
import dev.engram.io.SaveSettings;
import dev.engram.io.onnx.OnnxExportOptions;
import dev.engram.io.onnx.OnnxExporter;
import dev.engram.io.onnx.OnnxFormatException;
import dev.engram.io.onnx.OnnxModel;
import dev.engram.models.Network;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * ONNX files as a {@link ModelFile} ({@code onnx}): loaded as a runnable graph
 * ({@link dev.engram.io.LoadedGraph}) that converts to engine layers on request; any engine network,
 * Sequential or functional, is written through {@link OnnxExporter} at opset 14 to 21 (default 17).
 * Recognised by the first byte of a serialized {@code ModelProto}: field 1 ({@code ir_version}) as a
 * varint, {@code 0x08}.
 */
public final class OnnxModelFile implements ModelFile {
    private static final SaveOption OPSET = SaveOption.range("opset", OnnxExportOptions.MIN_OPSET,
            OnnxExportOptions.MAX_OPSET, OnnxExportOptions.defaults().opset());

    /** Creates the provider ({@link java.util.ServiceLoader} calls this). */
    public OnnxModelFile() {
    }

    @Override
    public String id() {
        return "onnx";
    }

    @Override
    public String name() {
        return "ONNX";
    }

    @Override
    public String signature() {
        return "ONNX protobuf (0x08)";
    }

    @Override
    public List<String> extensions() {
        return List.of(".onnx");
    }

    @Override
    public boolean detect(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(path)) {
            return in.read() == 0x08;
        }
    }

    @Override
    public ModelDescription describe(Path path, LoadLimits limits) throws IOException {
        return guarded(path, () -> OnnxDescription.of(path, id(), limits));
    }

    @Override
    public LoadedModel load(Path path, LoadLimits limits) throws IOException {
        return guarded(path, () -> {
            OnnxModel m = OnnxModel.load(path, limits);
            String producer = m.producerName().isEmpty() ? null
                    : m.producerName() + (m.producerVersion().isEmpty() ? "" : " " + m.producerVersion());
            return new LoadedGraph(new ModelOrigin(path, this, producer, null, null), new OnnxGraph(m, path, limits));
        });
    }

    @Override
    public Set<String> supportedLayers() {
        return OnnxModel.supportedOperators();
    }

    @Override
    public List<SaveOption> saveOptions() {
        return List.of(OPSET);
    }

    @Override
    public List<String> save(Network network, Path path, SaveSettings settings) throws IOException {
        for (String key : settings.options().keySet()) {
            if (!key.equals(OPSET.key())) {
                throw new IllegalArgumentException(name() + " takes no option '" + key + "'");
            }
        }
        OnnxExportOptions o = OnnxExportOptions.defaults().withOpset(Integer.parseInt(OPSET.valueIn(settings).trim()));
        if (settings.producerName() != null) {
            o = o.withProducer(settings.producerName(), settings.producerVersion() == null ? ""
                    : settings.producerVersion());
        }
        // ONNX has no training configuration: the graph is inference only, whatever the settings say.
        OnnxExporter.export(network, path, o);
        return List.of();
    }

    /** The reading a provider does, under {@link #guarded}. */
    @FunctionalInterface
    private interface Read<T> {
        T run() throws IOException;
    }

    /** A runtime failure escaping the protobuf parser or the executor's setup is a defect of the file. */
    private <T> T guarded(Path path, Read<T> read) throws IOException {
        try {
            return read.run();
        } catch (RuntimeException | StackOverflowError e) {
            throw new OnnxFormatException(ModelFileException.displayName(path) + ": cannot read as " + name()
                    + ": the file is corrupt or inconsistent (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
