package dev.engram.internal.recurrent;

import dev.engram.internal.kernels.Kernels;
import dev.engram.internal.kernels.SplitTimer;
import dev.engram.internal.kernels.Workspace;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntConsumer;

/**
 * Batch-1 LSTM inference with each step's units split in two halves over two kernel threads. A
 * batch-1 step reads the whole recurrent kernel ({@code u x 4u} floats: 256 KiB at 128 units) for a
 * few microseconds of arithmetic, so one core's L2 bandwidth bounds it; split, each core reads the
 * gate columns of its own units (from its own L2 on later calls) and also runs their gate math,
 * which a split of the GEMV alone left on one core.
 *
 * <p>Work items are (step, half) in order; a thread takes the next item from a shared counter and
 * starts it once both halves of the step before are finished. Items are taken in order, so the
 * oldest unfinished item can always proceed: one thread alone (the workers busy, or a second
 * thread that never got a core) runs every item in turn, with no barrier to deadlock on. h is
 * double-buffered (step s reads one buffer and writes the other), so a half writing its units of
 * the new h never races the other half still reading the old one.
 *
 * <p>Split or one core is chosen by measurement, per calling thread and model size: whether two
 * cores win depends on the size (a 64 KiB kernel sits in L1/L2 closely enough that the per-step
 * hand-off eats the gain) and on the machine's load (when another process holds the second core,
 * its half waits for a time slice). Each call is timed by a {@link SplitTimer}.
 * One core runs the same items in the same order on the caller, so both modes give the same numbers:
 * every unit's column is computed by the same GEMV kernel (a column's sum does not depend on which
 * columns run beside it) and its gate values by the same vector lane or scalar tail. The task
 * object is reused per calling thread: a warm call allocates nothing.
 */
final class LstmUnitSplit implements IntConsumer {
    private static final Kernels K = Kernels.get();
    private static final ThreadLocal<LstmUnitSplit> PER_THREAD = ThreadLocal.withInitial(LstmUnitSplit::new);
    /** Units per half are rounded to this (two 512-bit vectors), so each half's blocks stay whole vectors. */
    private static final int UNIT_ALIGN = 32;
    /** Spins on a step not yet finished before yielding the core (the other half's thread may be descheduled). */
    private static final int SPINS_BEFORE_YIELD = 1 << 12;

    /** Smallest recurrent kernel ({@code u * 4u} floats) run this way; below it one core always wins. */
    private static final long MIN_KERNEL_FLOATS = 1 << 14;

    /**
     * The two counters of a call, {@link #NEXT} (the next item to take) and {@link #FINISHED} (items
     * done), 64 bytes apart: on one cache line, every item taken by one thread also evicted the line
     * the other thread was spinning on while it waited for the step before.
     */
    private final AtomicIntegerArray counters = new AtomicIntegerArray(2 * COUNTER_GAP);
    private static final int COUNTER_GAP = 16;
    private static final int NEXT = 0;
    private static final int FINISHED = COUNTER_GAP;
    private volatile boolean failed;
    private LstmKernel kernel;
    private RecurrentPlan plan;
    private float[] z;
    private float[] recurrentKernel;
    private float[] h0;
    private float[] h1;
    private float[] c;
    private float[] ac;
    private float[] out;
    private int outOff;
    private int split;
    /**
     * Each half's gate columns of the recurrent kernel, packed at step 0 of every call by the thread
     * that runs that half ({@link Kernels#packBlocks}; the weights may have changed since the last
     * call), then read contiguously by the 49 or so steps after it. Grown, never shrunk.
     */
    private float[] panels0 = new float[0];
    private float[] panels1 = new float[0];
    /** Units of the model the timings below belong to (0: none yet). */
    private int timedUnits;
    /** Two cores or one, by the times of this thread's calls on the model of {@link #timedUnits}. */
    private final SplitTimer timer = new SplitTimer();

    private LstmUnitSplit() {
    }

    /** True when a batch-1 LSTM of {@code u} units runs here: two kernel threads allowed and a kernel large enough. */
    static boolean applies(int u) {
        return K.threads() > 1 && (long) u * 4 * u >= MIN_KERNEL_FLOATS;
    }

