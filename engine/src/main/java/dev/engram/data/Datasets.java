package dev.engram.data;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/** Dataset sources: tensors in memory, iterators and suppliers, time-series windows. CSV: {@link CsvDataset}. */
public final class Datasets {
    private Datasets() {
    }

    /**
     * One {@link Sample} per row of {@code x} and {@code y} (the first axis), as
     * {@code tf.data.Dataset.from_tensor_slices((x, y))}.
     *
     * @param x the inputs, {@code [rows, ...]}
     * @param y the targets, {@code [rows, ...]}
     * @return one sample per row, in row order
     */
    public static Dataset<Sample> fromTensors(Tensor x, Tensor y) {
        return fromTensors(List.of(x), List.of(y));
    }

    /**
     * One {@link Sample} per row of every input and target tensor (all with the same first dimension).
     *
     * @param xs one tensor per model input, {@code [rows, ...]}
     * @param ys one tensor per model output, {@code [rows, ...]}; empty for inference data
     * @return one sample per row, in row order
     */
    public static Dataset<Sample> fromTensors(List<Tensor> xs, List<Tensor> ys) {
        List<Tensor> x = List.copyOf(xs);
        List<Tensor> y = List.copyOf(ys);
        int n = x.get(0).shape().dim(0);
        for (Tensor t : x) {
            requireRows(t, n, "input");
        }
        for (Tensor t : y) {
            requireRows(t, n, "target");
        }
        return new Dataset<>() {
            @Override
            public DataIterator<Sample> iterator() {
                return DataIterator.of(new Iterator<Sample>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < n;
                    }

                    @Override
                    public Sample next() {
                        if (i >= n) {
                            throw new NoSuchElementException();
                        }
                        int r = i++;
                        return new Sample(x.stream().map(t -> Batches.row(t, r)).toList(),
                                y.stream().map(t -> Batches.row(t, r)).toList());
                    }
                });
            }
        };
    }

    /**
     * The elements of {@code source}; each iteration calls {@code source.iterator()} anew.
     *
     * @param <T> the element type
     * @param source the elements
     * @return the dataset
     */
    public static <T> Dataset<T> fromIterable(Iterable<T> source) {
        Objects.requireNonNull(source, "source");
        return fromSupplier(source::iterator);
    }

    /**
     * Streams from {@code iterators}: each iteration of the dataset (e.g. each epoch) asks the
     * supplier for a fresh iterator. An {@link AutoCloseable} iterator is closed when its pass ends.
     *
     * @param <T> the element type
     * @param iterators called once per iteration of the dataset
     * @return the dataset
     */
    public static <T> Dataset<T> fromSupplier(Supplier<? extends Iterator<? extends T>> iterators) {
        Objects.requireNonNull(iterators, "iterators");
        return new Dataset<>() {
            @Override
            public DataIterator<T> iterator() {
                Iterator<? extends T> it = iterators.get();
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
                        if (it instanceof AutoCloseable c) {
                            try {
                                c.close();
                            } catch (Exception e) {
                                throw new IllegalStateException("closing the source iterator failed", e);
                            }
                        }
                    }
                };
            }
        };
    }

    /**
     * Sliding windows over a series, as Keras's {@code timeseries_dataset_from_array}: sequence
     * {@code i} takes the rows {@code start + p_i + k * samplingRate}, {@code k < sequenceLength}, of
     * {@code data[startIndex:endIndex]}, where {@code p_i = i * sequenceStride}; its target (when
     * {@code targets} is not null) is row {@code startIndex + p_i} of {@code targets}. There are
     * {@code endIndex - startIndex - (sequenceLength - 1) * samplingRate} start positions (at most
     * the number of target rows), stepped by {@code sequenceStride}. To forecast {@code h} steps
     * after a window, pass {@code targets} = the series shifted by {@code sequenceLength - 1 + h}
     * rows (see {@link #shifted}). With {@link TimeseriesOptions#shuffle()} the start positions are
     * shuffled with the seed (Keras's numpy order cannot be reproduced; the set of windows is the
     * same). Windows are cut as they are read: memory holds the series, not the windows.
     *
     * @param data           the series, {@code [timesteps, ...]}
     * @param targets        one target row per time step, {@code [timesteps, ...]}, or null
     * @param sequenceLength steps per window, &gt; 0
     * @param options        stride, sampling rate, batch size, shuffling, index range
     * @return batches ({@link TimeseriesOptions#batchSize()} windows each) of {@code [batch, sequenceLength, ...]}
     *         inputs, or single windows when the batch size is 0
     */
    public static Dataset<Sample> timeseriesWindows(Tensor data, Tensor targets, int sequenceLength,
            TimeseriesOptions options) {
        int total = data.rank() == 0 ? 0 : data.shape().dim(0);
        int start = options.startIndex();
        int end = options.endIndex() < 0 ? total : options.endIndex();
        if (sequenceLength <= 0) {
            throw new IllegalArgumentException("timeseriesWindows: sequenceLength must be > 0, got " + sequenceLength);
        }
        if (start >= total || end > total || end <= start) {
            throw new IllegalArgumentException("timeseriesWindows: need 0 <= startIndex < endIndex <= " + total
                    + " (the series length), got startIndex " + start + " and endIndex " + end);
        }
        long count = end - start - (long) (sequenceLength - 1) * options.samplingRate();
        if (targets != null) {
            count = Math.min(count, targets.shape().dim(0) - (long) start);
        }
        if (count <= 0) {
            throw new IllegalArgumentException("timeseriesWindows: " + (end - start) + " rows hold no window of "
                    + sequenceLength + " steps at sampling rate " + options.samplingRate());
        }
        int windows = (int) ((count + options.sequenceStride() - 1) / options.sequenceStride());
        Shape rowShape = data.shape().dropFirst();
        int rowSize = rowShape.size();
        Shape windowShape = rowShape.prepend(sequenceLength);
        Dataset<Sample> single = new Dataset<>() {
            private int iterations;

            @Override
            public DataIterator<Sample> iterator() {
                int[] order = new int[windows];
                for (int i = 0; i < windows; i++) {
                    order[i] = i * options.sequenceStride();
                }
                if (options.shuffle()) {
                    SplittableRandom random = new SplittableRandom(options.seed() + 0x9E3779B97F4A7C15L * iterations++);
                    for (int i = windows - 1; i > 0; i--) {
                        int j = random.nextInt(i + 1);
                        int t = order[i];
                        order[i] = order[j];
                        order[j] = t;
                    }
                }
                return DataIterator.of(new Iterator<Sample>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < windows;
                    }

                    @Override
                    public Sample next() {
                        if (i >= windows) {
                            throw new NoSuchElementException();
                        }
                        int p = order[i++];
                        float[] w = new float[sequenceLength * rowSize];
                        for (int k = 0; k < sequenceLength; k++) {
                            System.arraycopy(data.buffer(), (start + p + k * options.samplingRate()) * rowSize, w,
                                    k * rowSize, rowSize);
                        }
                        Tensor x = Tensor.wrap(windowShape, w);
                        return targets == null ? Sample.of(x) : Sample.of(x, Batches.row(targets, start + p));
                    }
                });
            }
        };
        return options.batchSize() > 0 ? single.batch(options.batchSize()) : single;
    }

    /**
     * Rows {@code shift..} of {@code series}: the targets for forecasting with
     * {@link #timeseriesWindows}, e.g. {@code shifted(series, sequenceLength - 1 + horizon)}.
     *
     * @param series the series, {@code [rows, ...]}
     * @param shift the number of leading rows to drop
     * @return the rows from {@code shift} on, {@code [rows - shift, ...]}
     * @throws IllegalArgumentException when {@code shift} is negative or not below the row count
     */
    public static Tensor shifted(Tensor series, int shift) {
        int n = series.shape().dim(0);
        if (shift < 0 || shift >= n) {
            throw new IllegalArgumentException("shifted: shift " + shift + " outside a series of " + n + " rows");
        }
        return series.slice(shift, n);
    }

    private static void requireRows(Tensor t, int n, String what) {
        if (t.rank() == 0 || t.shape().dim(0) != n) {
            throw new IllegalArgumentException("fromTensors: " + what + " of shape " + t.shape() + " does not have "
                    + n + " rows like the first input");
        }
    }
}
