package dev.engram.tensor;

import java.util.Arrays;

/**
 * A dense float32 tensor in row-major (C) order: a flat {@code float[]} and a {@link Shape}.
 *
 * <p>Tensors are values: the factories copy their input, and no operation in the engine modifies a
 * tensor it did not create. {@link #wrap} and {@link #buffer} exist for the engine's own hot paths
 * and for readers that fill large arrays once; code that uses them promises not to mutate the array
 * while the tensor is shared.
 */
public final class Tensor {
    private final Shape shape;
    private final float[] data;

    private Tensor(Shape shape, float[] data) {
        if (!shape.isFullyKnown()) {
            throw new IllegalArgumentException("a tensor needs a fully known shape, got " + shape);
        }
        if (shape.size() != data.length) {
            throw new IllegalArgumentException("shape " + shape + " holds " + shape.size()
                    + " values but " + data.length + " were given");
        }
        this.shape = shape;
        this.data = data;
    }

    /**
     * A tensor of the given shape holding a copy of {@code data} (row-major).
     *
     * @param shape the shape
     * @param data  the elements in row-major order, {@code shape.size()} of them
     * @return the tensor
     * @throws IllegalArgumentException if the sizes differ
     */
    public static Tensor of(Shape shape, float[] data) {
        return new Tensor(shape, data.clone());
    }

    /**
     * A tensor of the given shape backed by {@code data} without copying it.
     *
     * @param shape the shape
     * @param data  the elements in row-major order, used as the tensor's storage
     * @return the tensor
     * @throws IllegalArgumentException if the sizes differ
     */
    public static Tensor wrap(Shape shape, float[] data) {
        return new Tensor(shape, data);
    }

    /**
     * A 1-D tensor.
     *
     * @param values the elements (copied)
     * @return a tensor of shape {@code [values.length]}
     */
    public static Tensor of(float[] values) {
        return new Tensor(Shape.of(values.length), values.clone());
    }

    /**
     * A 2-D tensor; every row must have the same length.
     *
     * @param rows the rows (copied)
     * @return a tensor of shape {@code [rows, columns]}
     * @throws IllegalArgumentException if the rows differ in length
     */
    public static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] d = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("ragged 2-D literal: row 0 has " + cols
                        + " values but row " + i + " has " + rows[i].length);
            }
            System.arraycopy(rows[i], 0, d, i * cols, cols);
        }
        return new Tensor(Shape.of(rows.length, cols), d);
    }

    /**
     * A 3-D tensor, e.g. {@code [batch, timesteps, features]}; the literal must not be ragged.
     *
     * @param values the elements (copied)
     * @return a tensor of shape {@code [d0, d1, d2]}
     * @throws IllegalArgumentException if the literal is ragged
     */
    public static Tensor of(float[][][] values) {
        int d1 = values.length == 0 ? 0 : values[0].length;
        int d2 = d1 == 0 ? 0 : values[0][0].length;
        float[] d = new float[values.length * d1 * d2];
        int p = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i].length != d1) {
                throw new IllegalArgumentException("ragged 3-D literal: [0] has " + d1
                        + " rows but [" + i + "] has " + values[i].length);
            }
            for (int j = 0; j < d1; j++) {
                if (values[i][j].length != d2) {
                    throw new IllegalArgumentException("ragged 3-D literal: [0][0] has " + d2
                            + " values but [" + i + "][" + j + "] has " + values[i][j].length);
                }
                System.arraycopy(values[i][j], 0, d, p, d2);
                p += d2;
            }
        }
        return new Tensor(Shape.of(values.length, d1, d2), d);
    }

    /**
     * A tensor of zeros.
     *
     * @param shape the shape
     * @return the tensor
     */
    public static Tensor zeros(Shape shape) {
        return new Tensor(shape, new float[shape.size()]);
    }

    /**
     * A tensor with every element equal to {@code value}.
     *
     * @param shape the shape
     * @param value the value of every element
     * @return the tensor
     */
    public static Tensor filled(Shape shape, float value) {
        float[] d = new float[shape.size()];
        Arrays.fill(d, value);
        return new Tensor(shape, d);
    }

    /**
     * The shape.
     *
     * @return the shape
     */
    public Shape shape() {
        return shape;
    }

    /**
     * Number of dimensions.
     *
     * @return the rank
     */
    public int rank() {
        return shape.rank();
    }

    /**
     * Number of elements.
     *
     * @return the element count
     */
    public int size() {
        return data.length;
    }

    /**
     * The element at the given indices (one per dimension).
     *
     * @param indices one index per dimension
     * @return the element
     * @throws IllegalArgumentException    if the number of indices is not the rank
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public float get(int... indices) {
        if (indices.length != shape.rank()) {
            throw new IllegalArgumentException("tensor of shape " + shape + " needs " + shape.rank()
                    + " indices, got " + indices.length);
        }
        int flat = 0;
        for (int i = 0; i < indices.length; i++) {
            int n = shape.dim(i);
            if (indices[i] < 0 || indices[i] >= n) {
                throw new IndexOutOfBoundsException("index " + indices[i] + " out of range [0, " + n
                        + ") on axis " + i + " of shape " + shape);
            }
            flat = flat * n + indices[i];
        }
        return data[flat];
    }

    /**
     * A copy of the elements in row-major order.
     *
     * @return a new array
     */
    public float[] toArray() {
        return data.clone();
    }

    /**
     * The backing array, not copied: read-only unless this tensor was made by {@link #wrap}.
     *
     * @return the backing array
     */
    public float[] buffer() {
        return data;
    }

    /**
     * The same data seen with another shape of the same size.
     *
     * @param newShape a shape with the same number of elements
     * @return a tensor sharing this one's data
     * @throws IllegalArgumentException if the sizes differ
     */
    public Tensor reshape(Shape newShape) {
        return new Tensor(newShape, data);
    }

    /**
     * A copy of rows {@code [from, to)} along the first axis.
     *
     * @param from first row, inclusive
     * @param to   last row, exclusive
     * @return the rows
     * @throws IndexOutOfBoundsException if the range is outside {@code [0, dim(0)]}
     */
    public Tensor slice(int from, int to) {
        int rows = shape.dim(0);
        if (from < 0 || to > rows || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") out of range for shape " + shape);
        }
        int stride = rows == 0 ? 0 : data.length / rows;
        int[] dims = shape.toArray();
        dims[0] = to - from;
        return new Tensor(Shape.of(dims), Arrays.copyOfRange(data, from * stride, to * stride));
    }

    /**
     * A new tensor made of the given rows (first-axis indices) of this one, in that order.
     *
     * @param rowsToTake first-axis indices, repeats allowed
     * @return the rows, in the given order
     */
    public Tensor gather(int[] rowsToTake) {
        int rows = shape.dim(0);
        int stride = rows == 0 ? 0 : data.length / rows;
        float[] d = new float[rowsToTake.length * stride];
        for (int i = 0; i < rowsToTake.length; i++) {
            System.arraycopy(data, rowsToTake[i] * stride, d, i * stride, stride);
        }
        int[] dims = shape.toArray();
        dims[0] = rowsToTake.length;
        return new Tensor(Shape.of(dims), d);
    }

    /** Prints {@link #toString()} to standard output, like TF.js {@code print()}. */
    public void print() {
        System.out.println(this);
    }

    /** A readable multi-line rendering in the style of TF.js {@code print()}. */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }

    /** True for tensors of equal shape and bit-identical elements. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && shape.equals(t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + Arrays.hashCode(data);
    }
}
