package dev.engram.tensor;

import java.util.Arrays;

/**
 * An immutable tensor shape. A dimension of {@link #UNKNOWN} (-1) stands for a size that is only
 * known when data arrives (the batch, or the number of time steps of a recurrent input).
 */
public final class Shape {
    /** Marker for a dimension whose size is not fixed. */
    public static final int UNKNOWN = -1;

    private final int[] dims;

    private Shape(int[] dims) {
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0 && dims[i] != UNKNOWN) {
                throw new IllegalArgumentException("dimension " + i + " of shape " + Arrays.toString(dims)
                        + " must be >= 0 or UNKNOWN (-1)");
            }
        }
        this.dims = dims;
    }

    /**
     * A shape with the given dimensions.
     *
     * @param dims the dimensions, each {@code >= 0} or {@link #UNKNOWN}
     * @return the shape
     */
    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    /**
     * Number of dimensions.
     *
     * @return the rank
     */
    public int rank() {
        return dims.length;
    }

    /**
     * The size of dimension {@code axis}; negative axes count from the end.
     *
     * @param axis the axis, from 0 or (negative) from the end
     * @return the size, or {@link #UNKNOWN}
     */
    public int dim(int axis) {
        return dims[axis < 0 ? dims.length + axis : axis];
    }

    /**
     * A copy of the dimensions.
     *
     * @return a new array
     */
    public int[] toArray() {
        return dims.clone();
    }

    /**
     * Number of elements; throws if a dimension is unknown.
     *
     * @return the product of the dimensions
     * @throws IllegalStateException if a dimension is unknown
     */
    public int size() {
        long n = 1;
        for (int d : dims) {
            if (d == UNKNOWN) {
                throw new IllegalStateException("shape " + this + " has an unknown dimension");
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + this + " has more than 2^31-1 elements");
            }
        }
        return (int) n;
    }

    /**
     * True when every dimension is known.
     *
     * @return whether no dimension is unknown
     */
    public boolean isFullyKnown() {
        for (int d : dims) {
            if (d == UNKNOWN) {
                return false;
            }
        }
        return true;
    }

    /**
     * This shape with {@code first} prepended (e.g. a batch dimension).
     *
     * @param first the new first dimension
     * @return the longer shape
     */
    public Shape prepend(int first) {
        int[] r = new int[dims.length + 1];
        r[0] = first;
        System.arraycopy(dims, 0, r, 1, dims.length);
        return new Shape(r);
    }

    /**
     * This shape without its first dimension.
     *
     * @return the shorter shape
     */
    public Shape dropFirst() {
        return new Shape(Arrays.copyOfRange(dims, 1, dims.length));
    }

    /**
     * This shape with the last dimension replaced.
     *
     * @param last the new last dimension
     * @return the changed shape
     */
    public Shape withLast(int last) {
        int[] r = dims.clone();
        r[r.length - 1] = last;
        return new Shape(r);
    }

    /**
     * True when {@code actual} (fully known) fits this shape: same rank and equal sizes wherever this
     * shape's dimension is known.
     *
     * @param actual a fully known shape
     * @return whether it fits
     */
    public boolean accepts(Shape actual) {
        if (actual.rank() != rank()) {
            return false;
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] != UNKNOWN && dims[i] != actual.dims[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Keras style: {@code [null, 5, 3]} with {@code null} for unknown dimensions. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims[i] == UNKNOWN ? "null" : Integer.toString(dims[i]));
        }
        return sb.append(']').toString();
    }
}
