package dev.engram.internal.conv;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The paired-pixel tiles of {@link VectorConvTiles}: when a one-channel convolution's filters fill half a
 * vector (8 filters, 16 lanes), two neighbouring output pixels share each vector (the input broadcast into
 * the lower and upper halves), so the tiles run on full vectors. A narrower vector species would do the same
 * work with half-width loads, but only the widest species may appear in the engine (a second one makes the
 * Vector API's shared call sites polymorphic and slow). Each tile is its own small method, as in
 * {@link VectorConvTiles}.
 */
final class VectorPairTiles {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Pairs (forward) or kernel columns (kernel gradient) held in registers at once. */
    private static final int R = 8;
    /** The upper half of the lanes: a paired input's right neighbour. */
    private static final VectorMask<Float> HIGH = VectorMask.fromLong(S, ((1L << L) - 1) & ~((1L << (L / 2)) - 1));

    private VectorPairTiles() {
    }

    static int pairWidth(int filters) {
        return 2 * filters == L ? L : 0;
    }

    static void pairInput(float[] x, int from, int n, float[] x2) {
        for (int i = 0; i < n; i++) {
            float right = i + 1 < n ? x[from + i + 1] : 0f;
            FloatVector.broadcast(S, x[from + i]).blend(FloatVector.broadcast(S, right), HIGH).intoArray(x2, i * L);
        }
    }

    static void forwardPairs(int rows, int k, float[] x2, int[] starts, int[] off, float[] w2, float[] b2, float[] z,
            int zOff) {
        int r = 0;
        for (; r + 2 * R <= rows; r += 2 * R) {
            forwardPairTile(k, x2, starts, r, off, w2, b2, z, zOff + r * (L / 2));
        }
        for (; r < rows; r += 2) {
            FloatVector acc = FloatVector.zero(S);
            for (int q = 0; q < k; q++) {
                acc = FloatVector.fromArray(S, x2, (starts[r] + off[q]) * L).fma(FloatVector.fromArray(S, w2, q * L), acc);
            }
            acc.add(FloatVector.fromArray(S, b2, 0)).intoArray(z, zOff + r * (L / 2));
        }
    }

    /** Rows {@code r..r+15} as eight pairs: one load and one FMA per pair and tap. */
    private static void forwardPairTile(int k, float[] x2, int[] starts, int r, int[] off, float[] w2, float[] b2,
            float[] z, int o) {
        int s0 = starts[r] * L;
        int s1 = starts[r + 2] * L;
        int s2 = starts[r + 4] * L;
        int s3 = starts[r + 6] * L;
        int s4 = starts[r + 8] * L;
        int s5 = starts[r + 10] * L;
        int s6 = starts[r + 12] * L;
        int s7 = starts[r + 14] * L;
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
            FloatVector wv = FloatVector.fromArray(S, w2, q * L);
            int i = off[q] * L;
            a0 = FloatVector.fromArray(S, x2, s0 + i).fma(wv, a0);
            a1 = FloatVector.fromArray(S, x2, s1 + i).fma(wv, a1);
            a2 = FloatVector.fromArray(S, x2, s2 + i).fma(wv, a2);
            a3 = FloatVector.fromArray(S, x2, s3 + i).fma(wv, a3);
            a4 = FloatVector.fromArray(S, x2, s4 + i).fma(wv, a4);
            a5 = FloatVector.fromArray(S, x2, s5 + i).fma(wv, a5);
            a6 = FloatVector.fromArray(S, x2, s6 + i).fma(wv, a6);
            a7 = FloatVector.fromArray(S, x2, s7 + i).fma(wv, a7);
        }
        FloatVector bv = FloatVector.fromArray(S, b2, 0);
        a0.add(bv).intoArray(z, o);
        a1.add(bv).intoArray(z, o + L);
        a2.add(bv).intoArray(z, o + 2 * L);
        a3.add(bv).intoArray(z, o + 3 * L);
        a4.add(bv).intoArray(z, o + 4 * L);
        a5.add(bv).intoArray(z, o + 5 * L);
        a6.add(bv).intoArray(z, o + 6 * L);
        a7.add(bv).intoArray(z, o + 7 * L);
    }

    static void kernelGradPairs(int rows, int k, float[] x2, int[] starts, int[] off, float[] dz, int dzOff, int fp,
            float[] dw, float[] fold) {
        int q = 0;
        for (; q + R <= k; q += R) {
            gradPairTile(rows, x2, starts, off, q, dz, dzOff, fold);
            foldPairs(fold, R, dw, q * fp, fp);
        }
        for (; q < k; q++) {
            gradPairColumn(rows, x2, starts, off[q] * L, dz, dzOff, fold);
            foldPairs(fold, 1, dw, q * fp, fp);
        }
    }

    /** {@code dw[o + j fp + f] += fold[j L + f] + fold[j L + L/2 + f]}: a pair's even and odd rows. */
    private static void foldPairs(float[] fold, int n, float[] dw, int o, int fp) {
        int h = L / 2;
        for (int j = 0; j < n; j++) {
            for (int f = 0; f < h; f++) {
                dw[o + j * fp + f] += fold[j * L + f] + fold[j * L + h + f];
            }
        }
    }

    /** Taps {@code q..q+7} over all pairs of rows: one dz load, then one load and one FMA per tap. */
    private static void gradPairTile(int rows, float[] x2, int[] starts, int[] off, int q, float[] dz, int d,
            float[] fold) {
        int o0 = off[q] * L;
        int o1 = off[q + 1] * L;
        int o2 = off[q + 2] * L;
        int o3 = off[q + 3] * L;
        int o4 = off[q + 4] * L;
        int o5 = off[q + 5] * L;
        int o6 = off[q + 6] * L;
        int o7 = off[q + 7] * L;
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        for (int r = 0; r < rows; r += 2) {
            FloatVector dv = FloatVector.fromArray(S, dz, d + r * (L / 2));
            int i = starts[r] * L;
            a0 = FloatVector.fromArray(S, x2, i + o0).fma(dv, a0);
            a1 = FloatVector.fromArray(S, x2, i + o1).fma(dv, a1);
            a2 = FloatVector.fromArray(S, x2, i + o2).fma(dv, a2);
            a3 = FloatVector.fromArray(S, x2, i + o3).fma(dv, a3);
            a4 = FloatVector.fromArray(S, x2, i + o4).fma(dv, a4);
            a5 = FloatVector.fromArray(S, x2, i + o5).fma(dv, a5);
            a6 = FloatVector.fromArray(S, x2, i + o6).fma(dv, a6);
            a7 = FloatVector.fromArray(S, x2, i + o7).fma(dv, a7);
        }
        a0.intoArray(fold, 0);
        a1.intoArray(fold, L);
        a2.intoArray(fold, 2 * L);
        a3.intoArray(fold, 3 * L);
        a4.intoArray(fold, 4 * L);
        a5.intoArray(fold, 5 * L);
        a6.intoArray(fold, 6 * L);
        a7.intoArray(fold, 7 * L);
    }

    /** One tap over all pairs of rows, in four accumulators (one would wait on each FMA). */
    private static void gradPairColumn(int rows, float[] x2, int[] starts, int oq, float[] dz, int d, float[] fold) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int h = L / 2;
        int r = 0;
        for (; r + 8 <= rows; r += 8) {
            int dr = d + r * h;
            a0 = FloatVector.fromArray(S, x2, starts[r] * L + oq).fma(FloatVector.fromArray(S, dz, dr), a0);
            a1 = FloatVector.fromArray(S, x2, starts[r + 2] * L + oq).fma(FloatVector.fromArray(S, dz, dr + L), a1);
            a2 = FloatVector.fromArray(S, x2, starts[r + 4] * L + oq).fma(FloatVector.fromArray(S, dz, dr + 2 * L), a2);
            a3 = FloatVector.fromArray(S, x2, starts[r + 6] * L + oq).fma(FloatVector.fromArray(S, dz, dr + 3 * L), a3);
        }
        for (; r < rows; r += 2) {
            a0 = FloatVector.fromArray(S, x2, starts[r] * L + oq).fma(FloatVector.fromArray(S, dz, d + r * h), a0);
        }
        a0.add(a1).add(a2.add(a3)).intoArray(fold, 0);
    }
}
