package dev.engram.cli;

import dev.engram.internal.kernels.Kernels;
import dev.engram.io.onnx.OnnxModel;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.tensor.Shape;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code engram inspect MODEL}: format, dialect, producer, layers, inputs/outputs, unsupported parts. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Show what a model file is: format and dialect (detected by content), producer and version,",
            "a layer table (name, class, output shape, parameters), inputs and outputs with shapes, and",
            "anything in the file the engine does not support (exit 3 when that makes the file unusable)."},
        footerHeading = "%nExamples:%n",
        footer = {"  engram inspect model.json          (TF.js; a directory holding model.json works too)",
            "  engram inspect model.h5            (Keras 1/2/3 full model, or a save_weights file)",
            "  engram inspect model.keras",
            "  engram inspect model.onnx          (operators, and whether it converts to engine layers)"})
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file (or TF.js model directory).")
    Path model;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ModelFormat format = ModelFormat.detect(model);
        line(out, "File", model.toString());
        if (format == ModelFormat.ONNX) {
            return onnx(out);
        }
        if (format == ModelFormat.H5 && RawTopology.isWeightsOnlyH5(model)) {
            line(out, "Format", "Keras HDF5, weights only (save_weights): no architecture in the file");
            List<String> ds = RawTopology.datasets(model, 200);
            line(out, "Tensors", ds.size() + (ds.size() == 200 ? "+" : ""));
            ds.forEach(d -> out.println("  " + d));
            out.println("Build the model in code and load these with KerasH5Reader.readWeights(file, model).");
            return ExitCodes.OK;
        }
        line(out, "Format", format.description());
        LoadedModel m;
        try {
            m = ModelLoader.load(model);
        } catch (CliException e) {
            if (e.exitCode() == ExitCodes.BAD_MODEL) {
                List<RawTopology.RawLayer> raw = RawTopology.layers(model, format);
                if (raw != null && !raw.isEmpty()) {
                    out.println("Layers declared in the file (* = not supported by Engram):");
                    for (RawTopology.RawLayer l : raw) {
                        out.printf(Locale.ROOT, "  %s %-32s %s%n", l.supported() ? " " : "*", l.name(), l.className());
                    }
                    out.println("Supported layer classes: " + new TreeSet<>(RawTopology.SUPPORTED));
                }
                out.flush();
            }
            throw e;
        }
        line(out, "Dialect", m.dialect());
        line(out, "Producer", m.producer() == null ? "(not recorded)" : m.producer());
        if (m.compile() != null) {
            line(out, "Training", m.compile().compiled()
                    ? "compiled: loss " + m.compile().loss() + ", optimizer " + m.compile().optimizer()
                    : "not compiled (" + m.compile().reason() + ")");
        }
        Network s = m.network();
        for (int i = 0; i < m.inputNames().size(); i++) {
            line(out, m.inputNames().size() == 1 ? "Inputs" : "Input", m.inputNames().get(i) + " "
                    + withBatch(s.inputShapes().get(i)) + " float32");
        }
        for (int i = 0; i < m.outputNames().size(); i++) {
            line(out, m.outputNames().size() == 1 ? "Outputs" : "Output", m.outputNames().get(i) + " "
                    + withBatch(s.outputShapes().get(i)) + " float32");
        }
        line(out, "Unsupported", "nothing (every layer of the file is loaded)");
        line(out, "Kernels", Kernels.get().name());
        out.println(s.summary());
        return ExitCodes.OK;
    }

    private Integer onnx(PrintWriter out) {
        OnnxInfo info = OnnxInfo.of(model);
        line(out, "Format", "ONNX model (IR version " + info.irVersion() + ", opsets " + opsets(info.opsets()) + ")");
        line(out, "Producer", info.producer().isEmpty() ? "(not recorded)" : info.producer());
        for (OnnxInfo.Io io : info.inputs()) {
            line(out, "Input", io.name() + " " + io.shape() + " " + io.type());
        }
        for (OnnxInfo.Io io : info.outputs()) {
            line(out, "Output", io.name() + " " + io.shape() + " " + io.type());
        }
        StringBuilder ops = new StringBuilder();
        info.operators().forEach((op, n) -> ops.append(ops.length() == 0 ? "" : ", ").append(op).append(" x").append(n));
        line(out, "Operators", ops.toString());
        TreeSet<String> unsupported = new TreeSet<>(info.operators().keySet());
        unsupported.removeAll(OnnxModel.supportedOperators());
        line(out, "Unsupported", unsupported.isEmpty() ? "no operators outside the supported set"
                : "operators " + unsupported);
        out.flush();
        LoadedModel m = ModelLoader.load(model);
        line(out, "Runs on", "the engine's ONNX executor (predict, compare)");
        if (!m.onnx().metadata().isEmpty()) {
            line(out, "Metadata", m.onnx().metadata().toString());
        }
        try {
            try {
                Sequential s = m.onnx().toSequential();
                line(out, "Engine layers", "yes: converts to a trainable Sequential (convert to tfjs/h5/keras works)");
                out.println(s.summary());
            } catch (UnsupportedOnnxException notAChain) {
                try {
                    var f = m.onnx().toNetwork();
                    line(out, "Engine layers", "yes: converts to a trainable functional model (convert to "
                            + "tfjs/h5/keras works)");
                    out.println(f.summary());
                } catch (UnsupportedOnnxException e) {
                    line(out, "Engine layers", "no, predict/compare only: " + e.getMessage());
                }
            }
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
            throw CliException.badModel(model.getFileName() + ": the graph's weights do not fit the layers they form: "
                    + e.getMessage(), e);
        }
        return ExitCodes.OK;
    }

    private static String opsets(Map<String, Long> opsets) {
        StringBuilder sb = new StringBuilder();
        opsets.forEach((d, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(d.isEmpty() ? "ai.onnx" : d).append(' ')
                .append(v));
        return sb.toString();
    }

    private static String withBatch(Shape s) {
        return s == null ? "(unknown until the first batch)" : s.prepend(Shape.UNKNOWN).toString();
    }

    private static void line(PrintWriter out, String key, String value) {
        out.printf(Locale.ROOT, "%-13s %s%n", key + ":", value);
    }
}
