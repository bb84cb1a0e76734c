package dev.engram.cli;

import dev.engram.io.DeclaredLayer;
import dev.engram.io.DeclaredTensor;
import dev.engram.io.LoadedGraph;
import dev.engram.io.LoadedModel;
import dev.engram.io.LoadedNetwork;
import dev.engram.io.ModelDescription;
import dev.engram.io.ModelFile;
import dev.engram.io.ModelFileException;
import dev.engram.io.TrainingState;
import dev.engram.io.UnsupportedModelException;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.tensor.LinearAlgebra;
import dev.engram.tensor.Shape;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
    /** Most stored tensors listed for a weights-only file. */
    private static final int MAX_TENSORS = 200;
    /** Most declared layers or nodes listed for a file that does not load. */
    private static final int MAX_LAYERS = 1000;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file (or TF.js model directory).")
    Path model;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ModelFile format = ModelFormat.detect(model);
        line(out, "File", model.toString());
        ModelDescription d = ModelFormat.describe(format, model);
        line(out, "Format", d.kind());
        if (!d.architecture()) {
            List<DeclaredTensor> ts = d.weights();
            int shown = Math.min(ts.size(), MAX_TENSORS);
            line(out, "Tensors", shown + (ts.size() >= MAX_TENSORS ? "+" : ""));
            ts.subList(0, shown).forEach(t -> out.println("  " + t.name() + " " + t.shape()));
            d.notes().forEach(out::println);
            return ExitCodes.OK;
        }
        if (d.dialect() != null) {
            line(out, "Dialect", d.dialect());
        }
        line(out, "Producer", d.producer() == null ? "(not recorded)" : d.producer());
        out.flush();
        LoadedModel m;
        try {
            m = ModelFormat.load(format, model);
        } catch (CliException e) {
            if (e.exitCode() == ExitCodes.BAD_MODEL && !d.layers().isEmpty()) {
                declared(out, d, format);
            }
            throw e;
        }
        if (m instanceof LoadedNetwork n) {
            network(out, n);
        } else if (m instanceof LoadedGraph g) {
            graph(out, g, d);
        }
        return ExitCodes.OK;
    }

    /** Every declared layer or node, the unsupported ones marked: why a file does not load. */
    private static void declared(PrintWriter out, ModelDescription d, ModelFile format) {
        out.println("Layers declared in the file (* = not supported by Engram):");
        List<DeclaredLayer> layers = d.layers();
        for (DeclaredLayer l : layers.subList(0, Math.min(layers.size(), MAX_LAYERS))) {
            out.printf(Locale.ROOT, "  %s %-32s %s%n", l.supported() ? " " : "*", l.name(), l.className());
        }
        if (layers.size() > MAX_LAYERS) {
            out.println("  ... " + (layers.size() - MAX_LAYERS) + " more (unsupported among all: "
                    + new TreeSet<>(d.unsupported().stream().map(DeclaredLayer::className).toList()) + ")");
        }
        out.println("Supported layer classes: " + new TreeSet<>(format.supportedLayers()));
        out.flush();
    }

    /** A file read into engine layers: its training state, inputs and outputs, and the layer table. */
    private static void network(PrintWriter out, LoadedNetwork m) {
        TrainingState t = m.origin().training();
        if (t != null) {
            line(out, "Training", t.compiled() ? "compiled: loss " + t.loss() + ", optimizer " + t.optimizer()
                    : "not compiled (" + t.reason() + ")");
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
        line(out, "Kernels", LinearAlgebra.kernelName());
        out.println(s.summary());
    }

    /** A graph the format runs itself: declared inputs and outputs, operators, and whether it converts. */
    private static void graph(PrintWriter out, LoadedGraph m, ModelDescription d) {
        for (DeclaredTensor io : d.inputs()) {
            line(out, "Input", io.name() + " " + io.shape() + " " + io.dtype());
        }
        for (DeclaredTensor io : d.outputs()) {
            line(out, "Output", io.name() + " " + io.shape() + " " + io.dtype());
        }
        Map<String, Integer> census = new TreeMap<>();
        d.layers().forEach(l -> census.merge(l.className(), 1, Integer::sum));
        StringBuilder ops = new StringBuilder();
        census.forEach((op, n) -> ops.append(ops.length() == 0 ? "" : ", ").append(op).append(" x").append(n));
        line(out, "Operators", ops.toString());
        TreeSet<String> unsupported = new TreeSet<>(d.unsupported().stream().map(DeclaredLayer::className).toList());
        line(out, "Unsupported", unsupported.isEmpty() ? "no operators outside the supported set"
                : "operators " + unsupported);
        line(out, "Runs on", "the engine's " + m.origin().format().name() + " executor (predict, compare)");
        if (!m.graph().metadata().isEmpty()) {
            line(out, "Metadata", m.graph().metadata().toString());
        }
        out.flush();
        try {
            Network n = m.toNetwork();
            line(out, "Engine layers", n instanceof Sequential
                    ? "yes: converts to a trainable Sequential (convert to tfjs/h5/keras works)"
                    : "yes: converts to a trainable functional model (convert to tfjs/h5/keras works)");
            out.println(n.summary());
        } catch (UnsupportedModelException e) {
            line(out, "Engine layers", "no, predict/compare only: " + e.detail());
        } catch (ModelFileException e) {
            throw CliException.badModel(e.getMessage(), e);
        }
    }

    private static String withBatch(Shape s) {
        return s == null ? "(unknown until the first batch)" : s.prepend(Shape.UNKNOWN).toString();
    }

    private static void line(PrintWriter out, String key, String value) {
        out.printf(Locale.ROOT, "%-13s %s%n", key + ":", value);
    }
}
