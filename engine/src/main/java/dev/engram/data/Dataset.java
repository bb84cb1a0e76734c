package dev.engram.data;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A lazily evaluated, re-iterable sequence of elements, as {@code tf.data.Dataset}: every
 * {@link #iterator()} starts a new pass over the source, and operations return new datasets without
 * reading anything. Only the operations' buffers are held in memory ({@link #shuffle}'s buffer,
 * one batch, {@link #prefetch}'s queue), so a dataset may be far larger than the heap.
 *
 * <pre>{@code
 * Dataset<Sample> train = CsvDataset.of(Path.of("big.csv")).withFeatures("a", "b").withLabels("y").build()
 *         .shuffle(10_000, 42).batch(64).prefetch(4);
 * model.fit(train, FitOptions.epochs(3));
 * }</pre>
 *
 * @param <T> the element type; training datasets hold {@link Sample}s
 */
public abstract class Dataset<T> implements Iterable<T> {

    /** For subclasses. */
    protected Dataset() {
    }

    /** A new pass over the elements; close it when done. */
    @Override
    public abstract DataIterator<T> iterator();

    /**
     * Each element transformed by {@code f} (lazily, as it is read).
     *
     * @param <R> the new element type
     * @param f applied to each element on the reading thread
     * @return the mapped dataset
     */
    public <R> Dataset<R> map(Function<? super T, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        Dataset<T> source = this;
        return new Dataset<>() {
            @Override
            public DataIterator<R> iterator() {
                DataIterator<T> it = source.iterator();
                return new Wrapped<>(it) {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public R next() {
                        return f.apply(it.next());
                    }
                };
            }
        };
    }

    /**
     * Only the elements that satisfy {@code keep}.
     *
     * @param keep true for the elements to keep
     * @return the filtered dataset
     */
    public Dataset<T> filter(Predicate<? super T> keep) {
        Objects.requireNonNull(keep, "keep");
        Dataset<T> source = this;
        return new Dataset<>() {
            @Override
            public DataIterator<T> iterator() {
                DataIterator<T> it = source.iterator();
                return new Wrapped<>(it) {
                    private T pending;
                    private boolean has;

                    @Override
                    public boolean hasNext() {
                        while (!has && it.hasNext()) {
                            T t = it.next();
                            if (keep.test(t)) {
                                pending = t;
                                has = true;
                            }
                        }
                        return has;
                    }

                    @Override
                    public T next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        has = false;
                        T t = pending;
                        pending = null;
                        return t;
                    }
                };
            }
        };
    }

    /**
     * At most the first {@code n} elements.
     *
     * @param n the most elements to read, &gt;= 0
     * @return the shortened dataset
     * @throws IllegalArgumentException when {@code n} is negative
     */
    public Dataset<T> take(long n) {
        requireNonNegative("take", n);
        Dataset<T> source = this;
        return new Dataset<>() {
            @Override
            public DataIterator<T> iterator() {
                DataIterator<T> it = source.iterator();
                return new Wrapped<>(it) {
                    private long taken;

                    @Override
                    public boolean hasNext() {
                        return taken < n && it.hasNext();
                    }

                    @Override
                    public T next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        taken++;
                        return it.next();
                    }
                };
            }
        };
    }

    /**
     * All but the first {@code n} elements.
     *
     * @param n how many elements to drop at the start of each iteration, &gt;= 0
     * @return the shortened dataset
     * @throws IllegalArgumentException when {@code n} is negative
     */
    public Dataset<T> skip(long n) {
        requireNonNegative("skip", n);
        Dataset<T> source = this;
        return new Dataset<>() {
            @Override
            public DataIterator<T> iterator() {
                DataIterator<T> it = source.iterator();
                for (long i = 0; i < n && it.hasNext(); i++) {
                    it.next();
                }
                return new Wrapped<>(it) {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public T next() {
                        return it.next();
                    }
                };
            }
        };
    }

    /**
     * The elements {@code count} times over (each pass a new iteration of this dataset).
     *
     * @param count the number of passes, &gt;= 0
     * @return the repeated dataset
     * @throws IllegalArgumentException when {@code count} is negative
     */
    public Dataset<T> repeat(long count) {
        requireNonNegative("repeat", count);
        return repeating(count);
    }

    /**
     * The elements over and over, without end (give {@code stepsPerEpoch} to {@code fit}).
     *
     * @return an endless dataset
     */
    public Dataset<T> repeat() {
        return repeating(-1);
    }

    private Dataset<T> repeating(long count) {
        Dataset<T> source = this;
        return new Dataset<>() {
            @Override
            public DataIterator<T> iterator() {
                return new Repeater<>(source, count);
            }
        };
    }

    /**
     * Shuffled through a buffer of {@code bufferSize} elements, as {@code tf.data}: the buffer is
     * filled from the source; each output is a uniformly chosen buffer element, replaced by the next
     * source element. A buffer at least as large as the dataset gives a uniform shuffle. Each new
     * iteration shuffles differently, the i-th iteration always the same way for a given seed.
     *
     * @param bufferSize elements held in memory for shuffling, &gt; 0
     * @param seed the seed; iteration i of the dataset uses a seed derived from it and i
     * @return the shuffled dataset
     * @throws IllegalArgumentException when {@code bufferSize} is not positive
     */
    public Dataset<T> shuffle(int bufferSize, long seed) {
        if (bufferSize <= 0) {
            throw new IllegalArgumentException("shuffle buffer size must be > 0, got " + bufferSize);
        }
        Dataset<T> source = this;
        AtomicInteger iterations = new AtomicInteger();
        return new Dataset<>() {
            @Override
            public DataIterator<T> iterator() {
                long pass = iterations.getAndIncrement();
                SplittableRandom random = new SplittableRandom(seed + 0x9E3779B97F4A7C15L * pass);
                DataIterator<T> it = source.iterator();
                List<T> buffer = new ArrayList<>(Math.min(bufferSize, 1 << 16));
                return new Wrapped<>(it) {
                    @Override
                    public boolean hasNext() {
                        while (buffer.size() < bufferSize && it.hasNext()) {
                            buffer.add(it.next());
                        }
                        return !buffer.isEmpty();
                    }

                    @Override
                    public T next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        int i = random.nextInt(buffer.size());
                        T t = buffer.get(i);
                        T last = buffer.remove(buffer.size() - 1);
                        if (i < buffer.size()) {
                            buffer.set(i, last);
                        }
                        return t;
                    }
                };
            }
        };
    }

    /**
     * Consecutive elements stacked into batches of {@code size} along a new leading axis; the last
     * batch may be smaller. Elements must be {@link Sample}s with equal shapes.
     *
     * @param size samples per batch, &gt; 0
     * @return a dataset of batched samples
     * @throws IllegalArgumentException when {@code size} is not positive
     */
    public Dataset<Sample> batch(int size) {
        return batch(size, false);
    }

    /**
     * As {@link #batch(int)}; with {@code dropRemainder} a last, smaller batch is left out.
     *
     * @param size samples per batch, &gt; 0
     * @param dropRemainder true to drop a last batch smaller than {@code size}
     * @return a dataset of batched samples
     * @throws IllegalArgumentException when {@code size} is not positive
     */
    public Dataset<Sample> batch(int size, boolean dropRemainder) {
        if (size <= 0) {
            throw new IllegalArgumentException("batch size must be > 0, got " + size);
        }
        Dataset<T> source = this;
        return new Dataset<>() {
            @Override
            public DataIterator<Sample> iterator() {
                DataIterator<T> it = source.iterator();
                return new Wrapped<>(it) {
                    private Sample pending;

                    @Override
                    public boolean hasNext() {
                        if (pending == null) {
                            List<Sample> group = new ArrayList<>(size);
                            while (group.size() < size && it.hasNext()) {
                                T t = it.next();
                                if (!(t instanceof Sample s)) {
                                    throw new IllegalStateException("batch needs Sample elements, got "
                                            + (t == null ? "null" : t.getClass().getName()));
                                }
                                group.add(s);
                            }
                            if (!group.isEmpty() && (!dropRemainder || group.size() == size)) {
                                pending = Batches.stack(group);
                            }
                        }
                        return pending != null;
                    }

                    @Override
                    public Sample next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        Sample s = pending;
                        pending = null;
                        return s;
                    }
                };
            }
        };
    }

    /**
     * Reads ahead on a background (daemon) thread into a queue of {@code bufferSize} elements, so
     * that reading and parsing overlap with training. Exceptions of the source surface in
     * {@code next()}; closing the iterator stops the thread.
     *
     * @param bufferSize elements read ahead, &gt; 0
     * @return the prefetching dataset
     * @throws IllegalArgumentException when {@code bufferSize} is not positive
     */
    public Dataset<T> prefetch(int bufferSize) {
        if (bufferSize <= 0) {
            throw new IllegalArgumentException("prefetch buffer size must be > 0, got " + bufferSize);
        }
        Dataset<T> source = this;
        return new Dataset<>() {
            @Override
            public DataIterator<T> iterator() {
                return new Prefetcher<>(source, bufferSize);
            }
        };
    }

    /**
     * Every element in a list (for small datasets and tests).
     *
     * @return the elements of one full iteration, in order
     */
    public List<T> toList() {
        List<T> out = new ArrayList<>();
        try (DataIterator<T> it = iterator()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    private static void requireNonNegative(String op, long n) {
        if (n < 0) {
            throw new IllegalArgumentException(op + " needs a count >= 0, got " + n);
        }
    }
}
