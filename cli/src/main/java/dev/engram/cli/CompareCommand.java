package dev.engram.cli;

import dev.engram.io.LoadedModel;
import dev.engram.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code engram compare MODEL --cases FILE [--rtol R --atol A]}. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Run every case of a cases.json and compare the model's outputs with the file's.",
            "An element passes when |got - expected| <= atol + rtol * |expected| (float32 arithmetic; NaN",
            "passes only against NaN). Prints the max absolute and relative error per output of each case.",
            "Tolerance: --rtol/--atol if given, else the file's \"tolerance\", else rtol 1e-5, atol 1e-6.",
            "Outputs are matched by name, or by position when the names differ (e.g. a converted copy).",
            "Exit status 0 only if every output of every case passes, 1 otherwise."},
        footerHeading = "%nExamples:%n",
        footer = {"  engram compare model.json --cases cases.json",
            "  engram compare converted.onnx --cases original/cases.json --rtol 1e-4 --atol 1e-5"})
final class CompareCommand implements Callable<Integer> {
    static final double DEFAULT_RTOL = 1e-5;
    static final double DEFAULT_ATOL = 1e-6;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file (TF.js, .h5, .keras, .onnx).")
    Path model;

    @Option(names = {"-c", "--cases"}, required = true, paramLabel = "FILE",
            description = "cases.json with inputs and expected outputs.")
    Path casesFile;

    @Option(names = "--rtol", paramLabel = "R", description = "Relative tolerance (overrides the file's).")
    Double rtol;

    @Option(names = "--atol", paramLabel = "A", description = "Absolute tolerance (overrides the file's).")
    Double atol;

    @Override
    public Integer call() {
        if (rtol != null && !(rtol >= 0) || atol != null && !(atol >= 0)) {
            throw CliException.usage("--rtol and --atol must be non-negative numbers");
        }
        CasesFile cases = CasesFile.read(casesFile);
        for (CasesFile.Case c : cases.cases()) {
            if (c.expected().isEmpty()) {
                throw CliException.usage(casesFile.getFileName() + ": case '" + c.name()
                        + "' has no \"outputs\" to compare with");
            }
        }
        double r = rtol != null ? rtol : cases.rtol() != null ? cases.rtol() : DEFAULT_RTOL;
        double a = atol != null ? atol : cases.atol() != null ? cases.atol() : DEFAULT_ATOL;
        String source = rtol != null || atol != null ? "flags" : cases.rtol() != null || cases.atol() != null
                ? "the cases file" : "defaults";
        LoadedModel m = ModelFormat.load(model);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Comparing %s on %d case(s) of %s; tolerance rtol %s, atol %s (from %s)%n",
                model.getFileName(), cases.cases().size(), casesFile.getFileName(), r, a, source);
        int outputs = 0;
        int failed = 0;
        for (CasesFile.Case c : cases.cases()) {
            Map<String, Tensor> got = ModelFormat.predict(m, c.inputTensors());
            List<String> gotNames = new ArrayList<>(got.keySet());
            boolean byName = gotNames.containsAll(c.expected().stream().map(CasesFile.Named::name).toList());
            for (int i = 0; i < c.expected().size(); i++) {
                CasesFile.Named exp = c.expected().get(i);
                outputs++;
                Tensor g = byName ? got.get(exp.name()) : i < gotNames.size() ? got.get(gotNames.get(i)) : null;
                String result;
                if (g == null) {
                    result = "FAIL  the model has no output for it (outputs: " + gotNames + ")";
                } else if (!Arrays.equals(g.shape().toArray(), exp.shape())) {
                    result = "FAIL  shape " + Arrays.toString(g.shape().toArray()) + ", expected "
                            + Arrays.toString(exp.shape());
                } else {
                    result = check(g.toArray(), exp.data(), (float) r, (float) a);
                }
                if (result.startsWith("FAIL")) {
                    failed++;
                }
                out.printf(Locale.ROOT, "  %-16s %-24s %s%n", c.name(), exp.name() + " " + Arrays.toString(exp.shape()),
                        result);
            }
        }
        out.printf(Locale.ROOT, "%s: %d of %d output(s) passed%n", failed == 0 ? "PASS" : "FAIL", outputs - failed,
                outputs);
        out.flush();
        return failed == 0 ? ExitCodes.OK : ExitCodes.COMPARISON_FAILED;
    }

    /** The result text for one output: max abs / rel error and PASS or FAIL with the worst element. */
    static String check(float[] got, float[] exp, float rtol, float atol) {
        double maxAbs = 0;
        double maxRel = 0;
        int bad = 0;
        int worst = -1;
        double worstExcess = -1;
        for (int i = 0; i < exp.length; i++) {
            float e = exp[i];
            float g = got[i];
            boolean ok;
            float diff;
            if (Float.isNaN(e) || Float.isNaN(g)) {
                ok = Float.isNaN(e) && Float.isNaN(g);
                diff = ok ? 0 : Float.NaN;
            } else if (Float.isInfinite(e) || Float.isInfinite(g)) {
                ok = e == g;
                diff = ok ? 0 : Float.POSITIVE_INFINITY;
            } else {
                diff = Math.abs(g - e);
                ok = diff <= atol + rtol * Math.abs(e);
            }
            if (Float.isNaN(diff) || diff > maxAbs) {
                maxAbs = Float.isNaN(diff) ? Double.NaN : Math.max(maxAbs, diff);
            }
            if (e != 0 && !Float.isNaN(diff)) {
                maxRel = Math.max(maxRel, diff / Math.abs(e));
            }
            if (!ok) {
                bad++;
                double excess = Float.isNaN(diff) ? Double.POSITIVE_INFINITY : diff - (atol + rtol * Math.abs(e));
                if (excess > worstExcess) {
                    worstExcess = excess;
                    worst = i;
                }
            }
        }
        String errors = String.format(Locale.ROOT, "max abs %.3e  max rel %.3e", maxAbs, maxRel);
        if (bad == 0) {
            return "PASS  " + errors;
        }
        return "FAIL  " + errors + String.format(Locale.ROOT, "  (%d of %d elements; worst [%d] got %s expected %s)",
                bad, exp.length, worst, Float.toString(got[worst]), Float.toString(exp[worst]));
    }
}
