package dev.engram.activations;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.testing.ActivationTestCases;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradient checks: the float {@code backward} against central differences of the double reference
 * ({@code value(double)} for element-wise functions, a double softmax here for softmax).
 *
 * <p>Bound: {@code |dx - fd| <= 1e-4 |fd| + 1e-6}. The relative part covers the float rounding of
 * {@code backward} (TF.js computes e.g. {@code 1 - y^2} from a float {@code y} too, which costs up
 * to ~1e-5 relative where the derivative is small); the absolute floor covers derivatives that are
 * themselves below float resolution of the output, like {@code sigmoid'(9)}. Central differences in
 * double with {@code h = 1e-5} are accurate to ~1e-10.
 */
class ActivationGradientTest {
    private static final double H = 1e-5;
    private static final double REL = 1e-4;
    private static final double ABS = 1e-6;
    private static final int ROWS = 3;
    private static final int COLS = 17;

    static Stream<Activation> rowwise() {
        return Stream.of(Activations.softmax(), Activations.logSoftmax());
    }

    static Stream<ActivationTestCases> cases() {
        return ActivationTestCases.elementwise().stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void elementwiseBackwardMatchesFiniteDifferences(ActivationTestCases c) {
        Activation f = c.activation();
        SplittableRandom rnd = new SplittableRandom(f.name().hashCode());
        int n = ROWS * COLS;
        int xOff = 3;
        int yOff = 5;
        int dyOff = 7;
        int dxOff = 2;
        for (int trial = 0; trial < 20; trial++) {
            float[] x = new float[xOff + n];
            for (int i = 0; i < n; i++) {
                double v;
                do {
                    v = rnd.nextDouble(-9, 9);
                } while (c.nearKink(v, 1e-2));
                x[xOff + i] = (float) v;
            }
            float[] y = new float[yOff + n];
            f.forward(x, xOff, y, yOff, ROWS, COLS);
            float[] dy = randomArray(rnd, dyOff + n);
            float[] dx = new float[dxOff + n];
            f.backward(x, xOff, y, yOff, dy, dyOff, dx, dxOff, ROWS, COLS);
            for (int i = 0; i < n; i++) {
                double xi = x[xOff + i];
                double fd = (f.value(xi + H) - f.value(xi - H)) / (2 * H) * dy[dyOff + i];
                double got = dx[dxOff + i];
                assertTrue(Math.abs(got - fd) <= REL * Math.abs(fd) + ABS,
                        () -> f.name() + " at x=" + xi + ": backward " + got + ", finite differences " + fd);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("rowwise")
    void rowwiseBackwardMatchesFiniteDifferences(Activation f) {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = ROWS * COLS;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextDouble(-5, 5);
        }
        float[] y = new float[n];
        f.forward(x, 0, y, 0, ROWS, COLS);
        float[] dy = randomArray(rnd, n);
        float[] dx = new float[n];
        f.backward(x, 0, y, 0, dy, 0, dx, 0, ROWS, COLS);
        for (int r = 0; r < ROWS; r++) {
            double[] row = new double[COLS];
            double[] g = new double[COLS];
            for (int j = 0; j < COLS; j++) {
                row[j] = x[r * COLS + j];
                g[j] = dy[r * COLS + j];
            }
            for (int j = 0; j < COLS; j++) {
                double saved = row[j];
                row[j] = saved + H;
                double plus = dot(g, reference(f, row));
                row[j] = saved - H;
                double minus = dot(g, reference(f, row));
                row[j] = saved;
                double fd = (plus - minus) / (2 * H);
                double got = dx[r * COLS + j];
                int at = r * COLS + j;
                assertTrue(Math.abs(got - fd) <= REL * Math.abs(fd) + ABS,
                        () -> f.name() + " element " + at + ": backward " + got + ", finite differences " + fd);
            }
        }
    }

    /** Softmax, or its logarithm, of one row in double: the independent reference. */
    private static double[] reference(Activation f, double[] row) {
        double[] p = softmaxReference(row);
        if (f.equals(Activations.logSoftmax())) {
            for (int j = 0; j < p.length; j++) {
                p[j] = Math.log(p[j]);
            }
        }
        return p;
    }

    /** Softmax of one row in double: the independent reference. */
    static double[] softmaxReference(double[] row) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : row) {
            max = Math.max(max, v);
        }
        double[] out = new double[row.length];
        double sum = 0;
        for (int j = 0; j < row.length; j++) {
            out[j] = Math.exp(row[j] - max);
            sum += out[j];
        }
        for (int j = 0; j < row.length; j++) {
            out[j] /= sum;
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static float[] randomArray(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(-1, 1);
        }
        return a;
    }
}
