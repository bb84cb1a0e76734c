package dev.engram.tensor;

import dev.engram.internal.kernels.Kernels;

/**
 * Public access to the engine's matrix kernels for code outside the engine (graph executors in the
 * I/O modules, benchmarks): GEMM on row-major arrays and matrix products of tensors. Uses the Vector
 * API kernels when {@code jdk.incubator.vector} is enabled, plain Java otherwise.
 */
public final class LinearAlgebra {
    private static final Kernels K = Kernels.get();

    private LinearAlgebra() {
    }

    /**
     * {@code C = beta * C + op(A) · op(B)}, row-major with offsets and leading dimensions; {@code op(A)}
     * is {@code m x k} (stored {@code k x m} when {@code transA}), {@code op(B)} is {@code k x n}
     * (stored {@code n x k} when {@code transB}). With {@code beta == 0}, C's old contents are ignored.
     *
     * @param transA whether A is stored transposed
     * @param transB whether B is stored transposed
     * @param m rows of op(A) and C
     * @param n columns of op(B) and C
     * @param k columns of op(A), rows of op(B)
     * @param a the array holding A
     * @param aOff index of A's first element in {@code a}
     * @param lda distance between consecutive stored rows of A
     * @param b the array holding B
     * @param bOff index of B's first element in {@code b}
     * @param ldb distance between consecutive stored rows of B
     * @param beta the factor on C's old contents; 0 overwrites C, which may then hold garbage
     * @param c the array holding C, updated in place
     * @param cOff index of C's first element in {@code c}
     * @param ldc distance between consecutive rows of C
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        K.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * The product of the last two axes of {@code a} ({@code [..., m, k]}, or {@code [k, m]} transposed)
     * with the 2-D {@code b} ({@code [k, n]}, or {@code [n, k]} transposed); leading axes of {@code a}
     * are batch axes.
     *
     * @param a the left operand, at least 2-D
     * @param transA whether {@code a}'s last two axes are stored transposed
     * @param b the right operand, 2-D
     * @param transB whether {@code b} is stored transposed
     * @return a new tensor {@code [..., m, n]}
     */
    public static Tensor matmul(Tensor a, boolean transA, Tensor b, boolean transB) {
        if (b.rank() != 2 || a.rank() < 2 || (transA && a.rank() != 2)) {
            throw new IllegalArgumentException("matmul takes a [..., m, k] (or 2-D transposed) and a 2-D b, got "
                    + a.shape() + " and " + b.shape());
        }
        int k = transA ? a.shape().dim(0) : a.shape().dim(-1);
        int m = transA ? a.shape().dim(1) : a.size() / k;
        int kb = transB ? b.shape().dim(1) : b.shape().dim(0);
        int n = transB ? b.shape().dim(0) : b.shape().dim(1);
        if (k != kb) {
            throw new IllegalArgumentException("matmul inner dimensions differ: " + a.shape()
                    + (transA ? "^T" : "") + " x " + b.shape() + (transB ? "^T" : ""));
        }
        float[] c = new float[m * n];
        K.gemm(transA, transB, m, n, k, a.buffer(), 0, transA ? m : k, b.buffer(), 0, transB ? k : n, 0f, c, 0, n);
        Shape out = transA ? Shape.of(m, n) : a.shape().withLast(n);
        return Tensor.wrap(out, c);
    }

    /**
     * The name of the kernel implementation in use: {@code "vector"} or {@code "scalar"}.
     *
     * @return {@code "vector"} when the Vector API module is present (unless the {@code engram.kernels} system
     *         property chooses otherwise), else {@code "scalar"}
     */
    public static String kernelName() {
        return K.name();
    }
}
