package dev.engram.cli;

import dev.engram.io.AtomicFiles;
import dev.engram.io.LoadedModel;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code engram predict MODEL --input FILE [--output FILE]}. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Run a model on inputs from a JSON or CSV file.",
            "",
            "JSON (the fixtures' cases.json schema): one case {\"inputs\":[{\"name\",\"shape\",\"dtype\",\"data\"}]} is",
            "answered with {\"outputs\":[...]}; a whole {\"cases\":[...]} file is answered with the same document",
            "whose cases carry the model's \"outputs\". data is flat row-major; floats are printed so that they",
            "parse back to the exact float32 (Float.toString).",
            "",
            "CSV (a file ending in .csv; single-input models): one sample per line, the sample's values flat",
            "in row-major order: for input [batch, features] a line is f0,...,fF-1; for [batch, steps, features]",
            "it is t0f0,...,t0fF-1,t1f0,... An optional header line and '#' comments are skipped. The per-sample",
            "shape comes from the model, or from --shape (one free dimension is inferred from the line length).",
            "The answer is CSV too (one line per sample, each output flattened), unless --output-format json."},
        footerHeading = "%nExamples:%n",
        footer = {"  engram predict model.json --input case.json",
            "  engram predict model.onnx --input cases.json --output answers.json",
            "  engram predict model.h5 --input windows.csv --shape 12,1 --output predictions.csv"})
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file (TF.js, .h5, .keras, .onnx).")
    Path model;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE",
            description = "Inputs: cases JSON (one case or a cases file) or CSV (*.csv).")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the answer here (default: stdout).")
    Path output;

    @Option(names = "--shape", paramLabel = "DIMS", split = ",",
            description = "CSV only: per-sample input shape without the batch, e.g. 12,3 (-1 = infer one dimension).")
    int[] shape;

    @Option(names = "--output-format", paramLabel = "json|csv",
            description = "Answer format (default: csv for CSV input, json otherwise).")
    String outputFormat;

    @Override
    public Integer call() {
        boolean csvIn = input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
        String fmt = outputFormat == null ? (csvIn ? "csv" : "json") : outputFormat.toLowerCase(Locale.ROOT);
        if (!fmt.equals("json") && !fmt.equals("csv")) {
            throw CliException.usage("--output-format must be json or csv, got '" + outputFormat + "'");
        }
        if (shape != null && !csvIn) {
            throw CliException.usage("--shape applies to CSV input only (JSON tensors carry their shapes)");
        }
        if (!Files.exists(input)) {
            throw CliException.usage("no such file: " + input);
        }
        LoadedModel m = ModelFormat.load(model);
        List<Map<String, Tensor>> results = new ArrayList<>();
        String text;
        if (csvIn) {
            Tensor x = csvInput(m, CsvTable.read(input));
            Map<String, Tensor> in = new LinkedHashMap<>();
            in.put(m.inputNames().get(0), x);
            Map<String, Tensor> y = ModelFormat.predict(m, in);
            text = fmt.equals("csv") ? csv(y) : CasesFile.toJson(singleAnswer(y));
        } else {
            if (fmt.equals("csv")) {
                throw CliException.usage("--output-format csv needs CSV input");
            }
            CasesFile cases = CasesFile.read(input);
            for (CasesFile.Case c : cases.cases()) {
                results.add(ModelFormat.predict(m, c.inputTensors()));
            }
            text = CasesFile.toJson(cases.answer(results, m.outputNames(), model.getFileName().toString(),
                    Main.version()));
        }
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        } else {
            try {
                AtomicFiles.write(output, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE_NEW));
            } catch (IOException e) {
                throw Failures.classify(e);
            }
        }
        return ExitCodes.OK;
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode singleAnswer(Map<String, Tensor> y) {
        var o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        o.set("outputs", CasesFile.tensors(y));
        return o;
    }

    private Tensor csvInput(LoadedModel m, CsvTable t) {
        if (m.inputNames().size() != 1) {
            throw CliException.usage("CSV input needs a single-input model; this one has inputs " + m.inputNames()
                    + " (use a cases JSON file)");
        }
        int[] dims;
        if (shape != null) {
            dims = shape.clone();
        } else {
            Shape s = m.inputSampleShapes().get(0);
            if (s == null) {
                throw CliException.usage("the model does not declare its input shape; give --shape (e.g. --shape 12,3)");
            }
            dims = s.toArray();
        }
        int width = t.width();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                if (unknown >= 0) {
                    throw CliException.usage("the per-sample shape " + Shape.of(dims) + " has more than one free"
                            + " dimension; give --shape");
                }
                unknown = i;
            } else {
                known *= dims[i];
            }
        }
        if (unknown >= 0) {
            if (known == 0 || width % known != 0) {
                throw CliException.usage(t.file().getFileName() + ": " + width + " values per line do not fill the"
                        + " per-sample shape " + Shape.of(dims));
            }
            dims[unknown] = (int) (width / known);
        } else if (known != width) {
            throw CliException.usage(t.file().getFileName() + ": " + width + " values per line, but the per-sample"
                    + " input shape " + Shape.of(dims) + " needs " + known + " (layout: row-major, one sample per line)");
        }
        if (dims.length == 0 || dims.length > 2) {
            throw CliException.usage("CSV input is for 2-D [batch, features] or 3-D [batch, steps, features] inputs;"
                    + " the per-sample shape is " + Shape.of(dims));
        }
        float[] data = new float[t.rows().size() * width];
        for (int r = 0; r < t.rows().size(); r++) {
            System.arraycopy(t.rows().get(r), 0, data, r * width, width);
        }
        int[] full = new int[dims.length + 1];
        full[0] = t.rows().size();
        System.arraycopy(dims, 0, full, 1, dims.length);
        return Tensor.wrap(Shape.of(full), data);
    }

    private static String csv(Map<String, Tensor> y) {
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>();
        int rows = -1;
        for (Map.Entry<String, Tensor> e : y.entrySet()) {
            Tensor t = e.getValue();
            rows = t.shape().dim(0);
            int per = t.size() / Math.max(1, rows);
            for (int j = 0; j < per; j++) {
                header.add(e.getKey() + "[" + j + "]");
            }
        }
        sb.append(String.join(",", header)).append('\n');
        for (int r = 0; r < rows; r++) {
            StringBuilder line = new StringBuilder();
            for (Tensor t : y.values()) {
                float[] b = t.toArray();
                int per = t.size() / rows;
                for (int j = 0; j < per; j++) {
                    line.append(line.length() == 0 ? "" : ",").append(Float.toString(b[r * per + j]));
                }
            }
            sb.append(line).append('\n');
        }
        return sb.toString();
    }
}
