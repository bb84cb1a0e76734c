package dev.engram.internal.kernels;

import dev.engram.layers.recurrent.LstmGate;

/**
 * The numeric hot path: GEMM and the element-wise loops that layers run per time step.
 *
 * <p>Two implementations exist: {@link VectorKernels} on the JDK Vector API and {@link ScalarKernels}
 * in plain Java. {@link #get()} picks one once, at class initialisation: the vector one when the
 * {@code jdk.incubator.vector} module is in the boot layer (JVM flag
 * {@code --add-modules jdk.incubator.vector}) and the system property {@code engram.kernels} is not
 * {@code scalar}; otherwise the scalar one, with a one-line notice on standard error.
 *
 * <p>All matrices are row-major with explicit offsets and leading dimensions (the distance between
 * the starts of two consecutive rows), so layers can address sub-blocks of larger buffers without
 * copying.
 */
public interface Kernels {

    /** The implementation chosen for this JVM. */
    static Kernels get() {
        return KernelSelector.SELECTED;
    }

    /** A short name for logs and benchmarks: {@code "vector"} or {@code "scalar"}. */
    String name();

    /**
     * {@code C = beta * C + op(A) * op(B)} where {@code op(A)} is {@code m x k} and {@code op(B)} is
     * {@code k x n}. With {@code transA}, A is stored as {@code k x m}; with {@code transB}, B is
     * stored as {@code n x k}. {@code beta} is 0 (overwrite, C may hold garbage) or any other value.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
            float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc);

    /**
     * One row times the column blocks of a row-major {@code k x ldb} matrix, added into c: for each
     * block {@code q < blocks} and {@code j < width}, with {@code col = q*blockStride + from + j},
     * {@code c[cOff + col] += sum_p a[aOff + p] * b[p*ldb + col]}. The recurrent step of a unit
     * range: an LSTM's four gate blocks of units {@code from..from+width-1}. On the calling thread.
     */
    default void rowTimesBlocks(int blocks, int blockStride, int from, int width, int k, float[] a, int aOff,
            float[] b, int ldb, float[] c, int cOff) {
        for (int q = 0; q < blocks; q++) {
            int col = q * blockStride + from;
            gemm(false, false, 1, width, k, a, aOff, k, b, col, ldb, 1f, c, cOff + col, width);
        }
    }

    /**
     * Floats {@link #packBlocks} writes for these columns, or 0 when this implementation reads B in
     * place (then {@link #rowTimesPackedBlocks} is {@link #rowTimesBlocks}).
     */
    default int blockPanelFloats(int blocks, int width, int k) {
        return 0;
    }

    /**
     * Copies the columns {@link #rowTimesBlocks} reads ({@code width} from {@code from} in each of
     * {@code blocks} blocks {@code blockStride} apart, over {@code k} rows of B) into {@code panels}
     * in the order its kernel streams them, so that repeated products (the steps of one batch-1
     * recurrent run) read contiguous memory instead of {@code blocks} strided column runs.
     */
    default void packBlocks(int blocks, int blockStride, int from, int width, int k, float[] b, int ldb,
            float[] panels) {
    }

    /**
     * {@link #rowTimesBlocks} reading the columns from {@code panels} ({@link #packBlocks} of the
     * same B and arguments): the same numbers, bit for bit.
     */
    default void rowTimesPackedBlocks(float[] panels, int blocks, int blockStride, int from, int width, int k,
            float[] a, int aOff, float[] b, int ldb, float[] c, int cOff) {
        rowTimesBlocks(blocks, blockStride, from, width, k, a, aOff, b, ldb, c, cOff);
    }

    /**
     * True when a one-row product of {@code n} columns and depth {@code k} is worth two threads: B
     * is large enough that reading it from one core's cache bounds the product (measured per model
     * size; the system property {@code engram.kernels.gemvSplitMinFmas} moves the bound).
     */
    default boolean splitsRow(int n, int k) {
        return threads() > 1 && (long) n * k >= GemmDriver.GEMV_SPLIT_MIN_FMAS;
    }

