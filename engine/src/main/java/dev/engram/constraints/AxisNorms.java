package dev.engram.constraints;

import dev.engram.tensor.Shape;

/**
 * L2 norms along one axis of a row-major array, and the rescaling the norm constraints share:
 * {@code w * desired(norm) / (eps + norm)} with {@code eps = 1e-7} (Keras/TF.js backend epsilon).
 */
final class AxisNorms {
    static final double EPSILON = 1e-7;

    private AxisNorms() {
    }

    /** Maps a norm to the norm wanted. */
    interface Target {
        double desired(double norm);
    }

    /** The axis in {@code [0, rank)}; negative axes count from the end. */
    static int resolve(String constraint, int axis, Shape shape) {
        int rank = Math.max(shape.rank(), 1);
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(constraint + ": axis " + axis + " is out of range for a parameter of shape "
                    + shape);
        }
        return a;
    }

    /** Rescales every fibre along {@code axis} by {@code target.desired(norm) / (eps + norm)}. */
    static void rescale(String constraint, float[] w, Shape shape, int axis, Target target) {
        int a = resolve(constraint, axis, shape);
        int rank = shape.rank();
        int size = rank == 0 ? 1 : shape.dim(a);
        int inner = 1;
        for (int d = a + 1; d < rank; d++) {
            inner *= shape.dim(d);
        }
        int outer = size == 0 ? 0 : w.length / (size * inner);
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * size * inner + in;
                double sum = 0;
                for (int k = 0; k < size; k++) {
                    double v = w[base + k * inner];
                    sum += v * v;
                }
                double norm = Math.sqrt(sum);
                float factor = (float) (target.desired(norm) / (EPSILON + norm));
                for (int k = 0; k < size; k++) {
                    w[base + k * inner] *= factor;
                }
            }
        }
    }
}
