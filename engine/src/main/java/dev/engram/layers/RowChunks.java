package dev.engram.layers;

import dev.engram.internal.kernels.Kernels;

/**
 * Row-wise work on a large output split over the kernel threads, a few rows per task. A
 * convolution's activation and its derivative (9 MiB per step for the MNIST convnet's first layer at
 * batch 512) ran on the calling thread and left the other core idle for about a tenth of a training
 * step. Each row is computed whole by one thread, with the same code as unsplit, so results do not
 * depend on the number of threads.
 */
final class RowChunks {
    /** Floats per task: below this, a hand-off costs more than it saves. */
    static final int TASK_FLOATS = 1 << 16;

    private RowChunks() {
    }

    /** Work on rows {@code [first, first + count)}. */
    @FunctionalInterface
    interface Rows {
        void run(int first, int count);
    }

    /** Runs {@code body} over {@code rows} rows of {@code cols} floats, in parallel when large enough. */
    static void run(int rows, int cols, Rows body) {
        int tasks = (int) Math.min(rows, (long) rows * cols / TASK_FLOATS);
        if (tasks <= 1) {
            body.run(0, rows);
            return;
        }
        Kernels.get().parallelFor(tasks, t -> {
            int first = (int) ((long) rows * t / tasks);
            int end = (int) ((long) rows * (t + 1) / tasks);
            body.run(first, end - first);
        });
    }
}
