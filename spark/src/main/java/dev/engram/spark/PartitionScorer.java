package dev.engram.spark;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Scores one partition: rows are read in batches of {@link ScoringOptions#batchSize()}, packed
 * into one float array per model input, predicted with the executor's cached model, and written
 * back as the input row plus one array column per output (plus the error column when asked).
 * Rows keep their order.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ModelSource source;
    private final ScoringOptions options;
    private final int[][] columnIndexes;
    private final String[][] columnNames;

    private PartitionScorer(ModelSource source, ScoringOptions options, StructType schema) {
        this.source = source;
        this.options = options;
        this.columnIndexes = new int[options.inputs().size()][];
        this.columnNames = new String[options.inputs().size()][];
        for (int i = 0; i < columnIndexes.length; i++) {
            List<String> cols = options.inputs().get(i);
            columnIndexes[i] = new int[cols.size()];
            columnNames[i] = cols.toArray(String[]::new);
            for (int c = 0; c < cols.size(); c++) {
                columnIndexes[i][c] = indexOf(schema, cols.get(c));
                requireNumeric(schema.fields()[columnIndexes[i][c]]);
            }
        }
    }

    /** The function and the schema of its output rows for input rows of {@code schema}. */
    static PartitionScorer of(ModelSource source, ScoringOptions options, StructType schema) {
        return new PartitionScorer(source, options, schema);
    }

    static StructType outputSchema(StructType schema, ScoringOptions options) {
        StructType out = schema;
        for (String col : options.outputCols()) {
            requireNew(schema, col);
            out = out.add(col, DataTypes.createArrayType(DataTypes.FloatType, false), true);
        }
        if (options.errorCol() != null) {
            requireNew(schema, options.errorCol());
            out = out.add(options.errorCol(), DataTypes.StringType, true);
        }
        return out;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ScoringModel model = ScoringModels.get(source);
        if (model.inputShapes().size() != columnIndexes.length || model.outputShapes().size() != options.outputCols().size()) {
            throw new IllegalArgumentException("model " + model.name() + " has " + model.inputShapes().size()
                    + " inputs and " + model.outputShapes().size() + " outputs; the scoring options name "
                    + columnIndexes.length + " inputs " + options.inputs() + " and outputs " + options.outputCols());
        }
        TaskContext task = TaskContext.get();
        return new Batches(model, rows, task == null ? -1 : task.partitionId());
    }

    /**
     * The scored rows of one partition, one batch at a time. The batch buffers (model inputs,
     * outputs, rows, errors) are allocated once per partition and reused for every batch.
     */
    private final class Batches implements Iterator<Row> {
        private final ScoringModel model;
        private final Iterator<Row> in;
        private final int partition;
        private final int[] inputSizes;
        private final int[] outputSizes;
        private final String[] what;
        private final float[][] x;
        private final float[][] y;
        private final Row[] batch;
        private final String[] errors;
        private final boolean errorColumn;
        private final Row[] out;
        private int size;
        private int next;
        private long rowNumber;

        Batches(ScoringModel model, Iterator<Row> in, int partition) {
            this.model = model;
            this.in = in;
            this.partition = partition;
            int batchSize = options.batchSize();
            inputSizes = new int[columnIndexes.length];
            what = new String[columnIndexes.length];
            x = new float[columnIndexes.length][];
            for (int i = 0; i < x.length; i++) {
                inputSizes[i] = model.inputSize(i);
                what[i] = "model input " + i + " " + model.inputShapes().get(i);
                x[i] = new float[batchSize * inputSizes[i]];
            }
            outputSizes = new int[options.outputCols().size()];
            y = new float[outputSizes.length][];
            for (int o = 0; o < y.length; o++) {
                outputSizes[o] = model.outputSize(o);
                y[o] = new float[batchSize * outputSizes[o]];
            }
            batch = new Row[batchSize];
            errors = new String[batchSize];
            out = new Row[batchSize];
            errorColumn = options.errorCol() != null;
        }

        @Override
        public boolean hasNext() {
            if (next < size) {
                return true;
            }
            next = 0;
            size = in.hasNext() ? scoreBatch() : 0;
            return next < size;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Row row = out[next];
            out[next++] = null;
            return row;
        }

        /** Reads, predicts and writes up to one batch of rows into {@link #out}; returns their count. */
        private int scoreBatch() {
            int n = 0;
            int good = 0;
            while (n < batch.length && in.hasNext()) {
                Row row = in.next();
                String error = null;
                for (int i = 0; i < x.length && error == null; i++) {
                    error = RowValues.read(row, columnIndexes[i], columnNames[i], x[i], good * inputSizes[i],
                            inputSizes[i], what[i]);
                }
                if (error != null && !errorColumn) {
                    throw new BadRowException("partition " + partition + ", row " + rowNumber + ": " + error
                            + " (set an error column to keep going: ScoringOptions.withErrorColumn)");
                }
                rowNumber++;
                batch[n] = row;
                errors[n++] = error;
                if (error == null) {
                    good++;
                }
            }
            if (good > 0) {
                model.predict(x, good, y);
            }
            int g = 0;
            for (int r = 0; r < n; r++) {
                Row row = batch[r];
                String error = errors[r];
                int width = row.size();
                Object[] values = new Object[width + y.length + (errorColumn ? 1 : 0)];
                for (int c = 0; c < width; c++) {
                    values[c] = RowValues.passThrough(row.get(c));
                }
                if (error == null) {
                    for (int o = 0; o < y.length; o++) {
                        values[width + o] = Arrays.copyOfRange(y[o], g * outputSizes[o], (g + 1) * outputSizes[o]);
                    }
                    g++;
                }
                if (errorColumn) {
                    values[values.length - 1] = error;
                }
                out[r] = RowFactory.create(values);
                batch[r] = null;
                errors[r] = null;
            }
            return n;
        }
    }

    private static int indexOf(StructType schema, String col) {
        for (int i = 0; i < schema.fields().length; i++) {
            if (schema.fields()[i].name().equals(col)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column '" + col + "' in " + schema.simpleString());
    }

    private static void requireNew(StructType schema, String col) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(col)) {
                throw new IllegalArgumentException("output column '" + col + "' already exists in " + schema.simpleString());
            }
        }
    }

    private static void requireNumeric(StructField f) {
        DataType t = f.dataType();
        while (t instanceof ArrayType a) {
            t = a.elementType();
        }
        if (!(t instanceof NumericType)) {
            throw new IllegalArgumentException("column '" + f.name() + "' has type " + f.dataType().simpleString()
                    + "; model inputs take numbers or (nested) arrays of numbers");
        }
    }
}
