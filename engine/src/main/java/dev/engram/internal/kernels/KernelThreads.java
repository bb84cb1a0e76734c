package dev.engram.internal.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The threads the kernels may use: daemon workers (one fewer than the processors), a cap on how many
 * threads one operation takes (system property {@code engram.kernels.threads}, read once; default
 * {@code Runtime.availableProcessors()}), and {@link #run}, which splits work into tasks.
 *
 * <p>Why not a {@code ForkJoinPool}: waking a parked pool thread and then the caller cost ~50 us per
 * split, which made a 2M-multiply-add GEMM slower on two threads than on one (measured 49 us on one
 * thread, 72-80 us on two). The workers here spin for a short while after each job (as OpenBLAS and
 * ONNX Runtime threads do) and park only when idle; the caller spins while the last tasks finish.
 *
 * <p>One job at a time: a caller that finds the workers busy (several threads splitting at once)
 * runs its tasks itself. Work started inside a task stays on its thread ({@link #inTask()}).
 */
final class KernelThreads {
    /** How long an idle worker keeps spinning before it parks. */
    private static final long SPIN_NANOS = 200_000;

    private static volatile int threads = initialThreads();

    /** Nesting depth of tasks on this thread (workers run with depth 1 for good). */
    private static final ThreadLocal<int[]> TASK_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

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
        return TASK_DEPTH.get()[0] > 0;
    }

    /**
     * Runs {@code body.accept(i)} for {@code i < tasks} on up to {@code threads()} threads (the caller
     * included) and returns when all are done. The first failure is rethrown.
     */
    static void run(int tasks, IntConsumer body) {
        if (tasks <= 0) {
            return;
        }
        int helpers = Math.min(threads, tasks) - 1;
        Workers w = helpers > 0 && !inTask() ? Workers.get() : null;
        if (w == null || !w.owned.compareAndSet(false, true)) {
            runHere(tasks, body);
            return;
        }
        try {
            w.execute(tasks, Math.min(helpers, w.size()), body);
        } finally {
            w.owned.set(false);
        }
    }

    private static void runHere(int tasks, IntConsumer body) {
        int[] depth = TASK_DEPTH.get();
        depth[0]++;
        try {
            for (int i = 0; i < tasks; i++) {
                body.accept(i);
            }
        } finally {
            depth[0]--;
        }
    }

    private static void rethrow(Throwable e) {
        if (e instanceof RuntimeException re) {
            throw re;
        } else if (e instanceof Error err) {
            throw err;
        } else if (e != null) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The worker threads and the one job they serve. Job fields are written before the ticket and the
     * volatile {@code posted}, and read after them; task results are published by the atomic {@code done}
     * count.
     */
    private static final class Workers {
        private static volatile Workers instance;

        final AtomicBoolean owned = new AtomicBoolean();
        private final Thread[] threads;
        private volatile long posted;
        /**
         * The job's claims: its task count in the high 32 bits, the next unclaimed task in the low 32. One
         * atomic value, because a worker still leaving the previous job may claim at any moment: with the
         * index and the count in two fields it could pair the old job's index with the new job's count and
         * run a task twice (finishing the count early, so a caller returned while a task still ran).
         */
        private final AtomicLong ticket = new AtomicLong();
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private int active;
        private IntConsumer body;
        private final boolean[] parked;

        private Workers(int n) {
            threads = new Thread[n];
            parked = new boolean[n];
            for (int i = 0; i < n; i++) {
                int id = i;
                Thread t = new Thread(() -> serve(id), "engram-kernel-" + (i + 1));
                t.setDaemon(true);
                threads[i] = t;
            }
            for (Thread t : threads) {
                t.start();
            }
        }

        static Workers get() {
            Workers w = instance;
            if (w == null) {
                synchronized (Workers.class) {
                    w = instance;
                    if (w == null) {
                        w = new Workers(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
                        instance = w;
                    }
                }
            }
            return w;
        }

        int size() {
            return threads.length;
        }

        void execute(int tasks, int helpers, IntConsumer body) {
            this.active = helpers;
            this.body = body;
            failure.set(null);
            done.set(0);
            // A worker still leaving the previous job may claim a task as soon as the ticket is set: the
            // fields above are written first, so it then runs this job's tasks, counted in `done`.
            ticket.set((long) tasks << 32);
            posted = posted + 1; // publishes the job to idle workers
            for (int i = 0; i < helpers; i++) {
                if (parkedVolatile(i)) {
                    LockSupport.unpark(threads[i]);
                }
            }
            int[] depth = TASK_DEPTH.get();
            depth[0]++;
            try {
                work();
            } finally {
                depth[0]--;
            }
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (done.get() < tasks) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(20_000); // a helper was descheduled: stop burning this core
                }
            }
            this.body = null;
            rethrow(failure.get());
        }

        /** Takes tasks until none is left. */
        private void work() {
            for (long t; (int) (t = ticket.getAndIncrement()) < (int) (t >>> 32); ) {
                int i = (int) t;
                try {
                    body.accept(i);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.incrementAndGet();
                }
            }
        }

        private boolean parkedVolatile(int i) {
            synchronized (parked) {
                return parked[i];
            }
        }

        private void serve(int id) {
            TASK_DEPTH.get()[0] = 1;
            long seen = 0;
            while (true) {
                long deadline = System.nanoTime() + SPIN_NANOS;
                while (posted == seen && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                if (posted == seen) {
                    synchronized (parked) {
                        parked[id] = true;
                    }
                    // Dekker order with execute(): announce parking, then look once more.
                    if (posted == seen) {
                        LockSupport.park(this);
                    }
                    synchronized (parked) {
                        parked[id] = false;
                    }
                    continue;
                }
                seen = posted;
                if (id < active) {
                    work();
                }
            }
        }
    }
}
