package dev.engram.cli;

import dev.engram.io.LoadLimits;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code engram} command: inspect, predict, convert, compare and train TF.js, Keras and ONNX
 * models from one jar.
 *
 * <p>Every failure is one line on standard error ({@code engram <command>: <message>}); with
 * {@code --verbose} the stack trace follows. Exit statuses are in {@link ExitCodes}.
 */
@Command(name = "engram", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = {"Inspect, run, convert, compare and train TensorFlow.js, Keras (.h5, .keras) and ONNX models.",
            "Formats are detected by content. Run 'engram COMMAND --help' for each command's options and examples."},
        subcommands = {InspectCommand.class, PredictCommand.class, ConvertCommand.class, CompareCommand.class,
            TrainCommand.class, PlotCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (compare: every output of every case within tolerance)",
            "1:compare: some output outside the tolerance",
            "2:usage error: bad options, missing file, malformed cases/CSV/config",
            "2:bad input data: cases/CSV/config values, an input the model rejects (shape, Embedding id)",
            "3:defect in a model file (malformed, truncated, corrupt, unsupported, over a load limit),",
            "  or a model the target format cannot express",
            "4:internal error (please report, with the --verbose trace)",
            "5:I/O failure: a file cannot be read or written (e.g. 'Permission denied: out/model.onnx')"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  engram inspect model.json",
            "  engram predict model.h5 --input cases.json --output answers.json",
            "  engram convert tfjs_model/ model.onnx --opset 17",
            "  engram compare model.onnx --cases cases.json --rtol 1e-4",
            "  engram train --config forecaster.json --data series.csv --output model.keras",
            "",
            "Run with 'java --add-modules jdk.incubator.vector -jar engram-cli-all.jar' (or the 'engram' script) for",
            "the vectorised kernels; without the flag the tool runs on plain-Java kernels and says so once."})
public final class Main implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On failure, print the stack trace after the one-line error.")
    boolean verbose;

    @Option(names = "--max-param-bytes", scope = ScopeType.INHERIT, paramLabel = "BYTES",
            description = "Refuse model files whose parameters need more bytes (default: a quarter of the max heap).")
    Long maxParamBytes;

    @Option(names = "--max-tensor-elements", scope = ScopeType.INHERIT, paramLabel = "N",
            description = "Refuse any one tensor with more elements (default: max heap / 16).")
    Long maxTensorElements;

    @Option(names = "--max-layers", scope = ScopeType.INHERIT, paramLabel = "N",
            description = "Refuse models with more layers or ONNX nodes (default: 100000).")
    Integer maxLayers;

    @Option(names = "--max-json-depth", scope = ScopeType.INHERIT, paramLabel = "N",
            description = "Refuse JSON nested deeper (default: 200).")
    Integer maxJsonDepth;

    @Option(names = "--max-decompressed-bytes", scope = ScopeType.INHERIT, paramLabel = "BYTES",
            description = "Refuse an HDF5 dataset or chunk, or a zip entry, inflating to more (default: --max-param-bytes).")
    Long maxDecompressedBytes;

    @Option(names = "--max-zip-entries", scope = ScopeType.INHERIT, paramLabel = "N",
            description = "Refuse .keras archives with more entries (default: 10000).")
    Integer maxZipEntries;

    /** The load limits: the defaults with every given --max-* flag applied. */
    LoadLimits limits() {
        LoadLimits l = LoadLimits.defaults();
        try {
            if (maxParamBytes != null) {
                l = l.withParameterBytes(maxParamBytes);
                if (maxDecompressedBytes == null) {
                    l = l.withDecompressedBytes(Math.min(LoadLimits.MAX_ARRAY, maxParamBytes));
                }
            }
            l = maxTensorElements == null ? l : l.withTensorElements(maxTensorElements);
            l = maxLayers == null ? l : l.withLayers(maxLayers);
            l = maxJsonDepth == null ? l : l.withJsonDepth(maxJsonDepth);
            l = maxDecompressedBytes == null ? l : l.withDecompressedBytes(maxDecompressedBytes);
            l = maxZipEntries == null ? l : l.withZipEntries(maxZipEntries);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("every --max-* limit must be a positive number");
        }
        return l;
    }

    /** Runs the tool and exits the JVM with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the tool with the given streams and returns the exit status (never exits the JVM). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        PrintWriter errWriter = new PrintWriter(err, true);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(errWriter);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            String name = c.getCommandSpec().qualifiedName();
            errWriter.println(name + ": " + ex.getMessage() + " (see '" + name + " --help')");
            if (verbose) {
                ex.printStackTrace(errWriter);
            }
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            String name = c.getCommandSpec().qualifiedName();
            int code;
            String message;
            CliException ce = Failures.classify(ex);
            if (ce != null) {
                code = ce.exitCode();
                message = ce.getMessage();
            } else {
                code = ExitCodes.INTERNAL;
                message = "internal error: " + ex;
            }
            errWriter.println(name + ": " + firstLine(message));
            if (verbose) {
                ex.printStackTrace(errWriter);
            }
            return code;
        });
        cl.setExecutionStrategy(parseResult -> {
            ModelFormat.useLimits(main.limits());
            return new CommandLine.RunLast().execute(parseResult);
        });
        try {
            return cl.execute(args);
        } catch (StackOverflowError | OutOfMemoryError e) {
            // Not an Exception, so picocli's handler never sees it; the limits should make this unreachable.
            CliException ce = Failures.classify(e);
            errWriter.println("engram: " + ce.getMessage());
            if (verbose) {
                e.printStackTrace(errWriter);
            }
            return ce.exitCode();
        } finally {
            ModelFormat.useLimits(LoadLimits.defaults());
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " ...";
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "missing command: one of inspect, predict, convert, compare, train");
    }

    /** The tool's version (from the jar manifest; "dev" when run from classes). */
    public static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Supplies {@code --version}. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"engram " + version() + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
