package dev.engram.internal.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the JDK Vector API ({@code jdk.incubator.vector}), using the platform's widest float
 * vectors ({@code FloatVector.SPECIES_PREFERRED}: 16 lanes with AVX-512, 8 with AVX2).
 *
 * <p>GEMM packs blocks of A and B into contiguous panels and runs a 6 x 2-vector register-blocked
 * FMA micro-kernel ({@link GemmDriver}, {@link GemmPacking}, {@link GemmMicroKernel}). For small
 * {@code m} (up to 64) with row-major B, B is read in place to skip the packing pass; narrow C
 * ({@code n} below one vector) and 1-8-row products with a transposed B use dot products along
 * {@code k} ({@link GemmDot}). Products of at least
 * 2<sup>21</sup> multiply-adds are split into column (or row) strips over the kernel threads
 * ({@link KernelThreads}); the calling thread computes strips too. One-row products of at least
 * 2<sup>15</sup> multiply-adds split their columns over two kernel threads ({@link GemvSplit}).
 *
 * <p>Threads: the system property {@code engram.kernels.threads} (read once, when this class
 * initialises) caps the threads one GEMM may use; {@code 1} keeps every GEMM on the calling thread.
 * The default is {@code Runtime.availableProcessors()}. Benchmarks in this package may change it
 * with the package-private {@code KernelThreads.setThreads(int)}.
 *
 * <p>{@code exp}, {@code tanh} and {@code sigmoid} use the polynomials of {@link VectorMath} (within
 * 2-3 float ulps of the exact functions); tails shorter than a vector use {@code Math} in double.
 * The fused LSTM cell ({@link #lstmCell}) uses the cheaper rational gate functions of
 * {@link VectorLstmCell}.
 */
public final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length();

    /** Creates the kernels; they hold no state of their own (packing buffers are per thread). */
    public VectorKernels() {
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        GemmDriver.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public PackedB packB(boolean transB, int n, int k, float[] b, int bOff, int ldb) {
        return new PackedB(transB, n, k, b, bOff, ldb,
                n > 0 && k > 0 ? GemmDriver.packAll(transB, n, k, b, bOff, ldb) : null);
    }

    @Override
    public PackedB packBForSteps(int slot, int m, int n, int k, float[] b, int bOff, int ldb) {
        return GemmDriver.packsB(false, m, n, k)
                ? new PackedB(false, n, k, b, bOff, ldb, GemmDriver.packAllReused(slot, false, n, k, b, bOff, ldb))
                : null;
    }

    @Override
    public void gemm(int m, PackedB b, float[] a, int aOff, int lda, float beta, float[] c, int cOff, int ldc) {
        if (b.panels == null || !GemmDriver.packsB(b.transB, m, b.n, b.k)) {
            Kernels.super.gemm(m, b, a, aOff, lda, beta, c, cOff, ldc);
            return;
        }
        GemmDriver.gemmPacked(m, b.n, b.k, a, aOff, lda, b.panels, beta, c, cOff, ldc);
    }

    @Override
    public void rowTimesBlocks(int blocks, int blockStride, int from, int width, int k, float[] a, int aOff,
            float[] b, int ldb, float[] c, int cOff) {
        GemmGemv.rowTimesBlocks(blocks, blockStride, from, width, k, a, aOff, b, ldb, c, cOff);
    }

    @Override
    public int blockPanelFloats(int blocks, int width, int k) {
        return GemmGemv.panelFloats(blocks, width, k);
    }

    @Override
    public void packBlocks(int blocks, int blockStride, int from, int width, int k, float[] b, int ldb,
            float[] panels) {
        GemmGemv.packBlocks(blocks, blockStride, from, width, k, b, ldb, panels);
    }

    @Override
    public void rowTimesPackedBlocks(float[] panels, int blocks, int blockStride, int from, int width, int k,
            float[] a, int aOff, float[] b, int ldb, float[] c, int cOff) {
        GemmGemv.rowTimesPackedBlocks(panels, blocks, blockStride, from, width, k, a, aOff, b, ldb, c, cOff);
    }

    @Override
    public void biasPlusOuter(int m, int n, float[] x, int xOff, int xStride, float[] w, float[] bias, int biasOff,
            float[] c, int cOff, int ldc) {
        if (n < VL) {
            Kernels.super.biasPlusOuter(m, n, x, xOff, xStride, w, bias, biasOff, c, cOff, ldc);
            return;
        }
        // As the GEMM's tile computes a k = 1 product: the sum starts at +0 (fma(x, w, 0): a -0
        // product becomes +0), then merges into the broadcast bias as fma(bias, 1, sum).
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int bound = S.loopBound(n);
        for (int r = 0; r < m; r++) {
            float xr = x[xOff + r * xStride];
            FloatVector xv = FloatVector.broadcast(S, xr);
            int cr = cOff + r * ldc;
            int j = 0;
            if (bias != null) {
                for (; j < bound; j += VL) {
                    FloatVector sum = xv.fma(FloatVector.fromArray(S, w, j), zero);
                    FloatVector.fromArray(S, bias, biasOff + j).fma(one, sum).intoArray(c, cr + j);
                }
                for (; j < n; j++) {
                    c[cr + j] = Math.fma(bias[biasOff + j], 1f, Math.fma(xr, w[j], 0f));
                }
            } else {
                for (; j < bound; j += VL) {
                    xv.fma(FloatVector.fromArray(S, w, j), zero).intoArray(c, cr + j);
                }
                for (; j < n; j++) {
                    c[cr + j] = Math.fma(xr, w[j], 0f);
                }
            }
        }
    }

    @Override
    public void addColumnSums(float[] a, int aOff, int rows, int cols, int lda, float[] out, int outOff) {
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int ar = aOff + r * lda;
            int j = 0;
            for (; j < bound; j += VL) {
                FloatVector.fromArray(S, out, outOff + j).add(FloatVector.fromArray(S, a, ar + j))
                        .intoArray(out, outOff + j);
            }
            for (; j < cols; j++) {
                out[outOff + j] += a[ar + j];
            }
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        FloatVector av = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += VL) {
            FloatVector.fromArray(S, x, xOff + i).fma(av, FloatVector.fromArray(S, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void mul(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += VL) {
            FloatVector.fromArray(S, x, xOff + i).mul(FloatVector.fromArray(S, y, yOff + i))
                    .intoArray(z, zOff + i);
        }
        for (; i < n; i++) {
            z[zOff + i] = x[xOff + i] * y[yOff + i];
        }
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        // Four independent accumulators hide the FMA latency on long vectors.
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
        int i = 0;
        for (int bound4 = n - 4 * VL; i <= bound4; i += 4 * VL) {
            s0 = FloatVector.fromArray(S, x, xOff + i).fma(FloatVector.fromArray(S, y, yOff + i), s0);
            s1 = FloatVector.fromArray(S, x, xOff + i + VL).fma(FloatVector.fromArray(S, y, yOff + i + VL), s1);
            s2 = FloatVector.fromArray(S, x, xOff + i + 2 * VL)
                    .fma(FloatVector.fromArray(S, y, yOff + i + 2 * VL), s2);
            s3 = FloatVector.fromArray(S, x, xOff + i + 3 * VL)
                    .fma(FloatVector.fromArray(S, y, yOff + i + 3 * VL), s3);
        }
        for (int bound = S.loopBound(n); i < bound; i += VL) {
            s0 = FloatVector.fromArray(S, x, xOff + i).fma(FloatVector.fromArray(S, y, yOff + i), s0);
        }
        float[] lanes = LaneSums.scratch();
        s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
        float s = LaneSums.sum(lanes, 0);
        for (; i < n; i++) {
            s += x[xOff + i] * y[yOff + i];
        }
        return s;
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        VectorMath.tanh(n, x, xOff, y, yOff);
    }

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        VectorMath.sigmoid(n, x, xOff, y, yOff);
    }

    @Override
    public void lstmCell(SigmoidGate gate, int u, int j0, int j1, float[] z, int zOff, float[] gates, float[] c,
            int cOff, float[] ac, int acOff, float[] h, int hOff) {
        VectorLstmCell.run(gate, u, j0, j1, z, zOff, gates, c, cOff, ac, acOff, h, hOff);
    }

    @Override
    public void exp(int n, float[] x, int xOff, float[] y, int yOff) {
        VectorMath.exp(n, x, xOff, y, yOff);
    }

    @Override
    public void hardSigmoid(int n, float slope, float offset, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += VL) {
            FloatVector.fromArray(S, x, xOff + i).mul(slope).add(offset).min(1f).max(0f).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.max(0f, Math.min(1f, slope * x[xOff + i] + offset));
        }
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += VL) {
            FloatVector.fromArray(S, x, xOff + i).max(0f).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.max(0f, x[xOff + i]);
        }
    }

    @Override
    public void hardSigmoidBackward(int n, float slope, float offset, float[] x, int xOff, float[] dy, int dyOff,
            float[] dx, int dxOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += VL) {
            FloatVector zi = FloatVector.fromArray(S, x, xOff + i).mul(slope).add(offset);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i).mul(slope);
            // Boundaries included (TF.js clipByValue gradient); NaN compares false and gives 0.
            d.blend(0f, zi.compare(VectorOperators.GE, 0f).and(zi.compare(VectorOperators.LE, 1f)).not())
                    .intoArray(dx, dxOff + i);
        }
        Kernels.super.hardSigmoidBackward(n - i, slope, offset, x, xOff + i, dy, dyOff + i, dx, dxOff + i);
    }
}
