package dev.engram.cli;

import dev.engram.io.onnx.OnnxExecutionException;
import dev.engram.layers.IncompatibleShapeException;
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
            "3:bad or unsupported model file, or a model the target format cannot express",
            "4:internal error (please report, with the --verbose trace)"},
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

    /** Runs the tool and exits the JVM with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the tool with the given streams and returns the exit status (never exits the JVM). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cl = new CommandLine(new Main());
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
            if (ex instanceof CliException ce) {
                code = ce.exitCode();
                message = ce.getMessage();
            } else if (ex instanceof OnnxExecutionException || ex instanceof IncompatibleShapeException) {
                code = ExitCodes.USAGE;
                message = "the input does not fit the model: " + ex.getMessage();
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
        return cl.execute(args);
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
