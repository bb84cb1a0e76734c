package dev.engram.spark;

import java.util.ArrayList;
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
        int partition = task == null ? -1 : task.partitionId();
        return new Iterator<>() {
            private final List<Row> out = new ArrayList<>();
            private int next;
            private long rowNumber;

            @Override
            public boolean hasNext() {
                if (next < out.size()) {
                    return true;
                }
                out.clear();
                next = 0;
                if (rows.hasNext()) {
                    scoreBatch(model, rows, partition, out);
                }
                return next < out.size();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return out.get(next++);
            }

            private void scoreBatch(ScoringModel m, Iterator<Row> in, int part, List<Row> sink) {
                int inputs = columnIndexes.length;
                int batchSize = options.batchSize();
                List<Row> batch = new ArrayList<>(batchSize);
                List<String> errors = new ArrayList<>(batchSize);
                float[][] x = new float[inputs][];
                for (int i = 0; i < inputs; i++) {
                    x[i] = new float[batchSize * m.inputSize(i)];
                }
                int good = 0;
                while (batch.size() < batchSize && in.hasNext()) {
                    Row row = in.next();
                    String error = null;
                    for (int i = 0; i < inputs && error == null; i++) {
                        error = RowValues.read(row, columnIndexes[i], columnNames[i], x[i], good * m.inputSize(i),
                                m.inputSize(i), "model input " + i + " " + m.inputShapes().get(i));
                    }
                    if (error != null && options.errorCol() == null) {
                        throw new BadRowException("partition " + part + ", row " + rowNumber + ": " + error
                                + " (set an error column to keep going: ScoringOptions.withErrorColumn)");
                    }
                    rowNumber++;
                    batch.add(row);
                    errors.add(error);
                    if (error == null) {
                        good++;
                    }
                }
                float[][] y = new float[options.outputCols().size()][];
                for (int o = 0; o < y.length; o++) {
                    y[o] = new float[good * m.outputSize(o)];
                }
                if (good > 0) {
                    m.predict(x, good, y);
                }
                int g = 0;
                for (int r = 0; r < batch.size(); r++) {
                    Row row = batch.get(r);
                    String error = errors.get(r);
                    int extra = y.length + (options.errorCol() != null ? 1 : 0);
                    Object[] values = new Object[row.size() + extra];
                    for (int c = 0; c < row.size(); c++) {
                        values[c] = row.get(c);
                    }
                    for (int o = 0; o < y.length; o++) {
                        if (error == null) {
                            int size = m.outputSize(o);
                            float[] v = new float[size];
                            System.arraycopy(y[o], g * size, v, 0, size);
                            values[row.size() + o] = v;
                        }
                    }
                    if (options.errorCol() != null) {
                        values[values.length - 1] = error;
                    }
                    if (error == null) {
                        g++;
                    }
                    sink.add(RowFactory.create(values));
                }
            }
        };
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
