package dev.engram.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile corpus ({@code src/test/hostile}, made by {@code scripts/hostile/make_corpus.py}):
 * each file is run through the command its {@code expected.tsv} line names, in this JVM with
 * {@code -Xmx512m} (the {@code hostile-corpus} surefire execution), and must end within
 * {@value #SECONDS_PER_FILE} s with one of its expected exit statuses, a single line on standard
 * error, no stack trace and no out-of-memory message. Exit status 4 (a bug) is never expected.
 */
class HostileCorpusTest {
    static final int SECONDS_PER_FILE = 30;
    private static final Path CORPUS = Path.of("src/test/hostile").toAbsolutePath();
    private static ExecutorService runner = newRunner();

    @TempDir
    static Path out;

    private static ExecutorService newRunner() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hostile-corpus");
            t.setDaemon(true); // a hung case must not keep the JVM alive
            return t;
        });
    }

    @AfterAll
    static void stop() {
        runner.shutdownNow();
    }

    @TestFactory
    Stream<DynamicTest> everyFileEndsInItsDocumentedOutcome() throws IOException {
        List<String> lines = Files.readAllLines(CORPUS.resolve("expected.tsv"));
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            String command = f[1].replace("{d}/../hostile-out", out.toString()).replace("{d}", CORPUS.toString());
            List<Integer> expected = Arrays.stream(f[2].split("\\|")).map(Integer::valueOf).toList();
            tests.add(DynamicTest.dynamicTest(f[0], () -> check(f[0], command.split(" "), expected)));
        }
        assertTrue(tests.size() >= 300, "the corpus has " + tests.size() + " cases");
        return tests.stream();
    }

    private static void check(String id, String[] args, List<Integer> expected) throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        Future<Integer> run = runner.submit(() -> Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8)));
        int code;
        try {
            code = run.get(SECONDS_PER_FILE, TimeUnit.SECONDS);
        } catch (TimeoutException t) {
            run.cancel(true);
            runner = newRunner(); // the hung thread is abandoned (a daemon)
            fail(id + ": no outcome within " + SECONDS_PER_FILE + " s (hang): engram " + String.join(" ", args));
            return;
        }
        String err = e.toString(StandardCharsets.UTF_8);
        String where = id + ": engram " + String.join(" ", args) + " -> exit " + code + "\n" + err;
        assertTrue(expected.contains(code), "expected " + expected + ", " + where);
        assertFalse(err.contains("\tat ") || err.contains("internal error") || err.contains("more memory than"), where);
        if (code != 0) {
            assertTrue(err.strip().lines().count() == 1, "one line on stderr, " + where);
        }
    }
}
