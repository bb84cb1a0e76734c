package dev.engram.data;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A CSV file read as it is consumed, one {@link Sample} per line, as {@code tf.data.experimental
 * .make_csv_dataset} / TF.js {@code tf.data.csv}: feature columns become the input (a vector, or
 * {@link #withFeatureShape any shape}), label columns the target. Columns are named by the header or
 * by 0-based index; each is {@link ColumnType#FLOAT32} unless typed otherwise. Only one line is in
 * memory at a time; every iteration reads the file again. A malformed cell is an
 * {@link IllegalArgumentException} naming the file, line and column.
 *
 * <pre>{@code
 * Dataset<Sample> rows = CsvDataset.of(Path.of("train.csv")).withLabels("y").build();   // features: the rest
 * }</pre>
 */
public final class CsvDataset {
    private final Path file;
    private final boolean header;
    private final char separator;
    private final List<String> features;
    private final List<String> labels;
    private final Map<String, ColumnType> types;
    private final int[] featureShape;

    private CsvDataset(Path file, boolean header, char separator, List<String> features, List<String> labels,
            Map<String, ColumnType> types, int[] featureShape) {
        this.file = file;
        this.header = header;
        this.separator = separator;
        this.features = features;
        this.labels = labels;
        this.types = types;
        this.featureShape = featureShape;
    }

    /**
     * The file {@code file} with a header line, comma-separated, every column but the labels a feature.
     *
     * @param file the CSV file; read on each iteration, not now
     * @return a builder to configure the columns
     */
    public static CsvDataset of(Path file) {
        return new CsvDataset(Objects.requireNonNull(file, "file"), true, ',', null, List.of(), Map.of(), null);
    }

    /**
     * Whether the first line names the columns (default true); without it columns are named "0", "1", ...
     *
     * @param h true when the first line holds column names
     * @return the changed builder
     */
    public CsvDataset withHeader(boolean h) {
        return new CsvDataset(file, h, separator, features, labels, types, featureShape);
    }

    /**
     * Another separator (default ',').
     *
     * @param s the cell separator, e.g. {@code ';'} or {@code '\t'}
     * @return the changed builder
     */
    public CsvDataset withSeparator(char s) {
        return new CsvDataset(file, header, s, features, labels, types, featureShape);
    }

    /**
     * The feature columns, in input order (default: every column that is not a label).
     *
     * @param columns column names (or 0-based numbers as text without a header)
     * @return the changed builder
     */
    public CsvDataset withFeatures(String... columns) {
        return new CsvDataset(file, header, separator, List.of(columns), labels, types, featureShape);
    }

    /**
     * The label columns, in target order (default: none, for inference data).
     *
     * @param columns column names (or 0-based numbers as text without a header)
     * @return the changed builder
     */
    public CsvDataset withLabels(String... columns) {
        return new CsvDataset(file, header, separator, features, List.of(columns), types, featureShape);
    }

    /**
     * The type of one column (default {@link ColumnType#FLOAT32}).
     *
     * @param column the column's name
     * @param type how its cells are parsed
     * @return the changed builder
     */
    public CsvDataset withColumnType(String column, ColumnType type) {
        Map<String, ColumnType> t = new LinkedHashMap<>(types);
        t.put(column, Objects.requireNonNull(type, "type"));
        return new CsvDataset(file, header, separator, features, labels, Map.copyOf(t), featureShape);
    }

    /**
     * Reshape each feature vector, e.g. {@code (32, 1)} for 32 time steps of one feature.
     *
     * @param shape the per-sample input shape; its size must equal the number of feature columns
     * @return the changed builder
     */
    public CsvDataset withFeatureShape(int... shape) {
        return new CsvDataset(file, header, separator, features, labels, types, shape.clone());
    }

    /**
     * The dataset; the header is checked now, the rows as they are read.
     *
     * @return one {@link Sample} per data row
     * @throws IllegalArgumentException when the file is empty, a named column does not exist, or the feature shape
     *                                  does not hold the feature columns
     * @throws java.io.UncheckedIOException when the header cannot be read
     */
    public Dataset<Sample> build() {
        List<String> names = columnNames();
        int[] f = features != null ? indices(names, features) : rest(names);
        int[] l = indices(names, labels);
        ColumnType[] typeOf = new ColumnType[names.size()];
        Arrays.fill(typeOf, ColumnType.FLOAT32);
        types.forEach((k, v) -> typeOf[indices(names, List.of(k))[0]] = v);
        Shape xShape = featureShape == null ? Shape.of(f.length) : Shape.of(featureShape);
        if (xShape.size() != f.length) {
            throw new IllegalArgumentException(file + ": feature shape " + xShape + " does not hold the " + f.length
                    + " feature columns");
        }
        Shape yShape = Shape.of(l.length);
        return new Dataset<>() {
            @Override
            public DataIterator<Sample> iterator() {
                return new Rows(names.size(), f, l, typeOf, xShape, yShape);
            }
        };
    }

    private List<String> columnNames() {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            if (first == null) {
                throw new IllegalArgumentException(file + ": empty CSV file");
            }
            String[] cells = split(first, separator, -1);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < cells.length; i++) {
                names.add(header ? cells[i].trim() : Integer.toString(i));
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private int[] indices(List<String> names, List<String> columns) {
        int[] idx = new int[columns.size()];
        for (int i = 0; i < idx.length; i++) {
            String c = columns.get(i);
            int at = names.indexOf(c);
            if (at < 0 && c.chars().allMatch(Character::isDigit) && !c.isEmpty()) {
                at = Integer.parseInt(c);
                at = at < names.size() ? at : -1;
            }
            if (at < 0) {
                throw new IllegalArgumentException(file + ": no column '" + c + "'; the columns are " + names);
            }
            idx[i] = at;
        }
        return idx;
    }

    private int[] rest(List<String> names) {
        List<Integer> l = Arrays.stream(indices(names, labels)).boxed().toList();
        return java.util.stream.IntStream.range(0, names.size()).filter(i -> !l.contains(i)).toArray();
    }

    private static String[] split(String line, char sep, int expected) {
        String[] out = new String[Math.max(expected, 1)];
        int n = 0;
        int from = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == sep) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                out[n++] = line.substring(from, i);
                from = i + 1;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** One pass over the file. */
    private final class Rows implements DataIterator<Sample> {
        private final int width;
        private final int[] f;
        private final int[] l;
        private final ColumnType[] typeOf;
        private final Shape xShape;
        private final Shape yShape;
        private final BufferedReader reader;
        private String line;
        private long lineNo;

        Rows(int width, int[] f, int[] l, ColumnType[] typeOf, Shape xShape, Shape yShape) {
            this.width = width;
            this.f = f;
            this.l = l;
            this.typeOf = typeOf;
            this.xShape = xShape;
            this.yShape = yShape;
            try {
                reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                if (header) {
                    reader.readLine();
                    lineNo = 1;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public boolean hasNext() {
            try {
                while (line == null) {
                    line = reader.readLine();
                    if (line == null) {
                        return false;
                    }
                    lineNo++;
                    if (line.isBlank()) {
                        line = null;
                    }
                }
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(file + ":" + lineNo + ": " + e.getMessage(), e);
            }
        }

        @Override
        public Sample next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String[] cells = split(line, separator, width);
            line = null;
            if (cells.length != width) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": " + cells.length + " cells, the "
                        + (header ? "header has " : "first line has ") + width);
            }
            Tensor x = Tensor.wrap(xShape, parse(cells, f));
            return l.length == 0 ? Sample.of(x) : Sample.of(x, Tensor.wrap(yShape, parse(cells, l)));
        }

        private float[] parse(String[] cells, int[] cols) {
            float[] v = new float[cols.length];
            for (int i = 0; i < cols.length; i++) {
                String c = cells[cols[i]].trim();
                try {
                    v[i] = typeOf[cols[i]] == ColumnType.INT32 ? Integer.parseInt(c) : Float.parseFloat(c);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": column " + (cols[i] + 1) + " ('"
                            + columnName(cols[i]) + "'): '" + c + "' is not " + (typeOf[cols[i]] == ColumnType.INT32
                            ? "an integer" : "a number"), e);
                }
            }
            return v;
        }

        private String columnName(int i) {
            return header ? columnNames().get(i) : Integer.toString(i);
        }

        @Override
        public void close() {
            try {
                reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": " + e.getMessage(), e);
            }
        }
    }
}
