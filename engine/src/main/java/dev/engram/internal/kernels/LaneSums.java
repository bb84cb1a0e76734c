package dev.engram.internal.kernels;

import jdk.incubator.vector.FloatVector;

/**
 * The sum of a vector's lanes in one fixed order, whatever compiles the call: the kernels store the
 * vector into a scratch array and fold it here in scalar code.
 *
 * <p>Why not {@code reduceLanes(ADD)}: its order of additions is left to the implementation, and it
 * differs between the Java fallback (the interpreter, C1) and C2's intrinsic on newer JDKs (JDK 25 adds
 * float lanes in a tree, the fallback in lane order). The same call then returned numbers one ulp apart
 * before and after warm-up, so a model's output depended on how long the JVM had run. Why not a helper
 * taking the vector: a vector passed to a call that C2 does not inline (a large caller reaches its node
 * budget) is boxed on the heap, and the kernels that reduce promise not to allocate.
 */
public final class LaneSums {
    /** Lanes of the engine's vectors ({@code FloatVector.SPECIES_PREFERRED}). */
    public static final int LANES = FloatVector.SPECIES_PREFERRED.length();
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[4 * LANES]);

    private LaneSums() {
    }

    /** The calling thread's room for four vectors, for callers that have no workspace of their own. */
    public static float[] scratch() {
        return SCRATCH.get();
    }

    /**
     * The sum of {@code t[off .. off + LANES)}, folded pairwise (lane i gets lane i + LANES/2, then
     * i + LANES/4, ...): the same tree on every call. Overwrites those lanes.
     */
    public static float sum(float[] t, int off) {
        for (int d = LANES / 2; d >= 1; d /= 2) {
            for (int i = off; i < off + d; i++) {
                t[i] += t[i + d];
            }
        }
        return t[off];
    }
}
