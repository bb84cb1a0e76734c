package dev.engram.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * A training set prepared for the distributed trainers: each partition of a Dataset packed once
 * into float arrays (a {@link Block}) and cached in executor memory, every row numbered by its
 * position in the Dataset (so batches are the same whatever the partitioning).
 *
 * <p>Features and labels are read as batch scoring reads inputs: numbers or (nested) arrays of
 * numbers, flattened row-major; their per-row sizes must equal {@code featureSize} and
 * {@code labelSize}. A null or wrong-length row fails with a {@link BadRowException}.
 */
public final class TrainingData implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The cached partition blocks; driver side only. */
    private final transient JavaRDD<Block> blocks;
    /** Number of rows. */
    private final long count;
    /** Floats per row of features. */
    private final int featureSize;
    /** Floats per row of labels. */
    private final int labelSize;

    private TrainingData(JavaRDD<Block> blocks, long count, int featureSize, int labelSize) {
        this.blocks = blocks;
        this.count = count;
        this.featureSize = featureSize;
        this.labelSize = labelSize;
    }

    /** The rows of one partition: their global positions, features and labels, row-major. */
    public record Block(long[] index, float[] x, float[] y) implements Serializable {
        /**
         * Number of rows.
         *
         * @return the rows in this block
         */
        public int rows() {
            return index.length;
        }
    }

    /**
     * Packs {@code data} (features in {@code featuresCol}, targets in {@code labelCol}) and caches
     * it; the Dataset's order numbers the rows.
     *
     * @param data the training rows
     * @param featuresCol a numeric array column, {@code featureSize} values per row
     * @param labelCol a numeric or numeric array column, {@code labelSize} values per row
     * @param featureSize floats per row of features (the flattened per-sample input)
     * @param labelSize floats per row of labels
     * @return the packed, cached data
     */
    public static TrainingData of(Dataset<Row> data, String featuresCol, String labelCol, int featureSize,
            int labelSize) {
        int fi = data.schema().fieldIndex(featuresCol);
        int li = data.schema().fieldIndex(labelCol);
        JavaRDD<Block> blocks = data.javaRDD().zipWithIndex().mapPartitions((Iterator<Tuple2<Row, Long>> rows) -> {
            List<Long> index = new ArrayList<>();
            FloatList xs = new FloatList();
            FloatList ys = new FloatList();
            float[] x = new float[featureSize];
            float[] y = new float[labelSize];
            while (rows.hasNext()) {
                Tuple2<Row, Long> r = rows.next();
                String error = RowValues.read(r._1(), new int[] {fi}, new String[] {featuresCol}, x, 0, featureSize,
                        "the model input");
                if (error == null) {
                    error = RowValues.read(r._1(), new int[] {li}, new String[] {labelCol}, y, 0, labelSize,
                            "the model output");
                }
                if (error != null) {
                    throw new BadRowException("training row " + r._2() + ": " + error);
                }
                index.add(r._2());
                xs.add(x);
                ys.add(y);
            }
            long[] idx = index.stream().mapToLong(Long::longValue).toArray();
            return List.of(new Block(idx, xs.toArray(), ys.toArray())).iterator();
        }).persist(StorageLevel.MEMORY_AND_DISK());
        long count = blocks.map(Block::rows).fold(0, Integer::sum);
        return new TrainingData(blocks, count, featureSize, labelSize);
    }

    /**
     * The same rows (same positions, hence the same batches) spread over {@code partitions}
     * partitions, cached; this one stays cached until {@link #unpersist}.
     *
     * @param partitions the new number of partitions, &gt; 0
     * @return new training data with the same rows
     */
    public TrainingData repartitioned(int partitions) {
        int fs = featureSize;
        int ls = labelSize;
        JavaRDD<Block> spread = blocks.flatMap((Block b) -> {
            List<Block> single = new ArrayList<>(b.rows());
            for (int i = 0; i < b.rows(); i++) {
                single.add(new Block(new long[] {b.index()[i]},
                        java.util.Arrays.copyOfRange(b.x(), i * fs, (i + 1) * fs),
                        java.util.Arrays.copyOfRange(b.y(), i * ls, (i + 1) * ls)));
            }
            return single.iterator();
        }).repartition(partitions).mapPartitions((Iterator<Block> it) -> {
            List<Long> index = new ArrayList<>();
            FloatList xs = new FloatList();
            FloatList ys = new FloatList();
            while (it.hasNext()) {
                Block b = it.next();
                index.add(b.index()[0]);
                xs.add(b.x());
                ys.add(b.y());
            }
            return List.of(new Block(index.stream().mapToLong(Long::longValue).toArray(), xs.toArray(), ys.toArray()))
                    .iterator();
        }).persist(StorageLevel.MEMORY_AND_DISK());
        return new TrainingData(spread, count, featureSize, labelSize);
    }

    /**
     * The cached partition blocks.
     *
     * @return the blocks, one per partition
     */
    public JavaRDD<Block> blocks() {
        return blocks;
    }

    /**
     * Number of rows.
     *
     * @return the number of rows
     */
    public long count() {
        return count;
    }

    /**
     * Floats per row of features.
     *
     * @return floats per row of features
     */
    public int featureSize() {
        return featureSize;
    }

    /**
     * Floats per row of labels.
     *
     * @return floats per row of labels
     */
    public int labelSize() {
        return labelSize;
    }

    /** Releases the cached blocks. */
    public void unpersist() {
        blocks.unpersist(false);
    }

    /** A growable float array (the partition's size is unknown until its rows are read). */
    private static final class FloatList {
        private float[] a = new float[1024];
        private int n;

        void add(float[] values) {
            if (n + values.length > a.length) {
                a = java.util.Arrays.copyOf(a, Math.max(a.length * 2, n + values.length));
            }
            System.arraycopy(values, 0, a, n, values.length);
            n += values.length;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