    /**
     * Runs the recurrence of a batch-1 plan over the projected inputs {@code z} (all steps, row t at
     * {@code t * 4u}, gate values written over it) into {@code out}; zero initial states. Uses
     * workspace slots 1 to 4 (h, c, scratch, second h).
     */
    static void run(LstmKernel kernel, RecurrentPlan p, float[] z, float[] recurrentKernel, Workspace ws,
            float[] out, int outOff) {
        int u = p.units();
        LstmUnitSplit s = PER_THREAD.get();
        s.kernel = kernel;
        s.plan = p;
        s.z = z;
        s.recurrentKernel = recurrentKernel;
        s.h0 = ws.zeros(1, u);
        s.c = ws.zeros(2, u);
        s.ac = ws.floats(3, u);
        s.h1 = ws.floats(4, u);
        s.out = out;
        s.outOff = outOff;
        s.split = Math.min(u, (u / 2 + UNIT_ALIGN - 1) / UNIT_ALIGN * UNIT_ALIGN);
        int size0 = K.blockPanelFloats(4, s.split, u);
        int size1 = K.blockPanelFloats(4, u - s.split, u);
        if (s.panels0.length < size0) {
            s.panels0 = new float[size0];
        }
        if (s.panels1.length < size1) {
            s.panels1 = new float[size1];
        }
        s.failed = false;
        s.counters.set(FINISHED, 0);
        s.counters.set(NEXT, 0);
        try {
            s.runTimed(u);
            if (!p.returnSequences()) {
                System.arraycopy(p.steps() % 2 == 1 ? s.h1 : s.h0, 0, out, outOff, u);
            }
        } finally {
            s.kernel = null;
            s.z = null;
            s.recurrentKernel = null;
            s.out = null;
        }
    }

    /** Runs all items on two cores or on this thread, as the timings say, and updates the timings. */
    private void runTimed(int u) {
        if (timedUnits != u) {
            timedUnits = u;
            timer.reset();
        }
        boolean twoCores = timer.nextIsSplit();
        long t0 = System.nanoTime();
        if (twoCores) {
            K.parallelFor(2, this);
        } else {
            for (int step = 0; step < plan.steps(); step++) {
                wholeStep(step);
            }
        }
        timer.record(twoCores, System.nanoTime() - t0);
    }

    @Override
    public void accept(int task) {
        int items = 2 * plan.steps();
        try {
            for (int i; (i = counters.getAndIncrement(NEXT)) < items; ) {
                int s = i >> 1;
                awaitStep(s);
                int half = i & 1;
                step(s, half == 0 ? 0 : split, half == 0 ? split : plan.units());
                counters.incrementAndGet(FINISHED);
            }
        } catch (RuntimeException | Error e) {
            failed = true;
            throw e;
        }
    }

    /** Waits until both halves of step {@code s - 1} are finished. */
    private void awaitStep(int s) {
        int spins = 0;
        while (counters.get(FINISHED) < 2 * s) {
            if (failed) {
                throw new IllegalStateException("the other half of an LSTM step failed");
            }
            if (++spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /**
     * Units {@code j0..j1-1} (one half) of processing step {@code s}: their recurrent GEMV
     * ({@link #product}; at step 0, whose product is zero, the packing of the half's panels instead),
     * gate math and output ({@link #cells}).
     */
    private void step(int s, int j0, int j1) {
        if (j0 < j1) {
            if (s == 0) {
                pack(j0, j1);
            } else {
                product(s, j0, j1);
            }
            cells(s, j0, j1);
        }
    }

    /**
     * Step {@code s} on this thread alone: the same products and gate math as on two cores, half by
     * half, so every value is computed as there.
     */
    private void wholeStep(int s) {
        step(s, 0, split);
        step(s, split, plan.units());
    }

    /** Packs the gate columns of the half starting at unit {@code j0} into its panels. */
    private void pack(int j0, int j1) {
        int u = plan.units();
        K.packBlocks(4, u, j0, j1 - j0, u, recurrentKernel, 4 * u, j0 == 0 ? panels0 : panels1);
    }

    /** Adds {@code h · U} of step {@code s} ({@code s > 0}) into the gate columns of the half {@code j0..j1-1}. */
    private void product(int s, int j0, int j1) {
        int u = plan.units();
        int g = 4 * u;
        float[] hRead = s % 2 == 0 ? h0 : h1;
        int r = plan.timeAt(s) * g;
        K.rowTimesPackedBlocks(j0 == 0 ? panels0 : panels1, 4, u, j0, j1 - j0, u, hRead, 0, recurrentKernel, g, z,
                r);
    }

    /** The gate math of units {@code j0..j1-1} at step {@code s}, their new h and their output. */
    private void cells(int s, int j0, int j1) {
        if (j0 == j1) {
            return;
        }
        RecurrentPlan p = plan;
        int u = p.units();
        float[] hWrite = s % 2 == 0 ? h1 : h0;
        int r = p.timeAt(s) * 4 * u;
        kernel.cellRange(u, j0, j1, z, r, z, c, 0, ac, 0, hWrite);
        if (p.returnSequences()) {
            System.arraycopy(hWrite, j0, out, outOff + s * u + j0, j1 - j0);
        }
    }
}
