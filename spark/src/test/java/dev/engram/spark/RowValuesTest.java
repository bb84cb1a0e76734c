package dev.engram.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** Every array form a row can hold reads the same values and reports the same bad rows. */
class RowValuesTest {
    static final int[] COLS = {0};
    static final String[] NAMES = {"w"};

    static String read(Object value, float[] dst) {
        Row row = RowFactory.create(value);
        return RowValues.read(row, COLS, NAMES, dst, 1, 3, "input");
    }

    @Test
    void boxedPrimitiveAndWrappedArraysReadAlike() {
        Object[] forms = {
            new float[] {1, 2, 3},
            new double[] {1, 2, 3},
            new int[] {1, 2, 3},
            new Object[] {1f, 2.0, 3L},
            scala.collection.mutable.ArraySeq.make(new Object[] {1f, 2f, 3f}),
            scala.collection.mutable.ArraySeq.make(new float[] {1, 2, 3}),
            scala.collection.immutable.ArraySeq.unsafeWrapArray(new double[] {1, 2, 3}),
            scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(1f, 2f, 3f)).toList(),
        };
        for (Object form : forms) {
            float[] dst = new float[5];
            assertNull(read(form, dst), form.getClass().getName());
            assertArrayEquals(new float[] {0, 1, 2, 3, 0}, dst, form.getClass().getName());
        }
    }

    @Test
    void nullsAndWrongLengthsAreReportedTheSameInEveryForm() {
        float[] dst = new float[5];
        String tooMany = "columns [w] hold more than the 3 values input takes";
        assertEquals(tooMany, read(new float[] {1, 2, 3, 4}, dst));
        assertEquals(tooMany, read(scala.collection.mutable.ArraySeq.make(new Object[] {1f, 2f, 3f, 4f}), dst));
        assertEquals("columns [w] hold 2 values; input takes 3", read(new double[] {1, 2}, dst));
        String nul = "column 'w' is null or holds a null";
        assertEquals(nul, read(scala.collection.mutable.ArraySeq.make(new Object[] {1f, null, 3f}), dst));
        assertEquals(nul, read(null, dst));
        // The first problem in element order wins: a null before the overflow, an overflow before a null.
        assertEquals(nul, read(scala.collection.mutable.ArraySeq.make(new Object[] {1f, 2f, 3f, null}), dst));
        assertEquals(tooMany, read(scala.collection.mutable.ArraySeq.make(new Object[] {1f, 2f, 3f, 4f, null}), dst));
    }

    @Test
    void passesArraysOutWithoutTheirWrapper() {
        Object[] boxed = {1f, 2f};
        assertSame(boxed, RowValues.passThrough(scala.collection.mutable.ArraySeq.make(boxed)));
        String[] strings = {"a"};
        Object wrapped = scala.collection.mutable.ArraySeq.make(strings);
        assertSame(wrapped, RowValues.passThrough(wrapped));
        assertEquals("x", RowValues.passThrough("x"));
    }
}
