package dev.engram.internal.conv;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ConvTiles} on the Vector API with the platform's widest vectors. The forward and kernel
 * gradient products keep eight rows (or eight kernel columns) of one filter vector in registers and
 * stream the other operand, one broadcast and one FMA per multiply-add vector: a column matrix of
 * 25 columns and a kernel of 8 filters make a GEMM far too narrow for the engine's packed
 * 6 x 2-vector kernel, but fill these tiles. The column gradient runs along the kernel columns.
 */
final class VectorConvTiles implements ConvTiles {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows (forward) or kernel columns (kernel gradient) held in registers at once. */
    private static final int R = 8;

    @Override
    public int paddedWidth(int filters) {
        return (filters + L - 1) / L * L;
    }

    // Each tile is its own small method: one method holding all the loops exceeds C2's inlining node
    // budget and the vectors get boxed (measured here and in the engine GEMM's micro-kernel).

    @Override
    public void forward(int row0, int rows, int k, float[] a, int base, int[] starts, int[] off, float[] w, int fp,
            float[] bias, float[] z, int zOff, int ldz) {
        int end = row0 + rows;
        int r = row0;
        for (; r + R <= end; r += R) {
            for (int fb = 0; fb < fp; fb += L) {
                forwardTile(k, a, base, starts, r, off, w, fp, fb, bias, z, zOff + (r - row0) * ldz + fb, ldz);
            }
        }
        for (; r < end; r++) {
            for (int fb = 0; fb < fp; fb += L) {
                forwardRow(k, a, base + starts[r], off, w, fp, fb, bias, z, zOff + (r - row0) * ldz + fb);
            }
        }
    }

    /** Rows {@code r..r+7} times filter vector {@code fb}, stored at {@code o} (stride fp). */
    private static void forwardTile(int k, float[] a, int base, int[] starts, int r, int[] off, float[] w, int fp,
            int fb, float[] bias, float[] z, int o, int ldz) {
        int s0 = base + starts[r];
        int s1 = base + starts[r + 1];
        int s2 = base + starts[r + 2];
        int s3 = base + starts[r + 3];
        int s4 = base + starts[r + 4];
        int s5 = base + starts[r + 5];
        int s6 = base + starts[r + 6];
        int s7 = base + starts[r + 7];
        FloatVector b = FloatVector.zero(S);
        FloatVector a0 = b;
        FloatVector a1 = b;
        FloatVector a2 = b;
        FloatVector a3 = b;
        FloatVector a4 = b;
        FloatVector a5 = b;
        FloatVector a6 = b;
        FloatVector a7 = b;
        for (int q = 0; q < k; q++) {
            FloatVector wv = FloatVector.fromArray(S, w, q * fp + fb);
            int i = off[q];
            a0 = FloatVector.broadcast(S, a[s0 + i]).fma(wv, a0);
            a1 = FloatVector.broadcast(S, a[s1 + i]).fma(wv, a1);
            a2 = FloatVector.broadcast(S, a[s2 + i]).fma(wv, a2);
            a3 = FloatVector.broadcast(S, a[s3 + i]).fma(wv, a3);
            a4 = FloatVector.broadcast(S, a[s4 + i]).fma(wv, a4);
            a5 = FloatVector.broadcast(S, a[s5 + i]).fma(wv, a5);
            a6 = FloatVector.broadcast(S, a[s6 + i]).fma(wv, a6);
            a7 = FloatVector.broadcast(S, a[s7 + i]).fma(wv, a7);
        }
        // The bias after the sum, as TF.js adds it after its convolution; rows stored in order (see forward).
        FloatVector bv = FloatVector.fromArray(S, bias, fb);
        a0.add(bv).intoArray(z, o);
        a1.add(bv).intoArray(z, o + ldz);
        a2.add(bv).intoArray(z, o + 2 * ldz);
        a3.add(bv).intoArray(z, o + 3 * ldz);
        a4.add(bv).intoArray(z, o + 4 * ldz);
        a5.add(bv).intoArray(z, o + 5 * ldz);
        a6.add(bv).intoArray(z, o + 6 * ldz);
        a7.add(bv).intoArray(z, o + 7 * ldz);
    }

    private static void forwardRow(int k, float[] a, int start, int[] off, float[] w, int fp, int fb, float[] bias,
            float[] z, int o) {
        FloatVector acc = FloatVector.zero(S);
        for (int q = 0; q < k; q++) {
            acc = FloatVector.broadcast(S, a[start + off[q]]).fma(FloatVector.fromArray(S, w, q * fp + fb), acc);
        }
        acc.add(FloatVector.fromArray(S, bias, fb)).intoArray(z, o);
    }

