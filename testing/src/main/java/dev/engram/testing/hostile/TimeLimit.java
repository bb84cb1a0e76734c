package dev.engram.testing.hostile;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one hostile-input case with a time limit, on a daemon thread: a case that hangs is reported as a finding
 * instead of stalling the suite, and cannot keep the JVM alive after it.
 */
public final class TimeLimit {
    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hostile-case");
        t.setDaemon(true);
        return t;
    });

    private TimeLimit() {
    }

    /**
     * The task's result, or {@code timedOut} when it has none within {@code seconds} (the task is then
     * interrupted and left to its daemon thread).
     *
     * @param seconds  the limit
     * @param task     the case; it reports its own outcome (e.g. null when accepted, else a finding)
     * @param timedOut what to return when the limit passes
     * @param <T>      the outcome type
     * @return the task's outcome or {@code timedOut}
     * @throws Exception the task's own exception, or an interruption of the caller
     */
    public static <T> T within(long seconds, Callable<T> task, T timedOut) throws Exception {
        Future<T> f = RUNNER.submit(task);
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return timedOut;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
