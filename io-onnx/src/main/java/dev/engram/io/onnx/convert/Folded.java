package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.codec.Value;
import java.util.Arrays;

/**
 * What {@link GraphFolding} knows about a value the graph computes without reading any input's data. A value that
 * reads some input's data has no {@code Folded} form: only its shape is known (from the probe runs).
 */
sealed interface Folded {
    /** An integer element that depends on the batch size alone, equal to it (a dimension read by Shape). */
    long BATCH = Long.MIN_VALUE;
    /** An integer element that depends on the batch size or on an input dimension the file leaves open. */
    long OPEN = Long.MIN_VALUE + 1;

    /** True when {@code v} is one of the markers above. */
    static boolean marker(long v) {
        return v == BATCH || v == OPEN;
    }

    /** A value known whatever the input: it becomes an initializer. */
    record Const(Value value) implements Folded {
    }

    /**
     * A small integer tensor (a shape, or arithmetic on shapes) of known shape whose elements are known or
     * {@link #BATCH} / {@link #OPEN}: tf2onnx's {@code Shape -> Slice -> Concat} targets that hold the batch size.
     */
    record Sym(int[] shape, long[] elements) implements Folded {
        /** True when no element is a marker. */
        boolean complete() {
            return Arrays.stream(elements).noneMatch(Folded::marker);
        }

        /** The same tensor with markers replaced by {@code fill} (values for the real op to compute on). */
        Value filled(long fill) {
            return Value.ofLongs(shape, Arrays.stream(elements).map(e -> marker(e) ? fill : e).toArray());
        }

        /** 1 where an element is a marker, 0 elsewhere. */
        Value mask() {
            return Value.ofLongs(shape, Arrays.stream(elements).map(e -> marker(e) ? 1 : 0).toArray());
        }
    }

    /**
     * A tensor holding one value everywhere ({@code ConstantOfShape}, ones_like / zeros_like) whose dimensions may
     * hold {@link #BATCH} / {@link #OPEN}. Where an elementwise node reads it and another input supplies those
     * dimensions, it is the same as a constant with 1 there ({@link #broadcastable}).
     *
     * @param scalar the value, rank 0
     * @param dims   the dimensions, markers allowed
     */
    record Fill(Value scalar, long[] dims) implements Folded {
        /** The constant with every marked dimension 1, which broadcasting stretches back. */
        Value broadcastable() {
            int[] shape = Arrays.stream(dims).mapToInt(d -> marker(d) ? 1 : (int) d).toArray();
            int n = dev.engram.io.onnx.codec.Shapes.size(shape);
            if (scalar.isFloat()) {
                float[] f = new float[n];
                Arrays.fill(f, scalar.floats()[0]);
                return Value.ofFloats(shape, f);
            }
            long[] l = new long[n];
            Arrays.fill(l, scalar.longs()[0]);
            return Value.ofLongs(shape, l);
        }

        /** The single value as a double. */
        double number() {
            return scalar.isFloat() ? scalar.floats()[0] : scalar.longs()[0];
        }
    }
}
