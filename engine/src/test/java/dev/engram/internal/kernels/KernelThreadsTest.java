package dev.engram.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kernel threads run every task of a job exactly once and return only when all have finished, also
 * when jobs of different sizes follow each other closely and the workers are descheduled at any point
 * (busy threads compete for the cores here). A task run twice or still running after {@code run} returns
 * corrupts the caller's buffers: attention's tasks scale their query slice in place, and the next call
 * reuses the scratch.
 */
class KernelThreadsTest {
    private final int initialThreads = KernelThreads.threads();

    @AfterEach
    void restoreThreads() {
        KernelThreads.setThreads(initialThreads);
    }

    @Test
    void everyTaskRunsOnceAndHasFinishedWhenRunReturns() throws InterruptedException {
        KernelThreads.setThreads(Math.max(2, Runtime.getRuntime().availableProcessors()));
        AtomicBoolean stop = new AtomicBoolean();
        Thread[] noise = new Thread[2];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = new Thread(() -> {
                long x = 0;
                while (!stop.get()) {
                    x += System.nanoTime() % 7;
                }
                if (x == 42) {
                    System.out.print("");
                }
            }, "noise-" + i);
            noise[i].setDaemon(true);
            noise[i].start();
        }
        try {
            int[] sizes = {1, 2, 7, 3, 64, 2, 5};
            for (int job = 0; job < 4_000; job++) {
                int tasks = sizes[job % sizes.length];
                AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
                AtomicIntegerArray finished = new AtomicIntegerArray(tasks);
                int j = job;
                KernelThreads.run(tasks, i -> {
                    if (runs.incrementAndGet(i) != 1) {
                        throw new IllegalStateException("job " + j + ": task " + i + " ran twice");
                    }
                    if (i % 3 == 0) {
                        Thread.yield(); // widen the window in which a worker is between two tasks
                    }
                    finished.set(i, 1);
                });
                for (int i = 0; i < tasks; i++) {
                    if (finished.get(i) != 1 || runs.get(i) != 1) {
                        fail("job " + j + " of " + tasks + " tasks: task " + i + " ran " + runs.get(i)
                                + " times, finished " + finished.get(i));
                    }
                }
            }
        } finally {
            stop.set(true);
            for (Thread t : noise) {
                t.join();
            }
        }
    }

    @Test
    void aTaskFailureIsRethrownAfterTheOtherTasksFinish() {
        KernelThreads.setThreads(2);
        AtomicIntegerArray finished = new AtomicIntegerArray(8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelThreads.run(8, i -> {
            if (i == 3) {
                throw new IllegalArgumentException("task 3");
            }
            finished.set(i, 1);
        }));
        assertEquals("task 3", e.getMessage());
        for (int i = 0; i < 8; i++) {
            assertEquals(i == 3 ? 0 : 1, finished.get(i), "task " + i);
        }
    }
}
