package dev.engram.spark;

import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Reads a row's numeric columns (numbers, nested arrays of numbers) into a float array.
 *
 * <p>Spark 4's row encoder hands an array column to a {@link Row} as a Scala {@code ArraySeq}
 * over an {@code Object[]} of boxed values (whatever the element type and nullability); the
 * array behind it is read directly (no Scala iterator) and passed back out as it is, so the
 * encoder does not copy it through a builder again. A row built by hand may hold a primitive
 * array ({@code float[]}, {@code double[]}): it is copied without boxing.
 */
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

    /**
     * A column value to put into an output row: the array behind a Scala array wrapper (the row
     * encoder writes an array as it is, where it would first copy the wrapper into a new array
     * through a builder), else the value itself.
     */
    static Object passThrough(Object v) {
        Object array = arrayOf(v);
        return array != null ? array : v;
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
        Object array = arrayOf(v);
        if (array instanceof Object[] boxed) {
            int n = 0;
            for (Object e : boxed) {
                int w = write(e, dst, at + n, room - n);
                if (w < 0) {
                    return w;
                }
                n += w;
            }
            return n;
        }
        if (array != null) {
            return writePrimitives(array, dst, at, room);
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
        throw new IllegalArgumentException("cannot read a " + v.getClass().getName() + " as model input values");
    }

    /**
     * The array {@code v} is or wraps: a primitive array, an {@code Object[]} (exactly that class,
     * so a {@code String[]} is not mistaken for numbers' boxes), or null for anything else.
     */
    private static Object arrayOf(Object v) {
        Object a = v;
        if (v instanceof scala.collection.mutable.ArraySeq<?> s) {
            a = s.array();
        } else if (v instanceof scala.collection.immutable.ArraySeq<?> s) {
            a = s.unsafeArray();
        }
        if (a == null) {
            return null;
        }
        Class<?> c = a.getClass();
        return c == Object[].class || (c.isArray() && c.getComponentType().isPrimitive()) ? a : null;
    }

    /** Primitive arrays hold no nulls: the only failure is more values than {@code room}. */
    private static int writePrimitives(Object array, float[] dst, int at, int room) {
        if (array instanceof float[] fs) {
            if (fs.length > room) {
                return TOO_MANY;
            }
            System.arraycopy(fs, 0, dst, at, fs.length);
            return fs.length;
        }
        if (array instanceof double[] ds) {
            if (ds.length > room) {
                return TOO_MANY;
            }
            for (int k = 0; k < ds.length; k++) {
                dst[at + k] = (float) ds[k];
            }
            return ds.length;
        }
        int n = java.lang.reflect.Array.getLength(array);
        if (n > room) {
            return TOO_MANY;
        }
        for (int k = 0; k < n; k++) {
            Object e = java.lang.reflect.Array.get(array, k);
            if (!(e instanceof Number num)) {
                throw new IllegalArgumentException("cannot read a " + array.getClass().getComponentType()
                        + " array as model input values");
            }
            dst[at + k] = num.floatValue();
        }
        return n;
    }
}
