package dev.engram.initializers;

/**
 * Thin QR decomposition by Householder reflections, in double, for {@link Orthogonal}. Only what
 * the initializer needs: the {@code m x n} factor Q (for {@code m >= n}) with its columns signed so
 * that R has a non-negative diagonal, which makes Q unique (the same Q Gram-Schmidt gives) and is
 * what Keras obtains by multiplying {@code q} by {@code sign(diag(r))}.
 */
final class HouseholderQr {

    private HouseholderQr() {
    }

    /**
     * The orthonormal factor of {@code a}, an {@code m x n} row-major matrix with {@code m >= n};
     * {@code a} is overwritten. Returns Q as an {@code m x n} row-major array.
     */
    static double[] orthonormalFactor(double[] a, int m, int n) {
        if (m < n) {
            throw new IllegalArgumentException("thin QR needs rows >= columns, got " + m + " x " + n);
        }
        double[][] reflectors = new double[n][];
        double[] diagonal = new double[n];
        for (int k = 0; k < n; k++) {
            double norm = 0;
            for (int i = k; i < m; i++) {
                norm += a[i * n + k] * a[i * n + k];
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                continue; // a zero column: nothing to reflect, R[k][k] = 0
            }
            // Reflect onto -sign(a_kk) * norm * e_k so that v_0 = a_kk + sign(a_kk) norm never cancels.
            double alpha = a[k * n + k] > 0 ? -norm : norm;
            double[] v = new double[m - k];
            for (int i = k; i < m; i++) {
                v[i - k] = a[i * n + k];
            }
            v[0] -= alpha;
            reflect(v, a, k, k, m, n);
            reflectors[k] = v;
            diagonal[k] = alpha;
        }
        // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity.
        double[] q = new double[m * n];
        for (int j = 0; j < n; j++) {
            q[j * n + j] = 1;
        }
        for (int k = n - 1; k >= 0; k--) {
            if (reflectors[k] != null) {
                reflect(reflectors[k], q, k, 0, m, n);
            }
        }
        for (int j = 0; j < n; j++) {
            if (diagonal[j] < 0) {
                for (int i = 0; i < m; i++) {
                    q[i * n + j] = -q[i * n + j];
                }
            }
        }
        return q;
    }

    /**
     * Applies {@code I - 2 v v^T / (v^T v)} to rows {@code row0..m-1}, columns {@code col0..n-1} of
     * the row-major {@code m x n} matrix {@code x}.
     */
    private static void reflect(double[] v, double[] x, int row0, int col0, int m, int n) {
        double vv = 0;
        for (double e : v) {
            vv += e * e;
        }
        for (int j = col0; j < n; j++) {
            double s = 0;
            for (int i = row0; i < m; i++) {
                s += v[i - row0] * x[i * n + j];
            }
            double f = 2 * s / vv;
            for (int i = row0; i < m; i++) {
                x[i * n + j] -= f * v[i - row0];
            }
        }
    }
}