    @Override
    public void kernelGrad(int rows, int k, float[] a, int base, int[] starts, int[] off, float[] dz, int dzOff, int fp,
            float[] dw) {
        int q = 0;
        for (; q + R <= k; q += R) {
            for (int fb = 0; fb < fp; fb += L) {
                gradTile(rows, a, base, starts, off, q, dz, dzOff + fb, fp, dw, q * fp + fb);
            }
        }
        for (; q < k; q++) {
            for (int fb = 0; fb < fp; fb += L) {
                gradColumn(rows, a, base + off[q], starts, dz, dzOff + fb, fp, dw, q * fp + fb);
            }
        }
    }

    /** Kernel rows {@code q..q+7}, filter vector at {@code o}: the sum over rows of col[r, q+j] * dz[r]. */
    private static void gradTile(int rows, float[] a, int base, int[] starts, int[] off, int q, float[] dz, int d,
            int fp, float[] dw, int o) {
        int o0 = base + off[q];
        int o1 = base + off[q + 1];
        int o2 = base + off[q + 2];
        int o3 = base + off[q + 3];
        int o4 = base + off[q + 4];
        int o5 = base + off[q + 5];
        int o6 = base + off[q + 6];
        int o7 = base + off[q + 7];
        FloatVector a0 = FloatVector.fromArray(S, dw, o);
        FloatVector a1 = FloatVector.fromArray(S, dw, o + fp);
        FloatVector a2 = FloatVector.fromArray(S, dw, o + 2 * fp);
        FloatVector a3 = FloatVector.fromArray(S, dw, o + 3 * fp);
        FloatVector a4 = FloatVector.fromArray(S, dw, o + 4 * fp);
        FloatVector a5 = FloatVector.fromArray(S, dw, o + 5 * fp);
        FloatVector a6 = FloatVector.fromArray(S, dw, o + 6 * fp);
        FloatVector a7 = FloatVector.fromArray(S, dw, o + 7 * fp);
        for (int r = 0; r < rows; r++) {
            FloatVector dv = FloatVector.fromArray(S, dz, d + r * fp);
            int i = starts[r];
            a0 = FloatVector.broadcast(S, a[i + o0]).fma(dv, a0);
            a1 = FloatVector.broadcast(S, a[i + o1]).fma(dv, a1);
            a2 = FloatVector.broadcast(S, a[i + o2]).fma(dv, a2);
            a3 = FloatVector.broadcast(S, a[i + o3]).fma(dv, a3);
            a4 = FloatVector.broadcast(S, a[i + o4]).fma(dv, a4);
            a5 = FloatVector.broadcast(S, a[i + o5]).fma(dv, a5);
            a6 = FloatVector.broadcast(S, a[i + o6]).fma(dv, a6);
            a7 = FloatVector.broadcast(S, a[i + o7]).fma(dv, a7);
        }
        a0.intoArray(dw, o);
        a1.intoArray(dw, o + fp);
        a2.intoArray(dw, o + 2 * fp);
        a3.intoArray(dw, o + 3 * fp);
        a4.intoArray(dw, o + 4 * fp);
        a5.intoArray(dw, o + 5 * fp);
        a6.intoArray(dw, o + 6 * fp);
        a7.intoArray(dw, o + 7 * fp);
    }

