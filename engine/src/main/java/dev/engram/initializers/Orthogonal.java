package dev.engram.initializers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * A random orthogonal matrix times {@code gain} (Saxe et al. 2014, arXiv:1312.6120); the default
 * recurrent-kernel initializer of Keras and TF.js.
 *
 * <p>Keras parity: the shape is flattened to {@code rows = prod(shape[:-1])} by
 * {@code cols = shape[-1]}; a {@code max(rows, cols) x min(rows, cols)} matrix is drawn from a
 * unit normal and QR-decomposed (Householder, in double); Q's columns are multiplied by
 * {@code sign(diag(R))}; Q is transposed when {@code rows < cols}. So a tall or square result has
 * orthonormal columns and a wide one orthonormal rows. TF.js draws the transposed matrix and uses
 * Gram-Schmidt, which gives the same distribution.
 *
 * @param gain multiplier of the orthogonal matrix; finite
 * @param seed own seed, or empty to draw from the generator passed to {@link #initialize}
 */
public record Orthogonal(double gain, OptionalLong seed) implements Initializer {

    /**
     * Validates the parameters.
     *
     * @param gain multiplier of the orthogonal matrix; finite
     * @param seed own seed, or empty to draw from the generator passed to {@link #initialize}
     */
    public Orthogonal {
        Sampling.requireFinite("orthogonal", "gain", gain);
        Objects.requireNonNull(seed, "seed (use OptionalLong.empty() for none)");
    }

    /**
     * A random orthogonal tensor of the given shape (rank 2 or more), times {@code gain}.
     *
     * @throws IllegalArgumentException if {@code shape} has rank below 2, as Keras 3 rejects it
     */
    @Override
    public Tensor initialize(Shape shape, RandomGenerator random) {
        if (shape.rank() < 2) {
            throw new IllegalArgumentException("orthogonal initializer needs a shape of rank >= 2, got "
                    + shape + " (rank " + shape.rank() + ")");
        }
        RandomGenerator g = Sampling.generator(seed, random);
        int size = shape.size();
        int cols = shape.dim(-1);
        if (size == 0) {
            return Tensor.zeros(shape);
        }
        int rows = size / cols;
        int m = Math.max(rows, cols);
        int n = Math.min(rows, cols);
        double[] a = new double[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = g.nextGaussian();
        }
        // Keras parity: QR of the tall orientation, signs fixed by diag(R), transposed back if wide.
        double[] q = HouseholderQr.orthonormalFactor(a, m, n);
        float[] out = new float[size];
        if (rows >= cols) {
            for (int i = 0; i < size; i++) {
                out[i] = (float) (gain * q[i]);
            }
        } else {
            // q is cols x rows; the result is its transpose.
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    out[r * cols + c] = (float) (gain * q[c * rows + r]);
                }
            }
        }
        return Tensor.wrap(shape, out);
    }

    @Override
    public Orthogonal withSeed(long newSeed) {
        return new Orthogonal(gain, OptionalLong.of(newSeed));
    }
}
