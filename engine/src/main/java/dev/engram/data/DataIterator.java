package dev.engram.data;

import java.util.Iterator;

/**
 * An iterator over a dataset that may hold resources (an open file, a prefetch thread): close it
 * when done, also when stopping early. Closing twice is harmless.
 *
 * @param <T> the element type
 */
public interface DataIterator<T> extends Iterator<T>, AutoCloseable {

    /** Releases the iterator's resources; never throws a checked exception. */
    @Override
    void close();

    /**
     * Wraps a plain iterator with nothing to release.
     *
     * @param <T> the element type
     * @param it the iterator to read
     * @return an iterator whose {@code close()} does nothing
     */
    static <T> DataIterator<T> of(Iterator<? extends T> it) {
        return new DataIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public T next() {
                return it.next();
            }

            @Override
            public void close() {
            }
        };
    }
}
