package dev.engram.internal.kernels;

/**
 * Reusable float buffers for allocation-free inference: a small set of numbered slots, each an
 * array that only ever grows. After the first call at a given batch size, asking again for the same
 * sizes allocates nothing.
 *
 * <p>A workspace belongs to one thread at a time and is not thread-safe. Kernels that run to
 * completion before returning share {@link #forCurrentThread()}; whoever holds a slot's array
 * across another kernel call must use a workspace of its own (as {@code Predictor} does for the
 * activations between layers).
 */
public final class Workspace {
    /** Number of slots; kernels number theirs from 0. */
    public static final int SLOTS = 8;

    private static final ThreadLocal<Workspace> PER_THREAD = ThreadLocal.withInitial(Workspace::new);

    private final float[][] slots = new float[SLOTS][];

    /** An empty workspace. */
    public Workspace() {
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new float[0];
        }
    }

    /**
     * This thread's shared scratch workspace, for kernels that do not keep arrays past their return.
     *
     * @return the calling thread's workspace
     */
    public static Workspace forCurrentThread() {
        return PER_THREAD.get();
    }

    /**
     * The array of {@code slot}, at least {@code size} long; its contents are unspecified.
     *
     * @param slot the slot index; different slots never share an array
     * @param size the number of floats needed
     * @return the slot's array, reused by later calls with the same slot
     */
    public float[] floats(int slot, int size) {
        float[] a = slots[slot];
        if (a.length < size) {
            a = new float[size];
            slots[slot] = a;
        }
        return a;
    }

    /**
     * The array of {@code slot}, at least {@code size} long, with its first {@code size} values zero.
     *
     * @param slot the slot index; different slots never share an array
     * @param size the number of floats needed, all zero
     * @return the slot's array, reused by later calls with the same slot
     */
    public float[] zeros(int slot, int size) {
        float[] a = floats(slot, size);
        java.util.Arrays.fill(a, 0, size, 0f);
        return a;
    }

    /**
     * Floats held by all slots (for tests and diagnostics).
     *
     * @return the total length of the slots' arrays
     */
    public long retainedFloats() {
        long n = 0;
        for (float[] a : slots) {
            n += a.length;
        }
        return n;
    }
}
