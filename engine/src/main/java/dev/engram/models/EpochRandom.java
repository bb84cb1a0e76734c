package dev.engram.models;

import java.util.SplittableRandom;

/**
 * The random streams of {@code fit}, derived from one base seed: the shuffle order of epoch
 * {@code e} and the dropout masks of batch {@code b} of epoch {@code e} each come from their own
 * generator seeded by a hash of (seed, e, b). No stream depends on how many numbers another one
 * drew, so training can stop after any batch and resume with the identical numbers from the seed
 * and the position alone.
 */
final class EpochRandom {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private EpochRandom() {
    }

    /** The order of the {@code n} training rows in epoch {@code epoch} (Fisher-Yates). */
    static int[] permutation(int n, long seed, int epoch) {
        SplittableRandom random = new SplittableRandom(mix(seed, epoch, -1));
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** The generator of dropout masks for one batch. */
    static SplittableRandom forBatch(long seed, int epoch, int batch) {
        return new SplittableRandom(mix(seed, epoch, batch));
    }

    private static long mix(long seed, int epoch, int batch) {
        long z = seed + GOLDEN * (epoch + 1L);
        z = murmur(z);
        z = murmur(z + GOLDEN * (batch + 2L));
        return z;
    }

    // The 64-bit finaliser of MurmurHash3: every input bit affects every output bit.
    private static long murmur(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
