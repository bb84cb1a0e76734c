package dev.engram.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The double-precision erf/erfc against tabulated values (Python 3 {@code math.erf/erfc}, i.e. the C library's, accurate to ~1 ulp). */
class ErrorFunctionTest {

    @Test
    void erfMatchesTable() {
        double[][] table = {
            {0.0, 0.0},
            {1e-10, 1.1283791670955126e-10},
            {0.5, 0.52049987781304654},
            {1.0, 0.84270079294971487},
            {2.0, 0.99532226501895273},
            {2.9999, 0.9999778955735178},
            {3.0, 0.99997790950300141},
            {-1.5, -0.96610514647531073},
        };
        for (double[] row : table) {
            assertEquals(row[1], ErrorFunction.erf(row[0]), 2e-15 * Math.max(1e-300, Math.abs(row[1])) + 1e-300,
                    "erf(" + row[0] + ")");
        }
    }

    @Test
    void erfcKeepsRelativePrecisionInTheTail() {
        double[][] table = {
            {2.5, 4.0695201744495894e-4},
            {3.0, 2.2090496998585441e-5},
            {5.0, 1.5374597944280349e-12},
            {10.0, 2.0884875837625448e-45},
            {-1.0, 1.8427007929497149},
        };
        for (double[] row : table) {
            assertEquals(row[1], ErrorFunction.erfc(row[0]), 1e-13 * row[1], "erfc(" + row[0] + ")");
        }
        assertEquals(0.0, ErrorFunction.erfc(40.0));
    }
}
