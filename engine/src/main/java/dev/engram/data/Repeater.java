package dev.engram.data;

import java.util.NoSuchElementException;

/**
 * The iterator of {@link Dataset#repeat}: pass after pass over the source, {@code count} of them (without end
 * when negative). An empty pass ends it, since repeating an empty source forever would hang.
 */
final class Repeater<T> implements DataIterator<T> {
    private final Dataset<T> source;
    private final long count;
    private long passes;
    private DataIterator<T> it;
    private boolean producedThisPass;
    private boolean done;

    Repeater(Dataset<T> source, long count) {
        this.source = source;
        this.count = count;
    }

    @Override
    public boolean hasNext() {
        while (!done) {
            if (it != null && it.hasNext()) {
                return true;
            }
            if (it != null) {
                it.close();
                it = null;
                // An empty pass means an empty source: repeating it forever would hang.
                done = !producedThisPass;
            }
            if (done || count >= 0 && passes >= count) {
                done = true;
                return false;
            }
            it = source.iterator();
            passes++;
            producedThisPass = false;
        }
        return false;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        producedThisPass = true;
        return it.next();
    }

    @Override
    public void close() {
        done = true;
        if (it != null) {
            it.close();
            it = null;
        }
    }
}
