package dev.engram.spark;

import java.util.List;
import org.apache.spark.sql.Row;

/** Reads a row's numeric columns (numbers, nested arrays of numbers) into a float array. */
final class RowValues {
    private RowValues() {
    }

    /**
     * Writes the values of {@code columns} of {@code row} into {@code dst} from {@code offset};
     * returns null, or why the row is unusable (null, too many or too few values) for
     * {@code what}, which expects {@code size} values.
     */
    static String read(Row row, int[] columns, String[] names, float[] dst, int offset, int size, String what) {
        int n = 0;
        for (int c = 0; c < columns.length; c++) {
            Object v = row.get(columns[c]);
            int wrote = write(v, dst, offset + n, size - n);
            if (wrote == NULL) {
                return "column '" + names[c] + "' is null or holds a null";
            }
            if (wrote == TOO_MANY) {
                return "columns " + List.of(names) + " hold more than the " + size + " values " + what + " takes";
            }
            n += wrote;
        }
        if (n != size) {
            return "columns " + List.of(names) + " hold " + n + " values; " + what + " takes " + size;
        }
        return null;
    }

    private static final int NULL = -1;
    private static final int TOO_MANY = -2;

    private static int write(Object v, float[] dst, int at, int room) {
        if (v == null) {
            return NULL;
        }
        if (v instanceof Number num) {
            if (room < 1) {
                return TOO_MANY;
            }
            dst[at] = num.floatValue();
            return 1;
        }
        if (v instanceof scala.collection.Seq<?> seq) {
            int n = 0;
            scala.collection.Iterator<?> it = seq.iterator();
            while (it.hasNext()) {
                int w = write(it.next(), dst, at + n, room - n);
                if (w < 0) {
                    return w;
                }
                n += w;
            }
            return n;
        }
        if (v instanceof float[] fs) {
            if (fs.length > room) {
                return TOO_MANY;
            }
            System.arraycopy(fs, 0, dst, at, fs.length);
            return fs.length;
        }
        throw new IllegalArgumentException("cannot read a " + v.getClass().getName() + " as model input values");
    }
}
