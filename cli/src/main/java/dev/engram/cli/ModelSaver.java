package dev.engram.cli;

import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.KerasFormat;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.SaveOptions;
import dev.engram.io.onnx.OnnxExportOptions;
import dev.engram.io.onnx.OnnxExporter;
import dev.engram.models.Network;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes an engine model in a target format for {@code convert} and {@code train}, checking the
 * options that only some formats take.
 *
 * <ul>
 *   <li>tfjs: {@code OUT} is a directory (created) receiving {@code model.json} + {@code weights.bin};
 *       an {@code OUT} ending in {@code model.json} means its folder.</li>
 *   <li>h5: {@code --dialect keras2} (default; loads in tf-keras 2 and Keras 3) or {@code keras3}.</li>
 *   <li>keras: Keras 3 only.</li>
 *   <li>onnx: {@code --opset} 14 to 21 (default 17).</li>
 * </ul>
 */
public final class ModelSaver {
    private ModelSaver() {
    }

    /**
     * The target format: {@code --format} when given, else from {@code out}'s name ({@code .onnx},
     * {@code .h5}/{@code .hdf5}, {@code .keras}, {@code .json} or an existing directory or a name
     * without extension for TF.js).
     */
    public static ModelFormat targetFormat(Path out, String format) {
        if (format != null) {
            return ModelFormat.fromId(format);
        }
        String n = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".onnx")) {
            return ModelFormat.ONNX;
        }
        if (n.endsWith(".h5") || n.endsWith(".hdf5")) {
            return ModelFormat.H5;
        }
        if (n.endsWith(".keras")) {
            return ModelFormat.KERAS;
        }
        if (n.endsWith(".json") || Files.isDirectory(out) || !n.contains(".")) {
            return ModelFormat.TFJS;
        }
        throw CliException.usage("cannot tell the target format from the name '" + out.getFileName()
                + "'; use --format tfjs|h5|keras|onnx");
    }

    /** Checks that {@code dialect} and {@code opset} make sense for {@code format} (exit 2 otherwise). */
    public static void checkOptions(ModelFormat format, String dialect, Integer opset) {
        if (opset != null && format != ModelFormat.ONNX) {
            throw CliException.usage("--opset applies to ONNX output only, not " + format.id());
        }
        if (opset != null && (opset < OnnxExportOptions.MIN_OPSET || opset > OnnxExportOptions.MAX_OPSET)) {
            throw CliException.usage("--opset must be between " + OnnxExportOptions.MIN_OPSET + " and "
                    + OnnxExportOptions.MAX_OPSET + ", got " + opset);
        }
        if (dialect != null) {
            if (!dialect.equals("keras2") && !dialect.equals("keras3")) {
                throw CliException.usage("unknown --dialect '" + dialect + "'; expected keras2 or keras3");
            }
            if (format == ModelFormat.KERAS && dialect.equals("keras2")) {
                throw CliException.usage("a .keras archive is a Keras 3 format; --dialect keras2 needs --format h5");
            }
            if (format == ModelFormat.TFJS || format == ModelFormat.ONNX) {
                throw CliException.usage("--dialect applies to h5 (and keras) output only, not " + format.id());
            }
        }
    }

    /**
     * One of the Keras-family formats through {@link KerasModels#save}: with the training
     * configuration, or, when the target cannot express it exactly, without it and a note.
     */
    private static void saveKeras(Network m, Path out, KerasFormat format, String dialect, PrintWriter err)
            throws IOException {
        SaveOptions o = SaveOptions.defaults()
                .withH5Dialect("keras3".equals(dialect) ? KerasDialect.KERAS_3 : KerasDialect.KERAS_2);
        try {
            KerasModels.save(m, out, format, o);
        } catch (ModelFormatException e) {
            if (m.optimizer() == null) {
                throw e;
            }
            KerasModels.save(m, out, format, o.withoutTrainingConfig());
            err.println("engram: note: written without the training configuration: " + e.getMessage());
        }
    }

    /**
     * Writes {@code m} to {@code out}. A compiled model is written with its training configuration
     * where the format has one; when that has no exact equivalent in the target, the model is written
     * without it and a note goes to {@code err}.
     *
     * @throws CliException exit 3 with the writer's reason when the target cannot express the model
     */
    public static void save(Network m, Path out, ModelFormat format, String dialect, Integer opset,
            PrintWriter err) {
        checkOptions(format, dialect, opset);
        try {
            // Writers create missing parent folders themselves and remove them again on failure.
            switch (format) {
                case TFJS -> {
                    Path dir = out.getFileName() != null && out.getFileName().toString().endsWith(".json")
                            ? out.toAbsolutePath().getParent() : out;
                    saveKeras(m, dir, KerasFormat.TFJS, dialect, err);
                }
                case H5 -> saveKeras(m, out, KerasFormat.H5, dialect, err);
                case KERAS -> saveKeras(m, out, KerasFormat.KERAS, dialect, err);
                case ONNX -> OnnxExporter.export(m, out,
                        OnnxExportOptions.defaults().withOpset(opset == null ? 17 : opset)
                                .withProducer("Engram", Main.version()));
            }
        } catch (dev.engram.io.ModelFileException e) {
            throw CliException.badModel("cannot write " + format.id() + " " + out.getFileName() + ": " + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw Failures.classify(e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw CliException.badModel("cannot write " + format.id() + " " + out.getFileName() + ": " + e.getMessage(),
                    e);
        }
    }
}
