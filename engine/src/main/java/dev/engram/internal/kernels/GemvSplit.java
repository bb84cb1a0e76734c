package dev.engram.internal.kernels;

import java.util.function.IntConsumer;

/**
 * One-row products (the recurrent step of batch-1 inference) with their columns split in two halves
 * over the kernel threads. Such a step reads the whole recurrent kernel (256 KiB for 128 units)
 * from L2 for a few microseconds of work, so one core's L2 bandwidth bounds it; split, each core
 * streams its half from its own L2. Each column is computed by the same kernel either way, so the
 * result does not depend on the split.
 *
 * <p>Two cores or one is chosen by measurement per size ({@link SplitTimer}, per calling thread, for
 * the last {@link #SIZES} product shapes): a GRU or simple RNN step at batch 1 is such a product,
 * and whether its split pays depends on the kernel's size and on the machine's load, as for the
 * LSTM's unit split. The task object is reused per calling thread, so a call allocates nothing.
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
    /** Product shapes ({@code n << 32 | k}) with a timer each; replaced round-robin. */
    private final long[] shapes = new long[SIZES];
    private final SplitTimer[] timers = new SplitTimer[SIZES];
    private int replace;

    /** Product shapes timed per calling thread (a model's recurrent step and its head, for example). */
    static final int SIZES = 4;

    private GemvSplit() {
        for (int i = 0; i < SIZES; i++) {
            timers[i] = new SplitTimer();
            shapes[i] = -1;
        }
    }

    /** The timer of this product shape, taking over the oldest one when it is new. */
    private SplitTimer timer(int n, int k) {
        long shape = (long) n << 32 | k;
        for (int i = 0; i < SIZES; i++) {
            if (shapes[i] == shape) {
                return timers[i];
            }
        }
        int i = replace;
        replace = (replace + 1) % SIZES;
        shapes[i] = shape;
        timers[i].reset();
        return timers[i];
    }

    /**
     * {@link GemmGemv#rowTimesMatrix}, the two column halves run as two kernel tasks or one after the
     * other on this thread, as the timings of this shape say.
     */
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
            SplitTimer timer = s.timer(n, k);
            boolean twoCores = timer.nextIsSplit();
            long t0 = System.nanoTime();
            if (twoCores) {
                KernelThreads.run(2, s);
            } else {
                // The whole row at once (its columns' sums are those of the halves): rows of B read
                // contiguously, measured faster on one core than two half-width passes.
                GemmGemv.rowTimesMatrix(n, k, a, aOff, aStride, b, bOff, ldb, beta, c, cOff);
            }
            timer.record(twoCores, System.nanoTime() - t0);
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