    /**
     * B of {@code op(B)} ({@code k x n}; with {@code transB}, stored {@code n x k}) prepared for
     * {@link #gemm(int, PackedB, float[], int, int, float, float[], int, int)}: packed once when the
     * kernels pack, else kept as is.
     */
    default PackedB packB(boolean transB, int n, int k, float[] b, int bOff, int ldb) {
        return new PackedB(transB, n, k, b, bOff, ldb, null);
    }

    /**
     * {@code C = beta * C + A · op(B)} with A {@code m x k} (not transposed) and B prepared by
     * {@link #packB}: the numbers of {@link #gemm} on the same operands.
     */
    default void gemm(int m, PackedB b, float[] a, int aOff, int lda, float beta, float[] c, int cOff, int ldc) {
        gemm(false, b.transB, m, b.n, b.k, a, aOff, lda, b.b, b.bOff, b.ldb, beta, c, cOff, ldc);
    }

    /**
     * B ({@code k x n}, not transposed) packed once for many products of {@code m} rows with
     * {@link #gemm(int, PackedB, float[], int, int, float, float[], int, int)}, into this thread's
     * reusable storage {@code slot} (0 or 1; no allocation once warm; valid until this thread packs
     * into the same slot again): the recurrent and input kernels over the steps of one recurrent
     * run, which {@link #gemm} would pack again at every step. Null when {@link #gemm} would not pack
     * B for such products (the caller then calls it directly); the numbers are the same either way.
     */
    default PackedB packBForSteps(int slot, int m, int n, int k, float[] b, int bOff, int ldb) {
        return null;
    }

