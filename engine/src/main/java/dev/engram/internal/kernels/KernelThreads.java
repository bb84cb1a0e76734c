package dev.engram.internal.kernels;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The threads the kernels may use: a shared daemon pool sized to the machine, a cap on how many
 * threads one operation takes (system property {@code engram.kernels.threads}, read once; default
 * {@code Runtime.availableProcessors()}), and {@link #run}, which splits work into tasks.
 *
 * <p>Work started inside a task stays on its thread ({@link #inTask()}): nested splits could wait
 * on themselves, and the outer split already uses every thread.
 */
final class KernelThreads {
    private static volatile int threads = initialThreads();

    /** Set on a thread while it runs a task of {@link #run} (pool threads are recognised by type). */
    private static final ThreadLocal<int[]> CALLER_IN_TASK = ThreadLocal.withInitial(() -> new int[1]);

    private KernelThreads() {
    }

    private static int initialThreads() {
        int cpus = Runtime.getRuntime().availableProcessors();
        String prop = System.getProperty("engram.kernels.threads", "");
        if (prop.isBlank()) {
            return cpus;
        }
        try {
            return Math.max(1, Integer.parseInt(prop.trim()));
        } catch (NumberFormatException e) {
            System.err.println("Engram: ignoring engram.kernels.threads=" + prop + " (not an integer)");
            return cpus;
        }
    }

    /** Threads one operation may use (1 = everything on the caller). */
    static int threads() {
        return threads;
    }

    /** Sets the cap; for benchmarks. */
    static void setThreads(int n) {
        threads = Math.max(1, n);
    }

    /** True on a thread that is running a task of {@link #run}: split nothing further there. */
    static boolean inTask() {
        return (Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == PoolHolder.POOL)
                || CALLER_IN_TASK.get()[0] > 0;
    }

    /**
     * Runs {@code body.accept(i)} for {@code i < tasks} on up to {@code threads()} threads and returns
     * when all are done. The caller works too and takes any task no helper has started, so a busy
     * pool delays nothing; only tasks already running are waited for. The first failure is rethrown.
     */
    static void run(int tasks, IntConsumer body) {
        if (tasks <= 0) {
            return;
        }
        if (tasks == 1 || threads <= 1 || inTask()) {
            for (int i = 0; i < tasks; i++) {
                body.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(tasks);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int s; (s = next.getAndIncrement()) < tasks; ) {
                try {
                    body.accept(s);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
        };
        ForkJoinPool pool = PoolHolder.POOL;
        for (int i = 1; i < Math.min(threads, tasks); i++) {
            pool.execute(worker);
        }
        int[] depth = CALLER_IN_TASK.get();
        depth[0]++;
        try {
            worker.run();
        } finally {
            depth[0]--;
        }
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException re) {
            throw re;
        } else if (e instanceof Error err) {
            throw err;
        } else if (e != null) {
            throw new IllegalStateException(e);
        }
    }

    /** Created on first parallel use only, so single-threaded use starts no threads. */
    private static final class PoolHolder {
        static final ForkJoinPool POOL = new ForkJoinPool(Runtime.getRuntime().availableProcessors(),
                pool -> {
                    ForkJoinWorkerThread w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                    w.setName("engram-gemm-" + w.getPoolIndex());
                    w.setDaemon(true);
                    return w;
                }, null, false);
    }
}
