package dev.engram.cli;

import dev.engram.io.LoadedModel;
import dev.engram.io.ModelFile;
import dev.engram.io.SaveSettings;
import dev.engram.io.keras.HardSigmoidApproximation;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.models.Network;
import dev.engram.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code engram convert IN OUT [--format tfjs|h5|keras|onnx] [--opset N] [--dialect keras2|keras3]}. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert a model between TF.js, Keras .h5, Keras 3 .keras and ONNX, in any direction.",
            "The input format is detected by content; the output format is --format, else OUT's extension",
            "(.onnx, .h5/.hdf5, .keras; .json, a directory or no extension = TF.js, written as a directory with",
            "model.json + weights.bin). ONNX input must map to engine layers (see 'engram inspect'); a model",
            "the target cannot express (e.g. an activation without a name in that format) is refused with the",
            "reason (exit 3). A compiled model keeps its loss/optimizer where the target has an exact equivalent."},
        footerHeading = "%nExamples:%n",
        footer = {"  engram convert model.json model.h5                  (TF.js -> tf.keras 2 h5)",
            "  engram convert model.h5 model.keras                 (-> Keras 3)",
            "  engram convert model.h5 k3.h5 --dialect keras3      (Keras 3 legacy h5)",
            "  engram convert model.keras model.onnx --opset 17",
            "  engram convert model.onnx tfjs_model/               (-> TF.js directory)"})
final class ConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "Model to read (TF.js, .h5, .keras, .onnx).")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "File or directory to write.")
    Path out;

    @Option(names = {"-f", "--format"}, paramLabel = "tfjs|h5|keras|onnx",
            description = "Output format (default: from OUT's name).")
    String format;

    @Option(names = "--opset", paramLabel = "N", description = "ONNX opset, 14 to 21 (default 17).")
    Integer opset;

    @Option(names = "--dialect", paramLabel = "keras2|keras3",
            description = "h5 dialect: keras2 (default; tf-keras 2 loads it, Keras 3 too unless it names"
                    + " hard_sigmoid or feeds an RNN initial states) or keras3.")
    String dialect;

    @Option(names = "--approximate-hard-sigmoid", paramLabel = "CASES",
            description = "Opt-in: replace hard sigmoid 0.2x+0.5 (TF.js, Keras 2) by Keras 3's x/6+0.5 so that"
                    + " Keras 3 can load the result; prints the deviation measured on the inputs of this cases"
                    + " file. Never done without this option.")
    Path approximateHardSigmoid;

    @Override
    public Integer call() {
        ModelFile target = ModelSaver.targetFormat(out, format);
        SaveSettings settings = ModelSaver.settings(target, dialect, opset);
        LoadedModel m = ModelFormat.load(in);
        Network s = ModelFormat.toNetwork(m);
        PrintWriter w = spec.commandLine().getOut();
        if (approximateHardSigmoid != null) {
            s = approximate(s, w);
        }
        ModelSaver.save(s, out, target, settings, spec.commandLine().getErr());
        w.println("Converted " + in + " (" + m.origin().format().id() + ") -> " + out + " ("
                + ModelSaver.label(target, settings) + ")");
        w.flush();
        return ExitCodes.OK;
    }

    /** The explicit hard-sigmoid approximation, with its deviation on every case of the probe file. */
    private Network approximate(Network s, PrintWriter w) {
        double max = 0;
        Network out = null;
        for (CasesFile.Case c : CasesFile.read(approximateHardSigmoid).cases()) {
            List<Tensor> probes = c.inputs().stream().map(CasesFile.Named::tensor).toList();
            HardSigmoidApproximation.Result r;
            try {
                r = HardSigmoidApproximation.toKeras3(s, probes);
            } catch (ModelFormatException | IllegalArgumentException e) {
                throw CliException.badModel("cannot approximate " + in + ": " + e.getMessage(), e);
            }
            max = Math.max(max, r.maxAbsDeviation());
            out = r.model();
        }
        if (out == null) {
            throw CliException.usage(approximateHardSigmoid + " has no cases to measure the approximation on");
        }
        w.println(String.format(java.util.Locale.ROOT, "Approximated hard_sigmoid 0.2x+0.5 by x/6+0.5: max |deviation|"
                + " %.3g on the inputs of %s", max, approximateHardSigmoid.getFileName()));
        return out;
    }
}
