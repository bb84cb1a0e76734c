package dev.engram.internal.kernels;

import java.util.function.IntConsumer;

/**
 * One-row products (the recurrent step of batch-1 inference) with their columns split in two halves
 * over the kernel threads. Such a step reads the whole recurrent kernel (256 KiB for 128 units)
 * from L2 for a few microseconds of work, so one core's L2 bandwidth bounds it; split, each core
 * streams its half from its own L2. Each column is computed by the same kernel either way, so the
 * result does not depend on the split.
 *
 * <p>The task object is reused per calling thread, so a call allocates nothing.
 */
final class GemvSplit implements IntConsumer {
    private static final ThreadLocal<GemvSplit> PER_THREAD = ThreadLocal.withInitial(GemvSplit::new);

    private int split;
    private int n;
    private int k;
    private float[] a;
    private int aOff;
    private int aStride;
    private float[] b;
    private int bOff;
    private int ldb;
    private float beta;
    private float[] c;
    private int cOff;

    private GemvSplit() {
    }

    /** {@link GemmGemv#rowTimesMatrix}, the two column halves run as two kernel tasks. */
    static void rowTimesMatrix(int n, int k, float[] a, int aOff, int aStride, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff) {
        GemvSplit s = PER_THREAD.get();
        s.split = GemmDriver.roundUp(n / 2, GemmMicroKernel.VL);
        s.n = n;
        s.k = k;
        s.a = a;
        s.aOff = aOff;
        s.aStride = aStride;
        s.b = b;
        s.bOff = bOff;
        s.ldb = ldb;
        s.beta = beta;
        s.c = c;
        s.cOff = cOff;
        try {
            KernelThreads.run(2, s);
        } finally {
            s.a = null;
            s.b = null;
            s.c = null;
        }
    }

    @Override
    public void accept(int half) {
        if (half == 0) {
            GemmGemv.rowTimesMatrix(split, k, a, aOff, aStride, b, bOff, ldb, beta, c, cOff);
        } else {
            GemmGemv.rowTimesMatrix(n - split, k, a, aOff, aStride, b, bOff + split, ldb, beta, c, cOff + split);
        }
    }
}
