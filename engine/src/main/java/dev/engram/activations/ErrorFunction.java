package dev.engram.activations;

/**
 * The error function and its complement in double precision (relative error near 1e-15), for
 * {@link Gelu}. Java has no {@code Math.erf}; this uses the everywhere-positive power series
 * {@code erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (2n+1)!!} (no cancellation between
 * terms) for {@code erf} below 3 and {@code erfc} below 2, and the Laplace continued fraction for
 * {@code erfc} beyond (no cancellation against 1 in the tail, where GELU of negative inputs needs
 * it).
 */
final class ErrorFunction {
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    private static final double ONE_OVER_SQRT_PI = 1.0 / Math.sqrt(Math.PI);
    private static final double SERIES_LIMIT = 3.0;
    /** Below this, 1 - erf(x) loses under 3 of 16 digits; above it the fraction converges fast. */
    private static final double ERFC_SERIES_LIMIT = 2.0;

    private ErrorFunction() {
    }

    /** {@code erf(x)}. */
    static double erf(double x) {
        double a = Math.abs(x);
        if (Double.isNaN(x)) {
            return x;
        }
        double r = a < SERIES_LIMIT ? series(a) : 1.0 - continuedFraction(a);
        return Math.copySign(r, x);
    }

    /** {@code erfc(x) = 1 - erf(x)}, accurate in the tail for large positive {@code x}. */
    static double erfc(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x < 0) {
            return 2.0 - erfc(-x);
        }
        return x < ERFC_SERIES_LIMIT ? 1.0 - series(x) : continuedFraction(x);
    }

    /** erf(a) for {@code 0 <= a < SERIES_LIMIT}. */
    private static double series(double a) {
        double twoA2 = 2.0 * a * a;
        double term = a;
        double sum = a;
        for (int n = 0; n < 200 && term > 1e-17 * sum; n++) {
            term *= twoA2 / (2 * n + 3);
            sum += term;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-a * a) * sum;
    }

    /**
     * erfc(a) for {@code a >= 2}: {@code exp(-a^2)/sqrt(pi) / (a + (1/2)/(a + 1/(a + (3/2)/(a + ...))))},
     * evaluated with the modified Lentz method.
     */
    private static double continuedFraction(double a) {
        double tiny = 1e-300;
        double f = a;
        double c = a;
        double d = 0;
        for (int k = 1; k < 2000; k++) {
            double coef = 0.5 * k;
            d = a + coef * d;
            d = d == 0 ? 1 / tiny : 1 / d;
            c = a + coef / c;
            if (c == 0) {
                c = tiny;
            }
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) {
                break;
            }
        }
        return ONE_OVER_SQRT_PI * Math.exp(-a * a) / f;
    }
}
