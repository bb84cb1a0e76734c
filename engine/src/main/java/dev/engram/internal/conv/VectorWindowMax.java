package dev.engram.internal.conv;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The channel-vector form of {@link WindowMax}'s per-cell maximum: one vector of channels per
 * window cell, a strict greater-than mask selecting the new maximum and the cell number it came
 * from (kept as floats in the same species, so no mask conversion is needed). Channel counts that
 * fill whole vectors run here. Only the widest species is used anywhere in the engine: a second
 * float species in the same JVM makes the Vector API's shared call sites polymorphic, and C2 then
 * stopped intrinsifying the convolution tiles' stores (measured: 40 to 5 GFLOP/s).
 */
final class VectorWindowMax {
    private static final VectorSpecies<Float> WIDE = FloatVector.SPECIES_PREFERRED;

    private static final int L = WIDE.length();
    /** The upper half of the lanes: the second output cell of a {@link #pair}. */
    private static final VectorMask<Float> HIGH = VectorMask.fromLong(WIDE, ((1L << L) - 1) & ~((1L << (L / 2)) - 1));

    private VectorWindowMax() {
    }

    /** True when two neighbouring output cells of {@code ch} channels fill one vector ({@link #pair}). */
    static boolean pairs(int ch) {
        return 2 * ch == L;
    }

    /**
     * Two output cells of {@code L / 2} channels each whose windows have the same shape (first cells
     * {@code a} and {@code b}), as one vector: each window cell's values for the first output come
     * from a load at {@code a + cell}, those for the second from a load ending at {@code b + cell +
     * L/2}, blended. The caller checks that both loads stay inside {@code x}. Results as in
     * {@link #cell}, for the 2 x L/2 outputs at {@code yi}.
     */
    static void pair(float[] x, int a, int b, int[] cells, int n, float[] y, int yi, float[] cellOf) {
        int back = L / 2;
        FloatVector best = FloatVector.fromArray(WIDE, x, a).blend(FloatVector.fromArray(WIDE, x, b - back), HIGH);
        FloatVector at = FloatVector.zero(WIDE);
        for (int t = 1; t < n; t++) {
            int c = cells[t];
            FloatVector v = FloatVector.fromArray(WIDE, x, a + c).blend(FloatVector.fromArray(WIDE, x, b + c - back),
                    HIGH);
            var gt = v.compare(VectorOperators.GT, best);
            best = best.blend(v, gt);
            at = at.blend((float) t, gt);
        }
        best.intoArray(y, yi);
        if (cellOf != null) {
            at.intoArray(cellOf, 0);
        }
    }

    /** The lanes this class uses for {@code ch} channels, or 0 when they do not fill whole vectors. */
    static int lanes(int ch) {
        return ch % WIDE.length() == 0 ? WIDE.length() : 0;
    }

    /**
     * Channels {@code [c, c + lanes)} of one output cell: the maximum into {@code y[yi + c...]} and,
     * when {@code cellOf} is not null, the winning cell number into it from index 0.
     */
    static void cell(float[] x, int first, int[] cells, int n, float[] y, int yi, float[] cellOf) {
        FloatVector best = FloatVector.fromArray(WIDE, x, first);
        FloatVector at = FloatVector.zero(WIDE);
        for (int t = 1; t < n; t++) {
            FloatVector v = FloatVector.fromArray(WIDE, x, first + cells[t]);
            var gt = v.compare(VectorOperators.GT, best);
            best = best.blend(v, gt);
            at = at.blend((float) t, gt);
        }
        best.intoArray(y, yi);
        if (cellOf != null) {
            at.intoArray(cellOf, 0);
        }
    }
}