    /** Sets every row of the {@code rows x cols} matrix at {@code c} (leading dim ldc) to {@code row}. */
    default void broadcastRows(float[] row, int rowOff, int rows, int cols, float[] c, int cOff, int ldc) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(row, rowOff, c, cOff + r * ldc, cols);
        }
    }

    /**
     * {@code c[r, j] = bias[biasOff + j] + x[xOff + r * xStride] * w[j]} for {@code r < m, j < n}
     * (no bias when {@code bias} is null): a depth-1 product over a broadcast bias, the input
     * projection of a one-feature recurrent step. The numbers of {@link #broadcastRows} then
     * {@link #gemm} with {@code k = 1} and beta 1 (beta 0 without a bias), in one pass over c.
     */
    default void biasPlusOuter(int m, int n, float[] x, int xOff, int xStride, float[] w, float[] bias, int biasOff,
            float[] c, int cOff, int ldc) {
        if (bias != null) {
            broadcastRows(bias, biasOff, m, n, c, cOff, ldc);
        }
        gemm(false, false, m, n, 1, x, xOff, xStride, w, 0, n, bias != null ? 1f : 0f, c, cOff, ldc);
    }

    /** {@code out[j] += sum_r a[r, j]} over a {@code rows x cols} matrix (bias gradients). */
    void addColumnSums(float[] a, int aOff, int rows, int cols, int lda, float[] out, int outOff);

    /** {@code y[i] += alpha * x[i]} for {@code n} elements. */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** {@code z[i] = x[i] * y[i]}. */
    void mul(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff);

    /** Sum of {@code x[i] * y[i]}, accumulated in float. */
    float dot(int n, float[] x, int xOff, float[] y, int yOff);

    /** {@code y[i] = tanh(x[i])}; {@code y} may alias {@code x}. */
    void tanh(int n, float[] x, int xOff, float[] y, int yOff);

    /** {@code y[i] = 1 / (1 + exp(-x[i]))}; {@code y} may alias {@code x}. */
    void sigmoid(int n, float[] x, int xOff, float[] y, int yOff);

    /** {@code y[i] = exp(x[i])}; {@code y} may alias {@code x}. */
    void exp(int n, float[] x, int xOff, float[] y, int yOff);

    /** {@code y[i] = clip(slope * x[i] + offset, 0, 1)}; {@code y} may alias {@code x}. */
    void hardSigmoid(int n, float slope, float offset, float[] x, int xOff, float[] y, int yOff);

    /**
     * The gate math of one LSTM step for units {@code j0..j1-1} of one sample, with tanh as the cell
     * activation (DESIGN.md's cell). {@code z} holds the sample's gate pre-activations in blocks i, f,
     * c, o of width u ({@link LstmGate} order) from {@code zOff}; writes {@code i, f, o = gate(z)} and
     * {@code g = tanh(z_c)} into {@code gates} at the same positions ({@code gates} may be {@code z}),
     * then {@code c' = f*c + i*g} over {@code c[cOff + j]}, {@code tanh(c')} into {@code ac[acOff + j]}
     * and {@code h = o * tanh(c')} into {@code h[hOff + j]}. This default applies the element-wise
     * kernels block by block; the vector kernels use cheaper gate functions of bounded error
     * ({@code VectorLstmCell}: sigmoid within 1.5e-7 absolute, tanh within 5 ulps).
     */
    default void lstmCell(SigmoidGate gate, int u, int j0, int j1, float[] z, int zOff, float[] gates, float[] c,
            int cOff, float[] ac, int acOff, float[] h, int hOff) {
        int n = j1 - j0;
        int i = zOff + LstmGate.I.offset(u) + j0;
        int f = zOff + LstmGate.F.offset(u) + j0;
        int g = zOff + LstmGate.C.offset(u) + j0;
        int o = zOff + LstmGate.O.offset(u) + j0;
        gate(gate, n, z, i, gates);
        gate(gate, n, z, f, gates);
        tanh(n, z, g, gates, g);
        gate(gate, n, z, o, gates);
        for (int j = 0; j < n; j++) {
            c[cOff + j0 + j] = gates[f + j] * c[cOff + j0 + j] + gates[i + j] * gates[g + j];
        }
        tanh(n, c, cOff + j0, ac, acOff + j0);
        for (int j = 0; j < n; j++) {
            h[hOff + j0 + j] = gates[o + j] * ac[acOff + j0 + j];
        }
    }

    /** {@code gates[off + j] = gate(z[off + j])} for {@code j < n}: {@link #sigmoid} or {@link #hardSigmoid}. */
    private void gate(SigmoidGate gate, int n, float[] z, int off, float[] gates) {
        if (gate.hard()) {
            hardSigmoid(n, gate.slope(), gate.offset(), z, off, gates, off);
        } else {
            sigmoid(n, z, off, gates, off);
        }
    }

    /** {@code y[i] = max(x[i], 0)}; {@code y} may alias {@code x}. */
    void relu(int n, float[] x, int xOff, float[] y, int yOff);

    /**
     * The hard-sigmoid derivative: {@code dx[i] = slope * dy[i]} where
     * {@code 0 <= slope * x[i] + offset <= 1} (boundaries included, as TF.js's clipByValue
     * gradient), 0 elsewhere. {@code dx} may alias {@code dy}.
     */
    default void hardSigmoidBackward(int n, float slope, float offset, float[] x, int xOff, float[] dy, int dyOff,
            float[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            float zi = slope * x[xOff + i] + offset;
            dx[dxOff + i] = zi >= 0f && zi <= 1f ? dy[dyOff + i] * slope : 0f;
        }
    }

    /** Threads one kernel operation may use: the system property {@code engram.kernels.threads}, or all processors. */
    default int threads() {
        return KernelThreads.threads();
    }

    /**
     * Runs {@code body.accept(i)} for every {@code i < tasks} on up to {@link #threads()} threads
     * (the caller included) and returns when all are done; the first failure is rethrown. Kernels
     * called inside a task stay on that task's thread.
     */
    default void parallelFor(int tasks, java.util.function.IntConsumer body) {
        KernelThreads.run(tasks, body);
    }
}
