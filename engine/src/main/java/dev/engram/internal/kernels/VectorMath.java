package dev.engram.internal.kernels;

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

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code exp}, {@code tanh} and {@code sigmoid} over arrays, as float polynomials on vectors.
 *
 * <p>Why not {@code VectorOperators.EXP/TANH}: on the JDK 17 builds we run, they are not intrinsified
 * by default and fall back to a per-lane {@code Math} call (~50 ns per element for TANH, slower than a
 * scalar loop). These versions use only FMA, compare/blend and integer shifts.
 *
 * <p><b>Why each method repeats the exponential instead of calling a vector helper.</b> C2 stops
 * inlining ordinary methods once the graph it is parsing passes a fixed node count (the develop
 * flag {@code NodeCountInliningCutoff}, 18 000); Vector API code is node-hungry, so a second
 * polynomial helper in one compilation, or one helper inlined into a large caller such as a
 * recurrent kernel, is left as a real call, and every vector crossing that call is boxed: 3-6 KB of
 * garbage and 3-5 ns per element instead of 0.7 (measured with {@code KernelAllocationProbe} in the
 * benchmarks module, JDK 17 and 25 alike). So vectors never cross our own method boundaries: each
 * method here takes arrays and carries its polynomial inline, which also makes it larger than
 * C2's hot-inlining limit ({@code FreqInlineSize}, 325 bytecodes), so it is always compiled on its
 * own, with a fresh node budget, whatever calls it.
 *
 * <p>Accuracy (checked against {@code Math.exp/tanh} in double by {@code TranscendentalAccuracyTest}
 * over a wide range): {@code exp} within 2 ulps for normal results (denormal results lose relative
 * precision but stay within a few 1e-45 absolute); {@code tanh} within 2 ulps; {@code sigmoid}
 * within 3 ulps or 1e-38 absolute. NaN propagates; {@code exp(+large) = +inf},
 * {@code exp(-large) = +0}, {@code tanh(±large) = ±1}, {@code tanh(-0) = -0}. Tails shorter than a
 * vector use {@code Math} in double.
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length();

    /** exp overflows float above this. */
    private static final float EXP_HI = 88.72283935546875f;
    /** exp rounds to +0 below this (e^-104 is under half the smallest denormal). */
    private static final float EXP_LO = -104f;
    private static final int SIGN_BIT = 0x80000000;

    private VectorMath() {
    }

    /** {@code y[i] = exp(x[i])}; y may alias x. */
    static void exp(int n, float[] xs, int xOff, float[] ys, int yOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += VL) {
            FloatVector x = FloatVector.fromArray(S, xs, xOff + i);
            // Clamp so that the scale exponent stays representable; NaN passes through min/max.
            FloatVector xc = x.max(EXP_LO).min(EXP_HI);
            // n = round(x / ln2) by the magic-number trick; r = x - n ln2 in [-ln2/2, ln2/2].
            FloatVector t = xc.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND_MAGIC));
            IntVector ni = t.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
            FloatVector nf = t.sub(ROUND_MAGIC);
            FloatVector r = nf.fma(FloatVector.broadcast(S, -LN2_HI), xc);
            r = nf.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = FloatVector.broadcast(S, E5);
            p = p.fma(r, FloatVector.broadcast(S, E4));
            p = p.fma(r, FloatVector.broadcast(S, E3));
            p = p.fma(r, FloatVector.broadcast(S, E2));
            p = p.fma(r, FloatVector.broadcast(S, E1));
            p = p.fma(r, FloatVector.broadcast(S, E0));
            FloatVector e = p.mul(r.mul(r)).add(r).add(FloatVector.broadcast(S, 1f));
            // 2^n as two factors 2^(n/2) * 2^(n - n/2): each stays a normal float even when the result
            // is denormal (n down to -150) or near overflow (n up to 128).
            IntVector h = ni.lanewise(VectorOperators.ASHR, 1);
            FloatVector s1 = h.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = ni.sub(h).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector y = e.mul(s1).mul(s2);
            // The clamp turned +inf into exp(EXP_HI) < inf; restore overflow (NaN compares false).
            y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_HI)).intoArray(ys, yOff + i);
        }
        for (; i < n; i++) {
            ys[yOff + i] = (float) Math.exp(xs[xOff + i]);
        }
    }

    /**
     * {@code y[i] = tanh(x[i])}; y may alias x. {@code (1 - e) / (1 + e)} with {@code e = exp(-2|x|)}
     * for {@code |x| >= 0.625}, an odd polynomial below (free of that form's cancellation), and the
     * sign of x copied bit-wise (so {@code tanh(-0) = -0} and NaN stays NaN).
     */
    static void tanh(int n, float[] xs, int xOff, float[] ys, int yOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += VL) {
            FloatVector x = FloatVector.fromArray(S, xs, xOff + i);
            FloatVector ax = x.abs();
            // |x| capped at 9, where tanh is 1 - 3e-8 (within one float ulp of 1); then e^a is a
            // normal float and one scale factor suffices (the exponential of exp(), range-reduced).
            FloatVector a = ax.min(9f).mul(-2f);
            FloatVector t = a.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND_MAGIC));
            IntVector ni = t.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
            FloatVector nf = t.sub(ROUND_MAGIC);
            FloatVector r = nf.fma(FloatVector.broadcast(S, -LN2_HI), a);
            r = nf.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = FloatVector.broadcast(S, E5);
            p = p.fma(r, FloatVector.broadcast(S, E4));
            p = p.fma(r, FloatVector.broadcast(S, E3));
            p = p.fma(r, FloatVector.broadcast(S, E2));
            p = p.fma(r, FloatVector.broadcast(S, E1));
            p = p.fma(r, FloatVector.broadcast(S, E0));
            FloatVector scale = ni.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector e = p.mul(r.mul(r)).add(r).add(FloatVector.broadcast(S, 1f)).mul(scale);
            FloatVector big = FloatVector.broadcast(S, 1f).sub(e).div(e.add(FloatVector.broadcast(S, 1f)));
            // Small branch (|x| < 0.625): odd Cephes tanhf polynomial in |x|.
            FloatVector z = ax.mul(ax);
            FloatVector q = FloatVector.broadcast(S, -5.70498872745e-3f);
            q = q.fma(z, FloatVector.broadcast(S, 2.06390887954e-2f));
            q = q.fma(z, FloatVector.broadcast(S, -5.37397155531e-2f));
            q = q.fma(z, FloatVector.broadcast(S, 1.33314422036e-1f));
            q = q.fma(z, FloatVector.broadcast(S, -3.33332819422e-1f));
            FloatVector small = q.mul(z).fma(ax, ax);
            // NaN takes the big branch, where min() propagates it (Math.min semantics).
            FloatVector magnitude = big.blend(small, ax.compare(VectorOperators.LT, 0.625f));
            IntVector sign = x.reinterpretAsInts().and(SIGN_BIT);
            magnitude.reinterpretAsInts().or(sign).reinterpretAsFloats().intoArray(ys, yOff + i);
        }
        for (; i < n; i++) {
            ys[yOff + i] = (float) Math.tanh(xs[xOff + i]);
        }
    }

    /** {@code y[i] = 1 / (1 + exp(-x[i]))}; y may alias x. Saturates to 0 and 1 for large |x| without NaN. */
    static void sigmoid(int n, float[] xs, int xOff, float[] ys, int yOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += VL) {
            FloatVector x = FloatVector.fromArray(S, xs, xOff + i);
            // e = exp(-|x|) is in (0, 1]: no overflow, and for x < 0 the form e / (1 + e) keeps the
            // tiny results relatively accurate instead of 1 / (1 + huge). exp() as above, from -104.
            FloatVector xc = x.abs().neg().max(EXP_LO);
            FloatVector t = xc.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND_MAGIC));
            IntVector ni = t.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
            FloatVector nf = t.sub(ROUND_MAGIC);
            FloatVector r = nf.fma(FloatVector.broadcast(S, -LN2_HI), xc);
            r = nf.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = FloatVector.broadcast(S, E5);
            p = p.fma(r, FloatVector.broadcast(S, E4));
            p = p.fma(r, FloatVector.broadcast(S, E3));
            p = p.fma(r, FloatVector.broadcast(S, E2));
            p = p.fma(r, FloatVector.broadcast(S, E1));
            p = p.fma(r, FloatVector.broadcast(S, E0));
            FloatVector e = p.mul(r.mul(r)).add(r).add(FloatVector.broadcast(S, 1f));
            IntVector h = ni.lanewise(VectorOperators.ASHR, 1);
            FloatVector s1 = h.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = ni.sub(h).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            e = e.mul(s1).mul(s2);
            // One division (the costliest instruction here): 1 / (1 + e) for x >= 0, e times it for x < 0.
            FloatVector pos = FloatVector.broadcast(S, 1f).div(e.add(FloatVector.broadcast(S, 1f)));
            pos.blend(e.mul(pos), x.compare(VectorOperators.LT, 0f)).intoArray(ys, yOff + i);
        }
        for (; i < n; i++) {
            ys[yOff + i] = (float) (1.0 / (1.0 + Math.exp(-xs[xOff + i])));
        }
    }
}
