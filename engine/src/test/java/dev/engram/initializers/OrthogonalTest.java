package dev.engram.initializers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Orthogonality of the result for square, tall, wide and rank-3 shapes, with and without gain. */
class OrthogonalTest {
    private static final double TOL = 1e-5;

    @ParameterizedTest(name = "{0}x{1} gain {2}")
    @CsvSource({"64,64,1", "100,30,1", "30,100,1", "40,40,2.5", "17,5,0.5", "5,17,3", "1,8,1", "8,1,1"})
    void gramMatrixOfTheShortSideIsGainSquaredIdentity(int rows, int cols, double gain) {
        Tensor w = Initializers.orthogonal(gain).initialize(Shape.of(rows, cols), new SplittableRandom(rows * 31 + cols));
        assertOrthonormal(w.toArray(), rows, cols, gain);
    }

    @Test
    void rank3IsFlattenedToProdOfLeadingDimsByLast() {
        Tensor w = Initializers.orthogonal().initialize(Shape.of(4, 5, 12), new SplittableRandom(3));
        assertEquals(Shape.of(4, 5, 12), w.shape());
        assertOrthonormal(w.toArray(), 20, 12, 1.0);
    }

    @Test
    void resultIsNotATrivialMatrix() {
        float[] w = Initializers.orthogonal().initialize(Shape.of(16, 16), new SplittableRandom(9)).toArray();
        int offDiagonalNonZero = 0;
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                if (i != j && Math.abs(w[i * 16 + j]) > 1e-3) {
                    offDiagonalNonZero++;
                }
            }
        }
        assertTrue(offDiagonalNonZero > 200, "expected a dense random rotation, got " + offDiagonalNonZero);
    }

    @Test
    void householderFactorHasPositiveRDiagonal() {
        // With R's diagonal made positive, Q^T A is upper triangular with a positive diagonal.
        int m = 7;
        int n = 4;
        SplittableRandom rnd = new SplittableRandom(4);
        double[] a = new double[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextGaussian();
        }
        double[] q = HouseholderQr.orthonormalFactor(a.clone(), m, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double r = 0;
                for (int k = 0; k < m; k++) {
                    r += q[k * n + i] * a[k * n + j];
                }
                if (i > j) {
                    assertEquals(0, r, 1e-12, "R[" + i + "][" + j + "]");
                } else if (i == j) {
                    assertTrue(r > 0, "R[" + i + "][" + i + "] = " + r);
                }
            }
        }
    }

    @Test
    void emptyShapeGivesEmptyTensor() {
        assertEquals(0, Initializers.orthogonal().initialize(Shape.of(0, 4), new SplittableRandom(1)).size());
    }

    @Test
    void rankBelowTwoIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Initializers.orthogonal().initialize(Shape.of(5), new SplittableRandom(1)));
        assertEquals("orthogonal initializer needs a shape of rank >= 2, got [5] (rank 1)", e.getMessage());
    }

    /** W^T W (tall or square) or W W^T (wide) equals gain^2 I. */
    private static void assertOrthonormal(float[] w, int rows, int cols, double gain) {
        boolean tall = rows >= cols;
        int k = tall ? cols : rows;
        int len = tall ? rows : cols;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int t = 0; t < len; t++) {
                    double a = tall ? w[t * cols + i] : w[i * cols + t];
                    double b = tall ? w[t * cols + j] : w[j * cols + t];
                    s += a * b;
                }
                double expected = i == j ? gain * gain : 0;
                assertEquals(expected, s, TOL * gain * gain, (tall ? "W^T W" : "W W^T") + "[" + i + "][" + j + "]");
            }
        }
    }
}
