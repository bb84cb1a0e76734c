package dev.engram.internal.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A second core for one-row products, the recurrent step of batch-1 inference. Such a step reads
 * the whole recurrent kernel (256 KiB for 128 units) from L2 to do a few microseconds of work, so
 * its speed is one core's L2 bandwidth; with the columns split in two, each core streams its half
 * from its own L2. A pool hand-off costs more than the step itself, so the partner is one thread
 * that spins briefly between requests (as ONNX Runtime's intra-op threads do) and parks when idle.
 *
 * <p>One caller at a time: a call made while the partner is busy (several threads predicting at
 * once) runs on its own thread instead. Memory: task fields are written before the volatile
 * {@code posted} and results read after the volatile {@code finished}, so both directions are
 * ordered by those two counters.
 */
final class GemvPartner {
    /** How long the partner keeps spinning after a request before it parks. */
    private static final long SPIN_NANOS = 100_000;

    private static volatile GemvPartner instance;

    private final AtomicBoolean owned = new AtomicBoolean();
    private final Thread thread;
    private volatile long posted;
    private volatile long finished;
    private volatile boolean parked;
    private volatile Throwable failure;

    // The partner's share of the current request; written before `posted` is incremented.
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

    private GemvPartner() {
        thread = new Thread(this::serve, "engram-gemv");
        thread.setDaemon(true);
        thread.start();
    }

    private static GemvPartner get() {
        GemvPartner p = instance;
        if (p == null) {
            synchronized (GemvPartner.class) {
                p = instance;
                if (p == null) {
                    p = new GemvPartner();
                    instance = p;
                }
            }
        }
        return p;
    }

    /**
     * {@link GemmGemv#rowTimesMatrix} with the columns split between the caller and the partner.
     * Returns false, having done nothing, when the partner is serving another caller.
     */
    static boolean rowTimesMatrix(int n, int k, float[] a, int aOff, int aStride, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff) {
        GemvPartner p = get();
        if (!p.owned.compareAndSet(false, true)) {
            return false;
        }
        try {
            int split = GemmDriver.roundUp(n / 2, GemmMicroKernel.VL);
            p.n = n - split;
            p.k = k;
            p.a = a;
            p.aOff = aOff;
            p.aStride = aStride;
            p.b = b;
            p.bOff = bOff + split;
            p.ldb = ldb;
            p.beta = beta;
            p.c = c;
            p.cOff = cOff + split;
            long request = p.posted + 1;
            p.posted = request;
            if (p.parked) {
                LockSupport.unpark(p.thread);
            }
            GemmGemv.rowTimesMatrix(split, k, a, aOff, aStride, b, bOff, ldb, beta, c, cOff);
            while (p.finished != request) {
                Thread.onSpinWait();
            }
            p.a = null;
            p.b = null;
            p.c = null;
            Throwable e = p.failure;
            if (e != null) {
                p.failure = null;
                if (e instanceof RuntimeException re) {
                    throw re;
                }
                if (e instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e);
            }
            return true;
        } finally {
            p.owned.set(false);
        }
    }

    private void serve() {
        long done = 0;
        while (true) {
            long deadline = System.nanoTime() + SPIN_NANOS;
            while (posted == done && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            if (posted == done) {
                // Dekker order with the caller: announce parking, then look once more.
                parked = true;
                if (posted == done) {
                    LockSupport.park(this);
                }
                parked = false;
                continue;
            }
            long request = posted;
            try {
                GemmGemv.rowTimesMatrix(n, k, a, aOff, aStride, b, bOff, ldb, beta, c, cOff);
            } catch (Throwable e) {
                failure = e;
            }
            done = request;
            finished = request;
        }
    }
}
