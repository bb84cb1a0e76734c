package dev.engram.io.onnx.codec;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.Arrays;

/**
 * A value flowing through an ONNX graph: either float data (an engine {@link Tensor}; doubles and
 * halves are converted to it) or integer data ({@code long[]}; int32, int64, bool and the small
 * integer types, which PyTorch's exporter uses for shape arithmetic). Immutable by convention: ops
 * never write into a value they did not create.
 *
 * <p>Booleans have no kind of their own: a {@code bool} tensor is integer data holding 0 or 1 (as
 * decoded from a file, produced by {@code Cast(to=BOOL)}, comparisons and logic ops), and every op
 * that reads a condition treats non-zero as true. {@code Cast} of such a value to float gives
 * 0.0/1.0, as ONNX specifies; the only thing lost is the distinction between a bool and an int 0/1
 * tensor, which no supported op needs.
 */
public final class Value {
    private final int[] shape;
    private final Tensor floats;
    private final long[] longs;

    private Value(int[] shape, Tensor floats, long[] longs) {
        this.shape = shape;
        this.floats = floats;
        this.longs = longs;
    }

    /** A float value backed by {@code data} (not copied). */
    public static Value ofFloats(int[] shape, float[] data) {
        return new Value(shape.clone(), Tensor.wrap(Shape.of(shape), data), null);
    }

    /** A float value of an engine tensor. */
    public static Value of(Tensor t) {
        return new Value(t.shape().toArray(), t, null);
    }

    /** An integer value backed by {@code data} (not copied). */
    public static Value ofLongs(int[] shape, long[] data) {
        if (Shapes.size(shape) != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs "
                    + Shapes.size(shape) + " values, got " + data.length);
        }
        return new Value(shape.clone(), null, data);
    }

    /** A 1-D integer value. */
    public static Value ofLongs(long... data) {
        return new Value(new int[] {data.length}, null, data);
    }

    /** True for float data. */
    public boolean isFloat() {
        return floats != null;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Rank. */
    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code axis}. */
    public int dim(int axis) {
        return shape[axis];
    }

    /** Number of elements. */
    public int size() {
        return isFloat() ? floats.size() : longs.length;
    }

    /** The float tensor; throws for integer values. */
    public Tensor tensor() {
        if (floats == null) {
            throw new IllegalStateException("expected float data, found an integer tensor of shape "
                    + Arrays.toString(shape));
        }
        return floats;
    }

    /** The float data (read-only), converting integer data if needed. */
    public float[] floats() {
        if (floats != null) {
            return floats.buffer();
        }
        float[] r = new float[longs.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = longs[i];
        }
        return r;
    }

    /** The integer data (read-only), converting float data by truncation if needed. */
    public long[] longs() {
        if (longs != null) {
            return longs;
        }
        float[] f = floats.buffer();
        long[] r = new long[f.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (long) f[i];
        }
        return r;
    }

    /** The same data with another shape of equal size. */
    public Value reshape(int[] newShape) {
        if (Shapes.size(newShape) != size()) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " to "
                    + Arrays.toString(newShape));
        }
        return isFloat() ? ofFloats(newShape, floats.buffer()) : ofLongs(newShape, longs);
    }

    /** A value of the same kind (float or integer) with new data taken from {@code index} of this one. */
    public Value gatherFlat(int[] newShape, int[] index) {
        if (isFloat()) {
            float[] src = floats.buffer();
            float[] d = new float[index.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = src[index[i]];
            }
            return ofFloats(newShape, d);
        }
        long[] d = new long[index.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = longs[index[i]];
        }
        return ofLongs(newShape, d);
    }

    @Override
    public String toString() {
        return (isFloat() ? "float" : "int64") + Arrays.toString(shape);
    }
}
