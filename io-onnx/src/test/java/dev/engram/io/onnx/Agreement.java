package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.engram.tensor.Tensor;

/**
 * Element-wise comparison {@code |got - exp| <= atol + rtol * |exp|} that records the largest
 * absolute and relative errors seen across a test class, for the agreement report.
 */
final class Agreement {
    static final double RTOL = 1e-5;
    static final double ATOL = 1e-6;

    private final double rtol;
    private final double atol;
    private double maxAbs;
    private double maxRel;
    private long compared;

    /** The default tolerance, rtol {@link #RTOL} and atol {@link #ATOL}. */
    Agreement() {
        this(RTOL, ATOL);
    }

    /** A stated looser tolerance (the caller documents why). */
    Agreement(double rtol, double atol) {
        this.rtol = rtol;
        this.atol = atol;
    }

    void check(String what, Tensor expected, Tensor got) {
        assertArrayEquals(expected.shape().toArray(), got.shape().toArray(), what + ": shape");
        check(what, expected.buffer(), got.buffer());
    }

    void check(String what, float[] exp, float[] got) {
        if (exp.length != got.length) {
            fail(what + ": expected " + exp.length + " values, got " + got.length);
        }
        for (int i = 0; i < exp.length; i++) {
            double diff = Math.abs((double) got[i] - exp[i]);
            maxAbs = Math.max(maxAbs, diff);
            if (exp[i] != 0) {
                maxRel = Math.max(maxRel, diff / Math.abs(exp[i]));
            }
            if (!(diff <= atol + rtol * Math.abs(exp[i]))) {
                fail(what + ": element " + i + " expected " + exp[i] + " got " + got[i] + " (|diff| " + diff + ")");
            }
        }
        compared += exp.length;
    }

    @Override
    public String toString() {
        return String.format("%d values, max abs err %.3g, max rel err %.3g", compared, maxAbs, maxRel);
    }
}
