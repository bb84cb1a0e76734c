package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Float arrays reused across runs of a graph on one thread: ops take their output arrays here
 * ({@link NodeContext#floats}), and at the end of a run every array taken during it that no graph
 * output, graph input or initializer holds goes back to this thread's pool, so the next run of the
 * same shapes allocates none of them again.
 *
 * <p>Only arrays handed out by the pool are ever returned to it (never the engine's own buffers or
 * an array an op returned as is), each once even when several values alias it (a Reshape's output
 * shares its input's array). A graph output is handed to the caller and is never pooled. Pools are
 * per thread, so concurrent runs on different threads share nothing; a nested run (a control-flow
 * subgraph) keeps its own list of taken arrays. Arrays are matched by exact length; the pool keeps
 * at most {@link #MAX_POOLED_FLOATS} floats per thread.
 */
final class RunBuffers {
    /** Floats a thread's pool keeps at most (64 MiB); beyond it, released arrays are dropped. */
    static final long MAX_POOLED_FLOATS = 1L << 24;

    private static final ThreadLocal<RunBuffers> PER_THREAD = ThreadLocal.withInitial(RunBuffers::new);

    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private long pooledFloats;
    /** The arrays taken by the open run, innermost last (a nested run pushes its own list). */
    private final ArrayDeque<List<float[]>> runs = new ArrayDeque<>();
    /** Whether the node running now may take pooled arrays (see {@link #pooling}). */
    private boolean pooling;
    /** Arrays served from the pool so far on this thread (for tests and diagnostics). */
    private long reused;

    private RunBuffers() {
    }

    /** Starts a run on this thread; pair with {@link #close}. */
    static RunBuffers open() {
        RunBuffers b = PER_THREAD.get();
        b.runs.push(new ArrayList<>());
        b.pooling = false;
        return b;
    }

    /** How many arrays this thread's runs have taken from the pool so far. */
    static long reusedOnThisThread() {
        return PER_THREAD.get().reused;
    }

    /** Whether the next node of the open run may take pooled arrays (nodes fed by graph inputs) or only new ones. */
    static void pooling(boolean allowed) {
        PER_THREAD.get().pooling = allowed;
    }

    /**
     * An array of exactly {@code n} floats with unspecified contents (the op overwrites every
     * element): from the pool inside a run, else new.
     */
    static float[] take(int n) {
        RunBuffers b = PER_THREAD.get();
        if (b.runs.isEmpty() || !b.pooling) {
            return new float[n];
        }
        ArrayDeque<float[]> q = b.free.get(n);
        float[] a = q == null ? null : q.poll();
        if (a == null) {
            a = new float[n];
        } else {
            b.pooledFloats -= n;
            b.reused++;
        }
        b.runs.peek().add(a);
        return a;
    }

    /**
     * Ends the run: the arrays it took go back to the pool unless one of {@code kept} (its outputs,
     * inputs and initializers) holds them.
     */
    void close(Collection<Collection<Value>> kept) {
        List<float[]> taken = runs.pop();
        pooling = false; // an enclosing run's node (a control-flow op) continues with new arrays
        if (taken.isEmpty()) {
            return;
        }
        Set<float[]> held = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Collection<Value> values : kept) {
            for (Value v : values) {
                if (v != null && v.isFloat()) {
                    held.add(v.floats());
                }
            }
        }
        Set<float[]> returned = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (float[] a : taken) {
            if (held.contains(a) || !returned.add(a) || pooledFloats + a.length > MAX_POOLED_FLOATS) {
                continue;
            }
            free.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
            pooledFloats += a.length;
        }
    }
}
