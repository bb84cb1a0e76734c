package dev.engram.internal.kernels;

/**
 * Chooses between two cores and one for a repeated small operation by timing it: a batch-1
 * recurrent call or step whose work is a few microseconds, where whether the split wins depends on
 * the size (a kernel that sits in L1/L2 closely enough loses to the hand-off) and on the machine's
 * load (when another process holds the second core, its half waits for a time slice). Both modes
 * must compute the same numbers; only their speed is compared.
 *
 * <p>Each mode is tried first once; then the one with the lower median of its last {@link #KEPT}
 * times runs, and every {@link #EXPLORE_EVERY}th time the other, so a change of load is noticed.
 * Medians, not means: a run whose second thread lost its core for a time slice is 10-100x slower,
 * and such runs come often on a busy machine. One timer serves one calling thread (no locking) and
 * allocates nothing after construction.
 */
public final class SplitTimer {
    /** Times kept per mode; modes are compared by the median of these. */
    public static final int KEPT = 9;
    /**
     * Every this many runs, the mode not preferred runs once. Under 1 in 100, so that exploring a
     * mode that is slow now never shows in the 99th percentile.
     */
    public static final int EXPLORE_EVERY = 128;

    private final long[] splitNanos = new long[KEPT];
    private final long[] oneCoreNanos = new long[KEPT];
    private final long[] sortScratch = new long[KEPT];
    private int splitCount;
    private int oneCoreCount;
    private int runs;

    /** A timer with no times yet. */
    public SplitTimer() {
    }

    /** Forgets every time (the operation's size changed). */
    public void reset() {
        splitCount = 0;
        oneCoreCount = 0;
        runs = 0;
    }

    /** True when the next run should take two cores; counts the run. */
    public boolean nextIsSplit() {
        boolean preferSplit = splitCount == 0
                || (oneCoreCount > 0 && median(splitNanos, splitCount) <= median(oneCoreNanos, oneCoreCount));
        return ++runs % EXPLORE_EVERY == 0 ? !preferSplit : preferSplit;
    }

    /** Records how long a run in the given mode took. */
    public void record(boolean split, long nanos) {
        if (split) {
            splitNanos[splitCount++ % KEPT] = nanos;
        } else {
            oneCoreNanos[oneCoreCount++ % KEPT] = nanos;
        }
    }

    /** The median of the first {@code min(count, KEPT)} times (sorted in a scratch copy: no allocation). */
    private long median(long[] times, int count) {
        int n = Math.min(count, KEPT);
        System.arraycopy(times, 0, sortScratch, 0, n);
        for (int i = 1; i < n; i++) {
            long v = sortScratch[i];
            int j = i - 1;
            for (; j >= 0 && sortScratch[j] > v; j--) {
                sortScratch[j + 1] = sortScratch[j];
            }
            sortScratch[j + 1] = v;
        }
        return sortScratch[n / 2];
    }
}
