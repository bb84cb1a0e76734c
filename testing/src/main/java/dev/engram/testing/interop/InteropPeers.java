package dev.engram.testing.interop;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Whether the live peers of an interop test (Node with TF.js, the Keras venv, a browser, ...) are
 * present, and what their absence means. On a developer machine a missing peer skips the test; with
 * {@code -Dengram.interop.required=true} (set by {@code .ci/run}, which installs every peer) it fails
 * the test instead, naming the peer and what is missing, so CI cannot pass on a skipped interop run.
 * The older {@code -Dengram.requireBrowser=true} means the same.
 */
public final class InteropPeers {
    /** The system property that turns a missing peer into a failure. */
    public static final String REQUIRED = "engram.interop.required";

    private InteropPeers() {
    }

    /**
     * Whether missing peers fail tests.
     *
     * @return true under {@code -Dengram.interop.required=true} (or {@code -Dengram.requireBrowser=true})
     */
    public static boolean required() {
        return Boolean.getBoolean(REQUIRED) || Boolean.getBoolean("engram.requireBrowser");
    }

    /**
     * For an {@code @EnabledIf} condition: true when the peer is present; false when it is missing
     * and not {@linkplain #required() required}; otherwise a failure.
     *
     * @param peer    what the test runs against, e.g. "TensorFlow.js 4.22 in Node"
     * @param missing what is missing, or null when the peer is present
     * @return whether the test can run
     * @throws AssertionFailedError when the peer is missing and required
     */
    public static boolean available(String peer, String missing) {
        if (missing == null) {
            return true;
        }
        if (required()) {
            throw new AssertionFailedError(message(peer, missing));
        }
        return false;
    }

    /**
     * For a test body: returns when the peer is present; aborts (skips) the test when it is missing,
     * or fails it when the peer is {@linkplain #required() required}.
     *
     * @param peer    what the test runs against
     * @param missing what is missing, or null when the peer is present
     */
    public static void assume(String peer, String missing) {
        if (!available(peer, missing)) {
            throw new TestAbortedException(peer + " not available: " + missing);
        }
    }

    /**
     * An executable on the {@code PATH}.
     *
     * @param name the executable's file name, e.g. "node"
     * @return its path, or empty
     */
    public static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).map(p -> Path.of(p, name)).filter(Files::isExecutable)
                .findFirst();
    }

    private static String message(String peer, String missing) {
        return "-D" + REQUIRED + "=true but the interop test cannot run against " + peer + ": " + missing
                + " (.ci/run installs the peers; without the property the test is skipped)";
    }
}
