package dev.engram.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which implementation {@link Kernels#get()} picks, and the selection rule behind it. */
class KernelSelectorTest {
    private final ByteArrayOutputStream noticeBytes = new ByteArrayOutputStream();
    private final PrintStream notices = new PrintStream(noticeBytes, true, StandardCharsets.UTF_8);

    private String notices() {
        return noticeBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void surefireRunHasTheVectorModuleAndGetsVectorKernels() {
        // The build passes --add-modules=jdk.incubator.vector to the test JVM.
        assertTrue(KernelSelector.vectorModulePresent(), "test JVM should have jdk.incubator.vector");
        String expected = "scalar".equalsIgnoreCase(System.getProperty("engram.kernels", "").trim())
                ? "scalar" : "vector";
        assertEquals(expected, Kernels.get().name());
        assertEquals(expected.equals("vector") ? VectorKernels.class : ScalarKernels.class,
                Kernels.get().getClass());
    }

    @Test
    void propertyScalarForcesTheFallbackSilently() {
        assertEquals("scalar", KernelSelector.choose("scalar", true, notices).name());
        assertEquals("scalar", KernelSelector.choose(" Scalar ", true, notices).name());
        assertEquals("", notices());
    }

    @Test
    void vectorWhenModulePresentAndNotForced() {
        assertEquals("vector", KernelSelector.choose("", true, notices).name());
        assertEquals("vector", KernelSelector.choose(null, true, notices).name());
        assertEquals("vector", KernelSelector.choose("vector", true, notices).name());
        assertEquals("", notices());
    }

    @Test
    void scalarWithNoticeWhenModuleAbsent() {
        assertEquals("scalar", KernelSelector.choose("", false, notices).name());
        assertEquals("Engram: jdk.incubator.vector is not enabled; using scalar kernels (correct but slower). "
                + "Run java with --add-modules jdk.incubator.vector to enable.", notices().strip());
        assertEquals("scalar", KernelSelector.choose("vector", false, notices).name());
    }
}
