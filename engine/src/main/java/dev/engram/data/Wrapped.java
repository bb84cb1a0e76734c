package dev.engram.data;

/** An iterator over another that it closes when closed: the base of the lazy operations' iterators. */
abstract class Wrapped<A, B> implements DataIterator<B> {
    private final DataIterator<A> source;

    Wrapped(DataIterator<A> source) {
        this.source = source;
    }

    @Override
    public void close() {
        source.close();
    }
}
