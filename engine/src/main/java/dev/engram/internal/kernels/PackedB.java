package dev.engram.internal.kernels;

/**
 * The B operand of {@link Kernels#gemm(int, PackedB, float[], int, int, float, float[], int, int)},
 * packed once for many products that share it: the recurrent kernel over the steps of
 * back-propagation through time, which a plain GEMM with a transposed B would transpose into panels
 * again at every step. Holds B itself too (products the packed panels do not serve read it in place);
 * B must not change while this is in use. Immutable; may be shared by threads.
 */
public final class PackedB {
    final boolean transB;
    final int n;
    final int k;
    final float[] b;
    final int bOff;
    final int ldb;
    /** The panels of {@code GemmDriver.packAll}, or null (a kernel without packing reads B in place). */
    final float[][] panels;

    PackedB(boolean transB, int n, int k, float[] b, int bOff, int ldb, float[][] panels) {
        this.transB = transB;
        this.n = n;
        this.k = k;
        this.b = b;
        this.bOff = bOff;
        this.ldb = ldb;
        this.panels = panels;
    }
}