    /**
     * One kernel row (a column left over by the 8-column tiles: the 25th tap of a 5x5 grey kernel).
     * Four accumulators over alternating rows: with one, each FMA waited for the previous (4 cycles),
     * and this single column cost as much as a whole 8-column tile.
     */
    private static void gradColumn(int rows, float[] a, int oq, int[] starts, float[] dz, int d, int fp, float[] dw,
            int o) {
        FloatVector acc0 = FloatVector.fromArray(S, dw, o);
        FloatVector acc1 = FloatVector.zero(S);
        FloatVector acc2 = acc1;
        FloatVector acc3 = acc1;
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int dr = d + r * fp;
            acc0 = FloatVector.broadcast(S, a[starts[r] + oq]).fma(FloatVector.fromArray(S, dz, dr), acc0);
            acc1 = FloatVector.broadcast(S, a[starts[r + 1] + oq]).fma(FloatVector.fromArray(S, dz, dr + fp), acc1);
            acc2 = FloatVector.broadcast(S, a[starts[r + 2] + oq]).fma(FloatVector.fromArray(S, dz, dr + 2 * fp), acc2);
            acc3 = FloatVector.broadcast(S, a[starts[r + 3] + oq]).fma(FloatVector.fromArray(S, dz, dr + 3 * fp), acc3);
        }
        for (; r < rows; r++) {
            acc0 = FloatVector.broadcast(S, a[starts[r] + oq]).fma(FloatVector.fromArray(S, dz, d + r * fp), acc0);
        }
        acc0.add(acc1).add(acc2.add(acc3)).intoArray(dw, o);
    }

    @Override
    public void biasGrad(int rows, float[] dz, int dzOff, int fp, float[] db, int dbOff) {
        for (int fb = 0; fb < fp; fb += L) {
            FloatVector acc = FloatVector.fromArray(S, db, dbOff + fb);
            for (int r = 0; r < rows; r++) {
                acc = acc.add(FloatVector.fromArray(S, dz, dzOff + r * fp + fb));
            }
            acc.intoArray(db, dbOff + fb);
        }
    }

    @Override
    public void columnGrad(int rows, int k, float[] dz, int dzOff, int ldz, int filters, float[] wT, float[] dCol) {
        int kp = paddedWidth(k);
        for (int r = 0; r < rows; r++) {
            int d = dzOff + r * ldz;
            int qb = 0;
            // Four vectors of columns at a time, then one: each dz value is broadcast once per block.
            for (; qb + 4 * L <= kp; qb += 4 * L) {
                columnBlock4(dz, d, filters, wT, kp, qb, dCol, r * k + qb);
            }
            for (; qb < kp; qb += L) {
                columnBlock(dz, d, filters, wT, kp, qb, dCol, r * k + qb);
            }
        }
    }

    private static void columnBlock4(float[] dz, int d, int filters, float[] wT, int kp, int qb, float[] dCol, int o) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int f = 0; f < filters; f++) {
            FloatVector dv = FloatVector.broadcast(S, dz[d + f]);
            int w = f * kp + qb;
            a0 = dv.fma(FloatVector.fromArray(S, wT, w), a0);
            a1 = dv.fma(FloatVector.fromArray(S, wT, w + L), a1);
            a2 = dv.fma(FloatVector.fromArray(S, wT, w + 2 * L), a2);
            a3 = dv.fma(FloatVector.fromArray(S, wT, w + 3 * L), a3);
        }
        a0.intoArray(dCol, o);
        a1.intoArray(dCol, o + L);
        a2.intoArray(dCol, o + 2 * L);
        a3.intoArray(dCol, o + 3 * L);
    }

    private static void columnBlock(float[] dz, int d, int filters, float[] wT, int kp, int qb, float[] dCol, int o) {
        FloatVector a = FloatVector.zero(S);
        for (int f = 0; f < filters; f++) {
            a = FloatVector.broadcast(S, dz[d + f]).fma(FloatVector.fromArray(S, wT, f * kp + qb), a);
        }
        a.intoArray(dCol, o);
    }

    @Override
    public void addColumns(int rows, int k, float[] dCol, int[] starts, int[] off, int[] runs, float[] dx, int base) {
        for (int r = 0; r < rows; r++) {
            int src = r * k;
            int dst = base + starts[r];
            for (int u = 0; u < runs.length; u += 2) {
                int s = src + runs[u];
                int d = dst + off[runs[u]];
                int len = runs[u + 1];
                int t = 0;
                for (; t + L <= len; t += L) {
                    FloatVector.fromArray(S, dx, d + t).add(FloatVector.fromArray(S, dCol, s + t)).intoArray(dx, d + t);
                }
                for (; t < len; t++) {
                    dx[d + t] += dCol[s + t];
                }
            }
        }
    }

    // Two pixels per vector for 8-filter one-channel convolutions: VectorPairTiles.

    @Override
    public int pairWidth(int filters) {
        return VectorPairTiles.pairWidth(filters);
    }

    @Override
    public void pairInput(float[] x, int from, int n, float[] x2) {
        VectorPairTiles.pairInput(x, from, n, x2);
    }

    @Override
    public void forwardPairs(int rows, int k, float[] x2, int[] starts, int[] off, float[] w2, float[] b2, float[] z,
            int zOff) {
        VectorPairTiles.forwardPairs(rows, k, x2, starts, off, w2, b2, z, zOff);
    }

    @Override
    public void kernelGradPairs(int rows, int k, float[] x2, int[] starts, int[] off, float[] dz, int dzOff, int fp,
            float[] dw, float[] fold) {
        VectorPairTiles.kernelGradPairs(rows, k, x2, starts, off, dz, dzOff, fp, dw, fold);
    }
}
