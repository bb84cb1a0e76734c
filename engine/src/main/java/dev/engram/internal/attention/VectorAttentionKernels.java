package dev.engram.internal.attention;

import static dev.engram.internal.kernels.ExpConstants.E0;
import static dev.engram.internal.kernels.ExpConstants.E1;
import static dev.engram.internal.kernels.ExpConstants.E2;
import static dev.engram.internal.kernels.ExpConstants.E3;
import static dev.engram.internal.kernels.ExpConstants.E4;
import static dev.engram.internal.kernels.ExpConstants.E5;
import static dev.engram.internal.kernels.ExpConstants.LN2_HI;
import static dev.engram.internal.kernels.ExpConstants.LN2_LO;
import static dev.engram.internal.kernels.ExpConstants.LOG2E;
import static dev.engram.internal.kernels.ExpConstants.ROUND_MAGIC;
import static dev.engram.internal.kernels.ExpConstants.ROUND_MAGIC_BITS;

import dev.engram.internal.kernels.LaneSums;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Attention kernels on the JDK Vector API.
 *
 * <p>{@link #product} runs register tiles straight on the row-major operands, without the engine
 * GEMM's packing: a per-head product is small (64 x 64 x 32 in the benchmark model), so packing A and
 * B would cost about as much as the multiply; one sample's projections (64 x 384 x 128) measured 111
 * GFLOP/s here against 98-100 for the engine GEMM, whose tiles spill through scratch. Tiles are 16 vector
 * accumulators: 4 rows by 4 vectors for wide C (the {@code Tq x Tv} scores, the projections), 8 rows by
 * 2 vectors for C two vectors wide (the {@code Tq x valueDim} head outputs), 4 rows by 1 vector for a
 * last vector column; leftover rows take one-row loops, and columns past the last whole vector a scalar
 * loop. Every element, whichever path computes it, is one chain of FMAs from zero in {@code p} order, so
 * its bits do not depend on {@code m}, {@code n} or where the element sits: the attention layer relies
 * on it to project self-attention's query, key and value in one product in inference and in three in
 * training with the same numbers.
 *
 * <p>{@link #softmaxRows} is one pass for the mask and the maximum, one for the exponential and the
 * sum, one for the scaling. The exponential is the Cephes {@code expf} reduction and polynomial of the
 * engine's {@code VectorMath} (within 2 ulps), written inline because C2 boxes vectors that cross a
 * method call it did not inline, and trimmed to what a softmax needs: its argument {@code s - max} is
 * never positive, so there is no overflow, and results that would be denormal (below {@code 1.2e-38})
 * are 0, so {@code 2^n} is one normal float. Keeping that loop's vector graph small matters on JDK 17:
 * with the full two-factor scaling inline, in about half of the JVM runs C2 left some vector operations
 * of the compiled loop as boxed calls and the softmax took 2-8x as long (thread CPU time per 32-sample
 * batch of the benchmark model: 0.55 ms vs 1.3-4.5 ms); trimmed, six runs in a row measured
 * 0.49-0.51 ms. (Bit views through a byte array, also tried, do not link on JDK 21+, where the Vector API
 * dropped {@code fromByteArray}.)
 */
final class VectorAttentionKernels extends AttentionKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length();

    /** Below this, exp is a denormal (e^-87.33 = 2^-126, the smallest normal float). */
    private static final float EXP_MIN_NORMAL = -87.33654475f;

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void product(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float[] c, int cOff, int ldc) {
        int j = 0;
        for (; j + 4 * VL <= n; j += 4 * VL) {
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                tile4x4(k, a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
            }
            for (; i < m; i++) {
                row4(k, a, aOff + i * lda, b, bOff + j, ldb, c, cOff + i * ldc + j);
            }
        }
        for (; j + 2 * VL <= n; j += 2 * VL) {
            int i = 0;
            for (; i + 8 <= m; i += 8) {
                tile8x2(k, a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
            }
            for (; i < m; i++) {
                row2(k, a, aOff + i * lda, b, bOff + j, ldb, c, cOff + i * ldc + j);
            }
        }
        for (; j + VL <= n; j += VL) {
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                tile4x1(k, a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
            }
            for (; i < m; i++) {
                row1(k, a, aOff + i * lda, b, bOff + j, ldb, c, cOff + i * ldc + j);
            }
        }
        for (; j < n; j++) {
            for (int i = 0; i < m; i++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(a[aOff + i * lda + p], b[bOff + p * ldb + j], acc);
                }
                c[cOff + i * ldc + j] = acc;
            }
        }
    }

    /** Rows {@code 0..3} by columns {@code 0..4*VL-1} of C from A rows at {@code ai} and B columns at {@code bi}. */
    private static void tile4x4(int k, float[] a, int ai, int lda, float[] b, int bi, int ldb, float[] c, int ci,
            int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S),
                c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S),
                c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S),
                c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S),
                c33 = FloatVector.zero(S);
        int a1 = ai + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        for (int p = 0; p < k; p++) {
            int bp = bi + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + VL);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * VL);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * VL);
            FloatVector av = FloatVector.broadcast(S, a[ai + p]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            c02 = av.fma(b2, c02);
            c03 = av.fma(b3, c03);
            av = FloatVector.broadcast(S, a[a1 + p]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            c12 = av.fma(b2, c12);
            c13 = av.fma(b3, c13);
            av = FloatVector.broadcast(S, a[a2 + p]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            c22 = av.fma(b2, c22);
            c23 = av.fma(b3, c23);
            av = FloatVector.broadcast(S, a[a3 + p]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            c32 = av.fma(b2, c32);
            c33 = av.fma(b3, c33);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + VL);
        c02.intoArray(c, ci + 2 * VL);
        c03.intoArray(c, ci + 3 * VL);
        ci += ldc;
        c10.intoArray(c, ci);
        c11.intoArray(c, ci + VL);
        c12.intoArray(c, ci + 2 * VL);
        c13.intoArray(c, ci + 3 * VL);
        ci += ldc;
        c20.intoArray(c, ci);
        c21.intoArray(c, ci + VL);
        c22.intoArray(c, ci + 2 * VL);
        c23.intoArray(c, ci + 3 * VL);
        ci += ldc;
        c30.intoArray(c, ci);
        c31.intoArray(c, ci + VL);
        c32.intoArray(c, ci + 2 * VL);
        c33.intoArray(c, ci + 3 * VL);
    }

    /** Rows {@code 0..7} by columns {@code 0..2*VL-1} of C. */
    private static void tile8x2(int k, float[] a, int ai, int lda, float[] b, int bi, int ldb, float[] c, int ci,
            int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int bp = bi + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + VL);
            int ap = ai + p;
            FloatVector av = FloatVector.broadcast(S, a[ap]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[ap + lda]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[ap + 2 * lda]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[ap + 3 * lda]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[ap + 4 * lda]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[ap + 5 * lda]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(S, a[ap + 6 * lda]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(S, a[ap + 7 * lda]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + VL);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + VL);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + VL);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + VL);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + VL);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + VL);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + VL);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + VL);
    }

    /** Rows {@code 0..3} by one vector of C: four independent chains hide the FMA latency. */
    private static void tile4x1(int k, float[] a, int ai, int lda, float[] b, int bi, int ldb, float[] c, int ci,
            int ldc) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S),
                c3 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(S, b, bi + p * ldb);
            int ap = ai + p;
            c0 = FloatVector.broadcast(S, a[ap]).fma(bv, c0);
            c1 = FloatVector.broadcast(S, a[ap + lda]).fma(bv, c1);
            c2 = FloatVector.broadcast(S, a[ap + 2 * lda]).fma(bv, c2);
            c3 = FloatVector.broadcast(S, a[ap + 3 * lda]).fma(bv, c3);
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + ldc);
        c2.intoArray(c, ci + 2 * ldc);
        c3.intoArray(c, ci + 3 * ldc);
    }

    /** One row by four vectors of C (the rows left below a whole 4-row tile). */
    private static void row4(int k, float[] a, int ai, float[] b, int bi, int ldb, float[] c, int ci) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S),
                c3 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int bp = bi + p * ldb;
            FloatVector av = FloatVector.broadcast(S, a[ai + p]);
            c0 = av.fma(FloatVector.fromArray(S, b, bp), c0);
            c1 = av.fma(FloatVector.fromArray(S, b, bp + VL), c1);
            c2 = av.fma(FloatVector.fromArray(S, b, bp + 2 * VL), c2);
            c3 = av.fma(FloatVector.fromArray(S, b, bp + 3 * VL), c3);
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + VL);
        c2.intoArray(c, ci + 2 * VL);
        c3.intoArray(c, ci + 3 * VL);
    }

    /** One row by two vectors of C. */
    private static void row2(int k, float[] a, int ai, float[] b, int bi, int ldb, float[] c, int ci) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int bp = bi + p * ldb;
            FloatVector av = FloatVector.broadcast(S, a[ai + p]);
            c0 = av.fma(FloatVector.fromArray(S, b, bp), c0);
            c1 = av.fma(FloatVector.fromArray(S, b, bp + VL), c1);
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + VL);
    }

    /** One row by one vector of C: one chain (latency-bound; only the last one to three rows). */
    private static void row1(int k, float[] a, int ai, float[] b, int bi, int ldb, float[] c, int ci) {
        FloatVector acc = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            acc = FloatVector.broadcast(S, a[ai + p]).fma(FloatVector.fromArray(S, b, bi + p * ldb), acc);
        }
        acc.intoArray(c, ci);
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] s, int sOff, int lds, float[] allowed, int mOff, int ldm,
            float maskAdder) {
        float[] lanes = LaneSums.scratch();
        for (int i = 0; i < rows; i++) {
            softmaxRow(cols, s, sOff + i * lds, allowed, mOff + i * ldm, maskAdder, lanes);
        }
    }

    private static void softmaxRow(int n, float[] s, int off, float[] allowed, int mOff, float maskAdder,
            float[] lanes) {
        float max = maskAndMax(n, s, off, allowed, mOff, maskAdder);
        float inv = 1f / expAndSum(n, s, off, max, lanes);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += VL) {
            FloatVector.fromArray(S, s, off + j).mul(inv).intoArray(s, off + j);
        }
        for (; j < n; j++) {
            s[off + j] *= inv;
        }
    }

    /** Adds the mask to the row and returns its maximum. */
    private static float maskAndMax(int n, float[] s, int off, float[] allowed, int mOff, float maskAdder) {
        int bound = S.loopBound(n);
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int j = 0;
        for (; j < bound; j += VL) {
            FloatVector x = FloatVector.fromArray(S, s, off + j);
            if (allowed != null) {
                VectorMask<Float> masked = FloatVector.fromArray(S, allowed, mOff + j).compare(VectorOperators.EQ, 0f);
                x = x.add(FloatVector.broadcast(S, maskAdder), masked);
                x.intoArray(s, off + j);
            }
            vmax = vmax.max(x);
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; j < n; j++) {
            if (allowed != null && allowed[mOff + j] == 0) {
                s[off + j] += maskAdder;
            }
            max = Math.max(max, s[off + j]);
        }
        return max;
    }

    /**
     * Replaces the row by {@code exp(s - max)} and returns its sum. A method of its own, larger than C2's hot-inlining limit, so it is compiled
     * on its own node budget whatever calls it.
     */
    private static float expAndSum(int n, float[] s, int off, float max, float[] lanes) {
        int bound = S.loopBound(n);
        FloatVector vsum = FloatVector.zero(S);
        int j = 0;
        for (; j < bound; j += VL) {
            // x = s - max <= 0 (or NaN). Below EXP_MIN_NORMAL the true result is a denormal under
            // 1.2e-38: it becomes 0, which keeps 2^n one normal-float factor.
            FloatVector x = FloatVector.fromArray(S, s, off + j).sub(max);
            FloatVector xc = x.max(EXP_MIN_NORMAL);
            FloatVector t = xc.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND_MAGIC));
            IntVector ni = t.reinterpretAsInts();
            FloatVector nf = t.sub(ROUND_MAGIC);
            FloatVector r = nf.fma(FloatVector.broadcast(S, -LN2_HI), xc);
            r = nf.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = FloatVector.broadcast(S, E5);
            p = p.fma(r, FloatVector.broadcast(S, E4));
            p = p.fma(r, FloatVector.broadcast(S, E3));
            p = p.fma(r, FloatVector.broadcast(S, E2));
            p = p.fma(r, FloatVector.broadcast(S, E1));
            p = p.fma(r, FloatVector.broadcast(S, E0));
            FloatVector e = p.fma(r.mul(r), r).add(1f);
            // 2^n: n + 127 in the exponent field (n = bits(t) - bits(ROUND_MAGIC)).
            FloatVector scale = ni.sub(ROUND_MAGIC_BITS - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector y = e.mul(scale).blend(0f, x.compare(VectorOperators.LT, EXP_MIN_NORMAL));
            y.intoArray(s, off + j);
            vsum = vsum.add(y);
        }
        vsum.intoArray(lanes, 0);
        float sum = LaneSums.sum(lanes, 0);
        for (; j < n; j++) {
            float e = (float) Math.exp(s[off + j] - max);
            s[off + j] = e;
            sum += e;
        }
        return sum;
    }
}
