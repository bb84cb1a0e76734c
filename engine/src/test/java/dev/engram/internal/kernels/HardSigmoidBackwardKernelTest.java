package dev.engram.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The hard-sigmoid derivative of both kernel sets at and around the boundaries of the linear piece. */
class HardSigmoidBackwardKernelTest {

    static Stream<Kernels> kernels() {
        return Stream.of(new ScalarKernels(), new VectorKernels());
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void hardSigmoidBackwardPassesTheGradientInsideTheLinearPieceBoundariesIncluded(Kernels kernels) {
        int n = 75;
        float[] x = new float[n + 1];
        float[] dy = new float[n + 1];
        for (int i = 0; i < n; i++) {
            x[1 + i] = (i - 37) * 0.25f; // crosses both boundaries -2.5 and 2.5 exactly
            dy[1 + i] = 1 + i;
        }
        x[1] = Float.NaN;
        float[] dx = new float[n + 2];
        kernels.hardSigmoidBackward(n, 0.2f, 0.5f, x, 1, dy, 1, dx, 2);
        assertEquals(0f, dx[2], "NaN input passes no gradient");
        for (int i = 1; i < n; i++) {
            float zi = 0.2f * x[1 + i] + 0.5f;
            float expected = zi >= 0f && zi <= 1f ? dy[1 + i] * 0.2f : 0f;
            assertEquals(expected, dx[2 + i], 1e-6f, "x = " + x[1 + i]);
        }
        assertEquals(0f, dx[0]);
        assertEquals(0f, dx[1]);
    }
}
