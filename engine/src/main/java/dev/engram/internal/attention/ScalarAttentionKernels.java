package dev.engram.internal.attention;

/**
 * Plain-Java attention kernels: the fallback without the Vector API, and the tests' second path. The
 * numbers are those of the engine's scalar GEMM and of the layer's original per-row softmax.
 */
final class ScalarAttentionKernels extends AttentionKernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void product(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            java.util.Arrays.fill(c, ci, ci + n, 0f);
            // i-p-j order: the inner loop streams a row of B and a row of C (auto-vectorisable).
            for (int p = 0; p < k; p++) {
                float av = a[aOff + i * lda + p];
                int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += av * b[bp + j];
                }
            }
        }
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] s, int sOff, int lds, float[] allowed, int mOff, int ldm,
            float maskAdder) {
        for (int i = 0; i < rows; i++) {
            int row = sOff + i * lds;
            int mrow = mOff + i * ldm;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                if (allowed != null && allowed[mrow + j] == 0) {
                    s[row + j] += maskAdder;
                }
                max = Math.max(max, s[row + j]);
            }
            float sum = 0;
            for (int j = 0; j < cols; j++) {
                float e = (float) Math.exp(s[row + j] - max);
                s[row + j] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (int j = 0; j < cols; j++) {
                s[row + j] *= inv;
            }
        }
    }
}
