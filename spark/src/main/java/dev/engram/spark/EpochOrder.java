package dev.engram.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Each epoch's order of the rows, the same on the driver and every executor: the Dataset's order,
 * or a permutation drawn from {@code (seed, epoch)}. The last permutation is kept per JVM, since
 * every step of an epoch asks for it.
 */
final class EpochOrder {
    private static volatile Cached last;

    private EpochOrder() {
    }

    private record Cached(long seed, int epoch, long n, int[] position) {
    }

    /** Local row numbers in {@code block} whose position in the epoch's order is in {@code [from, to)}. */
    static int[] select(TrainingData.Block block, Long seed, int epoch, long n, long from, long to) {
        int[] position = seed == null ? null : positions(seed, epoch, n);
        List<Integer> rows = new ArrayList<>();
        long[] index = block.index();
        for (int i = 0; i < index.length; i++) {
            long p = position == null ? index[i] : position[(int) index[i]];
            if (p >= from && p < to) {
                rows.add(i);
            }
        }
        int[] out = new int[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i);
        }
        return out;
    }

    private static int[] positions(long seed, int epoch, long n) {
        Cached c = last;
        if (c != null && c.seed == seed && c.epoch == epoch && c.n == n) {
            return c.position;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shuffling supports up to 2^31 rows, got " + n);
        }
        int[] order = new int[(int) n];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] position = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            position[order[i]] = i;
        }
        last = new Cached(seed, epoch, n, position);
        return position;
    }
}
