package dev.engram.testing.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing peer skips an interop test, unless {@code engram.interop.required} makes it a failure. */
class InteropPeersTest {
    private String saved;
    private String savedBrowser;

    @BeforeEach
    void clear() {
        saved = System.clearProperty(InteropPeers.REQUIRED);
        savedBrowser = System.clearProperty("engram.requireBrowser");
    }

    @AfterEach
    void restore() {
        restore(InteropPeers.REQUIRED, saved);
        restore("engram.requireBrowser", savedBrowser);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void aPresentPeerRunsEitherWay() {
        assertTrue(InteropPeers.available("node", null));
        System.setProperty(InteropPeers.REQUIRED, "true");
        assertTrue(InteropPeers.available("node", null));
        InteropPeers.assume("node", null);
    }

    @Test
    void aMissingPeerSkipsByDefault() {
        assertFalse(InteropPeers.required());
        assertFalse(InteropPeers.available("TensorFlow.js 4.22 in Node", "no node on the PATH"));
        TestAbortedException e = assertThrows(TestAbortedException.class,
                () -> InteropPeers.assume("the browser demo", "no /usr/bin/chromium"));
        assertEquals("the browser demo not available: no /usr/bin/chromium", e.getMessage());
    }

    @Test
    void aMissingRequiredPeerFailsNamingPeerAndCause() {
        System.setProperty(InteropPeers.REQUIRED, "true");
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> InteropPeers.available("TensorFlow.js 4.22 in Node", "no node on the PATH"));
        assertEquals("-Dengram.interop.required=true but the interop test cannot run against TensorFlow.js 4.22 in "
                + "Node: no node on the PATH (.ci/run installs the peers; without the property the test is skipped)",
                e.getMessage());
        assertThrows(AssertionFailedError.class, () -> InteropPeers.assume("the browser demo", "no chromedriver"));
    }

    @Test
    void theOlderBrowserSwitchMeansTheSame() {
        System.setProperty("engram.requireBrowser", "true");
        assertTrue(InteropPeers.required());
        assertThrows(AssertionFailedError.class, () -> InteropPeers.available("the browser demo", "no chromium"));
    }

    @Test
    void executablesAreFoundOnThePath() {
        assertTrue(InteropPeers.onPath("sh").isPresent(), "sh on the PATH");
        assertFalse(InteropPeers.onPath("no-such-engram-peer").isPresent());
    }
}
