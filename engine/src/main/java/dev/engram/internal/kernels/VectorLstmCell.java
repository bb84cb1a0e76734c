package dev.engram.internal.kernels;

import dev.engram.layers.recurrent.LstmGate;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels#lstmCell} for vectors of 16 (AVX-512) or 8 units: the four gate blocks, then the
 * cell update and {@code h}, in one call per sample row (no per-block calls through the activations).
 *
 * <p><b>Why a rational tanh.</b> Profiled at W2's inference shape (batch 256, 64 units, one thread),
 * the gate math took 36% of the time with {@link VectorMath}'s exponential-based sigmoid and tanh
 * (about 30 and 45 vector operations per vector, near the core's throughput for that many), the
 * recurrent GEMM 55%. Here every gate is one odd rational function, fitted for this class:
 * {@code tanh(x) ~= x P(x^2) / Q(x^2)} on {@code [-9, 9]} (P of degree 5, Q of degree 4; relative
 * error 5e-9 in exact arithmetic, within 5 float ulps as evaluated here with FMA; |x| is capped at 9,
 * where tanh is within 1 ulp of 1; the result is clamped to [-1, 1]), about 16 operations and one
 * division; and
 * {@code sigmoid(x) = 0.5 tanh(x / 2) + 0.5}. The sigmoid is accurate in absolute terms, within
 * 1.5e-7 of the exact value over all floats (relative to its value, within 3 ulps for x >= 0; for
 * very negative x it is a small absolute error on a value near 0) — the scale at which a gate
 * multiplies the cell state. {@code LstmCellKernelTest} checks these bounds against double precision
 * over a dense sweep of both signs. Units past the last
 * whole vector use {@code Math} in double. NaN propagates (the caps keep it), {@code tanh(-0) = -0}.
 *
 * <p>Both functions are written out inline rather than as vector helpers: vectors must not cross
 * method boundaries C2 might leave un-inlined (see {@link VectorMath}).
 */
final class VectorLstmCell {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length();
    private static final int BLOCK_I = LstmGate.I.ordinal();
    private static final int BLOCK_F = LstmGate.F.ordinal();
    private static final int BLOCK_C = LstmGate.C.ordinal();
    private static final int BLOCK_O = LstmGate.O.ordinal();

    private static final int SIGN_BIT = 0x80000000;

    /** |x| cap of the rational tanh: tanh(9) is 1 - 3.05e-8, the float below 1. */
    static final float TANH_CAP = 9f;
    // tanh(x) ~= x * P(s) / Q(s), s = x^2: a weighted least-squares rational fit refined to near
    // minimax relative error on [0, 9] (Lawson iterations in double), coefficients rounded to float.
    static final float P1 = 1.370987465e-01f;
    static final float P2 = 3.905826387e-03f;
    static final float P3 = 2.876066405e-05f;
    static final float P4 = 3.237752415e-08f;
    static final float P5 = -1.351001859e-11f;
    static final float Q1 = 4.704320773e-01f;
    static final float Q2 = 2.738319068e-02f;
    static final float Q3 = 4.004635080e-04f;
    static final float Q4 = 1.339763565e-06f;

    private VectorLstmCell() {
    }

    /** See {@link Kernels#lstmCell}. */
    static void run(SigmoidGate gate, int u, int j0, int j1, float[] z, int zOff, float[] gates, float[] c,
            int cOff, float[] ac, int acOff, float[] h, int hOff) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int bound = j0 + S.loopBound(j1 - j0);
        if (gate.hard()) {
            hardGates(gate, u, j0, bound, z, zOff, gates);
        } else {
            logisticGates(u, j0, bound, z, zOff, gates);
        }
        // Pass 2: c' = f*c + i*g (rounded twice, as the element-wise path's scalar loop: no fused
        // multiply-add), tanh(c') and h = o * tanh(c').
        for (int j = j0; j < bound; j += VL) {
            FloatVector i = FloatVector.fromArray(S, gates, zOff + BLOCK_I * u + j);
            FloatVector f = FloatVector.fromArray(S, gates, zOff + BLOCK_F * u + j);
            FloatVector g = FloatVector.fromArray(S, gates, zOff + BLOCK_C * u + j);
            FloatVector cn = f.mul(FloatVector.fromArray(S, c, cOff + j)).add(i.mul(g));
            cn.intoArray(c, cOff + j);
            FloatVector v = cn.abs();
            v = v.blend(TANH_CAP, v.compare(VectorOperators.GT, TANH_CAP));
            FloatVector sq = v.mul(v);
            FloatVector p = sq.fma(P5, P4).fma(sq, FloatVector.broadcast(S, P3))
                    .fma(sq, FloatVector.broadcast(S, P2)).fma(sq, FloatVector.broadcast(S, P1)).fma(sq, one);
            FloatVector q = sq.fma(Q4, Q3).fma(sq, FloatVector.broadcast(S, Q2))
                    .fma(sq, FloatVector.broadcast(S, Q1)).fma(sq, one);
            FloatVector a = v.mul(p).div(q);
            a = a.blend(one, a.compare(VectorOperators.GT, 1f));
            a = a.reinterpretAsInts().or(cn.reinterpretAsInts().and(SIGN_BIT)).reinterpretAsFloats();
            a.intoArray(ac, acOff + j);
            FloatVector.fromArray(S, gates, zOff + BLOCK_O * u + j).mul(a).intoArray(h, hOff + j);
        }
        int j = bound;
        for (; j < j1; j++) {
            float i = gateTail(gate, z[zOff + BLOCK_I * u + j]);
            float f = gateTail(gate, z[zOff + BLOCK_F * u + j]);
            float g = (float) Math.tanh(z[zOff + BLOCK_C * u + j]);
            float o = gateTail(gate, z[zOff + BLOCK_O * u + j]);
            gates[zOff + BLOCK_I * u + j] = i;
            gates[zOff + BLOCK_F * u + j] = f;
            gates[zOff + BLOCK_C * u + j] = g;
            gates[zOff + BLOCK_O * u + j] = o;
            float cj = f * c[cOff + j] + i * g;
            c[cOff + j] = cj;
            float a = (float) Math.tanh(cj);
            ac[acOff + j] = a;
            h[hOff + j] = o * a;
        }
    }

    /**
     * Pass 1 with logistic gates: the sigmoid gates are 0.5 tanh(x / 2) + 0.5, the candidate tanh(x)
     * (offset -0: exactly tanh, signed zero kept). The four gates of a unit vector are evaluated side
     * by side in one iteration: four independent multiply-add chains and divisions the core overlaps
     * (measured 10-25% less time than one gate block after another at W2's 64 units). One pass per
     * unit vector that also chained the cell update measured 1.6x slower.
     */
    private static void logisticGates(int u, int j0, int bound, float[] z, int zOff, float[] gates) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int bi = zOff + BLOCK_I * u;
        int bf = zOff + BLOCK_F * u;
        int bc = zOff + BLOCK_C * u;
        int bo = zOff + BLOCK_O * u;
        for (int j = j0; j < bound; j += VL) {
            FloatVector xi = FloatVector.fromArray(S, z, bi + j).mul(0.5f);
            FloatVector xf = FloatVector.fromArray(S, z, bf + j).mul(0.5f);
            FloatVector xc = FloatVector.fromArray(S, z, bc + j);
            FloatVector xo = FloatVector.fromArray(S, z, bo + j).mul(0.5f);
            // On |x|, capped by compare-and-blend (Java's min/max semantics cost C2 a longer
            // sequence; a NaN compares false and passes through); the sign is put back bit-wise.
            FloatVector vi = xi.abs();
            FloatVector vf = xf.abs();
            FloatVector vc = xc.abs();
            FloatVector vo = xo.abs();
            vi = vi.blend(TANH_CAP, vi.compare(VectorOperators.GT, TANH_CAP));
            vf = vf.blend(TANH_CAP, vf.compare(VectorOperators.GT, TANH_CAP));
            vc = vc.blend(TANH_CAP, vc.compare(VectorOperators.GT, TANH_CAP));
            vo = vo.blend(TANH_CAP, vo.compare(VectorOperators.GT, TANH_CAP));
            FloatVector si = vi.mul(vi);
            FloatVector sf = vf.mul(vf);
            FloatVector sc = vc.mul(vc);
            FloatVector so = vo.mul(vo);
            FloatVector pti = si.fma(P5, P4).fma(si, FloatVector.broadcast(S, P3)).fma(si, FloatVector.broadcast(S, P2))
                    .fma(si, FloatVector.broadcast(S, P1)).fma(si, one);
            FloatVector qti = si.fma(Q4, Q3).fma(si, FloatVector.broadcast(S, Q2))
                    .fma(si, FloatVector.broadcast(S, Q1)).fma(si, one);
            FloatVector ti = vi.mul(pti).div(qti);
            FloatVector ptf = sf.fma(P5, P4).fma(sf, FloatVector.broadcast(S, P3)).fma(sf, FloatVector.broadcast(S, P2))
                    .fma(sf, FloatVector.broadcast(S, P1)).fma(sf, one);
            FloatVector qtf = sf.fma(Q4, Q3).fma(sf, FloatVector.broadcast(S, Q2))
                    .fma(sf, FloatVector.broadcast(S, Q1)).fma(sf, one);
            FloatVector tf = vf.mul(ptf).div(qtf);
            FloatVector ptc = sc.fma(P5, P4).fma(sc, FloatVector.broadcast(S, P3)).fma(sc, FloatVector.broadcast(S, P2))
                    .fma(sc, FloatVector.broadcast(S, P1)).fma(sc, one);
            FloatVector qtc = sc.fma(Q4, Q3).fma(sc, FloatVector.broadcast(S, Q2))
                    .fma(sc, FloatVector.broadcast(S, Q1)).fma(sc, one);
            FloatVector tc = vc.mul(ptc).div(qtc);
            FloatVector pto = so.fma(P5, P4).fma(so, FloatVector.broadcast(S, P3)).fma(so, FloatVector.broadcast(S, P2))
                    .fma(so, FloatVector.broadcast(S, P1)).fma(so, one);
            FloatVector qto = so.fma(Q4, Q3).fma(so, FloatVector.broadcast(S, Q2))
                    .fma(so, FloatVector.broadcast(S, Q1)).fma(so, one);
            FloatVector to = vo.mul(pto).div(qto);
            // The fit may overshoot 1 by an ulp near the cap.
            ti = ti.blend(one, ti.compare(VectorOperators.GT, 1f));
            tf = tf.blend(one, tf.compare(VectorOperators.GT, 1f));
            tc = tc.blend(one, tc.compare(VectorOperators.GT, 1f));
            to = to.blend(one, to.compare(VectorOperators.GT, 1f));
            ti = ti.reinterpretAsInts().or(xi.reinterpretAsInts().and(SIGN_BIT)).reinterpretAsFloats();
            tf = tf.reinterpretAsInts().or(xf.reinterpretAsInts().and(SIGN_BIT)).reinterpretAsFloats();
            tc = tc.reinterpretAsInts().or(xc.reinterpretAsInts().and(SIGN_BIT)).reinterpretAsFloats();
            to = to.reinterpretAsInts().or(xo.reinterpretAsInts().and(SIGN_BIT)).reinterpretAsFloats();
            ti.fma(0.5f, 0.5f).intoArray(gates, bi + j);
            tf.fma(0.5f, 0.5f).intoArray(gates, bf + j);
            tc.fma(1f, -0f).intoArray(gates, bc + j);
            to.fma(0.5f, 0.5f).intoArray(gates, bo + j);
        }
    }

    /** Pass 1 with hard-sigmoid gates, block by block: the gates clipped lines, the candidate tanh. */
    private static void hardGates(SigmoidGate gate, int u, int j0, int bound, float[] z, int zOff, float[] gates) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        float slope = gate.slope();
        float offset = gate.offset();
        for (int k = 0; k < 4; k++) {
            int base = zOff + k * u;
            if (k != BLOCK_C) {
                for (int j = j0; j < bound; j += VL) {
                    FloatVector.fromArray(S, z, base + j).mul(slope).add(offset).min(1f).max(0f)
                            .intoArray(gates, base + j);
                }
                continue;
            }
            for (int j = j0; j < bound; j += VL) {
                FloatVector x = FloatVector.fromArray(S, z, base + j);
                FloatVector v = x.abs();
                v = v.blend(TANH_CAP, v.compare(VectorOperators.GT, TANH_CAP));
                FloatVector sq = v.mul(v);
                FloatVector pt = sq.fma(P5, P4).fma(sq, FloatVector.broadcast(S, P3))
                        .fma(sq, FloatVector.broadcast(S, P2)).fma(sq, FloatVector.broadcast(S, P1)).fma(sq, one);
                FloatVector qt = sq.fma(Q4, Q3).fma(sq, FloatVector.broadcast(S, Q2))
                        .fma(sq, FloatVector.broadcast(S, Q1)).fma(sq, one);
                FloatVector t = v.mul(pt).div(qt);
                t = t.blend(one, t.compare(VectorOperators.GT, 1f));
                t = t.reinterpretAsInts().or(x.reinterpretAsInts().and(SIGN_BIT)).reinterpretAsFloats();
                t.fma(1f, -0f).intoArray(gates, base + j);
            }
        }
    }

    /** One gate value past the last whole vector, as the element-wise kernels' tails compute it. */
    private static float gateTail(SigmoidGate gate, float x) {
        return gate.hard() ? Math.max(0f, Math.min(1f, gate.slope() * x + gate.offset()))
                : (float) (1.0 / (1.0 + Math.exp(-x)));
    }
}
