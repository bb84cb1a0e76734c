package dev.engram.data;

import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The iterator of {@link Dataset#prefetch}: a daemon thread reads the source into a bounded queue; the
 * source's exceptions surface in {@code hasNext}/{@code next}; closing stops the thread.
 */
final class Prefetcher<T> implements DataIterator<T> {
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private volatile boolean closed;
    private Object head;

    Prefetcher(Dataset<T> source, int bufferSize) {
        queue = new ArrayBlockingQueue<>(bufferSize + 1);
        thread = new Thread(() -> {
            try (DataIterator<T> it = source.iterator()) {
                while (!closed && it.hasNext()) {
                    put(it.next());
                }
                put(END);
            } catch (RuntimeException | Error e) {
                put(new Failure(e));
            }
        }, "engram-prefetch");
        thread.setDaemon(true);
        thread.start();
    }

    private void put(Object o) {
        try {
            while (!closed && !queue.offer(o, 100, TimeUnit.MILLISECONDS)) {
                // wait for room, or stop when closed
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean hasNext() {
        if (head == null) {
            try {
                head = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for prefetched data", e);
            }
        }
        if (head instanceof Failure f) {
            head = END;
            if (f.error instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) f.error;
        }
        return head != END;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T t = (T) head;
        head = null;
        return t;
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
        thread.interrupt();
    }

    private record Failure(Throwable error) {
    }
}
