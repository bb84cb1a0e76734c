package dev.engram.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Runs the packaged {@code engram-cli-all.jar} as a child process (the jar path comes from failsafe). */
final class Cli {
    private static final String JAR_PROPERTY = System.getProperty("engram.cli.jar");
    static final Path JAR = JAR_PROPERTY == null ? null : Path.of(JAR_PROPERTY);
    static final String VECTOR_FLAG = System.getProperty("engram.cli.vectorFlag", "--add-modules=jdk.incubator.vector");

    /** The exit status and the two streams of one run; {@code err} without the JVM's incubator warning. */
    record Result(int exit, String out, String err, List<String> args) {
        /** Lines of stderr that the tool printed. */
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "engram " + String.join(" ", args) + " -> exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    /** Runs {@link Main#run} in this JVM (no jar needed): for breadth tests that would cost a JVM each. */
    static Result inProcess(String... args) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream e = new java.io.ByteArrayOutputStream();
        int code = Main.run(args, new java.io.PrintStream(o, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(e, true, StandardCharsets.UTF_8));
        return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8), List.of(args));
    }

    static Result run(String... args) {
        return exec(true, args);
    }

    static Result runWithoutVectorFlag(String... args) {
        return exec(false, args);
    }

    private static Result exec(boolean vector, String... args) {
        org.junit.jupiter.api.Assumptions.assumeTrue(JAR != null,
                "engram.cli.jar is set by failsafe: these tests run in mvn verify, after package");
        assertTrue(Files.isRegularFile(JAR), "the packaged jar " + JAR.toAbsolutePath() + " is missing: run mvn verify");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (vector) {
            cmd.add(VECTOR_FLAG);
        }
        // Short-lived JVMs: C1 only starts faster and the work per run is small.
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-jar");
        cmd.add(JAR.toString());
        cmd.addAll(Arrays.asList(args));
        try {
            Path out = Files.createTempFile("engram-out", ".txt");
            Path err = Files.createTempFile("engram-err", ".txt");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile())).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            String o = Files.readString(out, StandardCharsets.UTF_8);
            String e = Files.readString(err, StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("WARNING: Using incubator modules"))
                    .collect(Collectors.joining("\n", "", "\n"));
            Files.delete(out);
            Files.delete(err);
            return new Result(p.exitValue(), o, e.equals("\n") ? "" : e, List.of(args));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** The shared fixtures folder ({@code shared/fixtures} in this directory or a parent), or null. */
    static Path sharedFixtures() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path f = d.resolve("shared").resolve("fixtures");
            if (Files.isDirectory(f.resolve("tfjs")) && Files.isDirectory(f.resolve("torch-onnx"))) {
                return f;
            }
        }
        return null;
    }

    /** A committed fixture of another module, relative to this module's folder. */
    static Path repo(String relative) {
        Path p = Path.of("..").resolve(relative).normalize();
        assertTrue(Files.exists(p), "committed fixture missing: " + p.toAbsolutePath());
        return p;
    }
}
