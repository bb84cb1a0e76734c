package dev.engram.models;

import dev.engram.data.DataIterator;
import dev.engram.data.Dataset;
import dev.engram.data.Sample;
import dev.engram.tensor.Tensor;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** Where {@code fit} takes each epoch's batches from: tensors in memory or a dataset. */
interface BatchSource {

    /** Batches per epoch, or -1 while unknown (a dataset before its first complete pass). */
    int batchesPerEpoch();

    /** Samples per epoch, or -1 while unknown. */
    long samplesPerEpoch();

    /** The nominal batch size (the first batch's size for a dataset, once seen). */
    int batchSize();

    /** The batches of {@code epoch} from batch {@code first} on; shuffling derives from {@code seed}. */
    DataIterator<Sample> epoch(int epoch, int first, long seed);

    /** Notes the end of a full pass of {@code batches} batches and {@code samples} samples. */
    default void passEnded(int batches, long samples) {
    }

    /** Releases a pass kept open across epochs (its file, its prefetch thread) when training ends. */
    default void close() {
    }

    /** Rows of tensors in memory, in batches, reshuffled each epoch when asked (TF.js order of operations). */
    static BatchSource of(List<Tensor> x, List<Tensor> y, Tensor weights, int batchSize, boolean shuffle) {
        int n = x.get(0).shape().dim(0);
        int batches = (n + batchSize - 1) / batchSize;
        return new BatchSource() {
            @Override
            public int batchesPerEpoch() {
                return batches;
            }

            @Override
            public long samplesPerEpoch() {
                return n;
            }

            @Override
            public int batchSize() {
                return batchSize;
            }

            @Override
            public DataIterator<Sample> epoch(int epoch, int first, long seed) {
                int[] order = shuffle ? EpochRandom.permutation(n, seed, epoch) : null;
                return DataIterator.of(new Iterator<Sample>() {
                    private int b = first;

                    @Override
                    public boolean hasNext() {
                        return b < batches;
                    }

                    @Override
                    public Sample next() {
                        if (b >= batches) {
                            throw new NoSuchElementException();
                        }
                        int from = b * batchSize;
                        int to = Math.min(n, from + batchSize);
                        b++;
                        if (order == null) {
                            return new Sample(slice(x, from, to), slice(y, from, to),
                                    weights == null ? null : weights.slice(from, to));
                        }
                        int[] idx = Arrays.copyOfRange(order, from, to);
                        return new Sample(x.stream().map(t -> t.gather(idx)).toList(),
                                y.stream().map(t -> t.gather(idx)).toList(),
                                weights == null ? null : weights.gather(idx));
                    }
                });
            }
        };
    }

    /**
     * Batches of a dataset. Without {@code stepsPerEpoch} each epoch is one full pass; with it each
     * epoch takes that many batches, continuing the pass of the previous epoch and starting a new
     * pass when the dataset is exhausted (as {@code fitDataset} with {@code batchesPerEpoch}).
     */
    static BatchSource of(Dataset<Sample> data, int stepsPerEpoch) {
        return new BatchSource() {
            private int batches = stepsPerEpoch > 0 ? stepsPerEpoch : -1;
            private long samples = -1;
            private int batchSize = -1;
            private DataIterator<Sample> open;

            @Override
            public int batchesPerEpoch() {
                return batches;
            }

            @Override
            public long samplesPerEpoch() {
                return samples;
            }

            @Override
            public int batchSize() {
                return batchSize;
            }

            @Override
            public DataIterator<Sample> epoch(int epoch, int first, long seed) {
                DataIterator<Sample> it;
                if (stepsPerEpoch <= 0) {
                    it = data.iterator();
                } else {
                    if (open == null) {
                        open = data.repeat().iterator();
                    }
                    it = open;
                }
                for (int i = 0; i < first && it.hasNext(); i++) {
                    it.next();
                }
                DataIterator<Sample> source = it;
                int limit = stepsPerEpoch > 0 ? stepsPerEpoch - first : Integer.MAX_VALUE;
                return new DataIterator<>() {
                    private int taken;

                    @Override
                    public boolean hasNext() {
                        return taken < limit && source.hasNext();
                    }

                    @Override
                    public Sample next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        taken++;
                        Sample s = source.next();
                        if (batchSize < 0) {
                            batchSize = s.batchSize();
                        }
                        return s;
                    }

                    @Override
                    public void close() {
                        // A continued pass stays open for the next epoch.
                        if (stepsPerEpoch <= 0) {
                            source.close();
                        }
                    }
                };
            }

            @Override
            public void close() {
                if (open != null) {
                    open.close();
                    open = null;
                }
            }

            @Override
            public void passEnded(int batchCount, long sampleCount) {
                if (stepsPerEpoch <= 0) {
                    batches = batchCount;
                }
                samples = sampleCount;
            }
        };
    }

    private static List<Tensor> slice(List<Tensor> ts, int from, int to) {
        return ts.stream().map(t -> t.slice(from, to)).toList();
    }
}
