package dev.engram.initializers;

import dev.engram.io.LoadLimits;
import dev.engram.tensor.Shape;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The source of initial weights for a model whose weights come from elsewhere (a file): layers
 * built with it do not run their initializers at build time. Each parameter keeps its initializer
 * and runs it only if its value is read before one is assigned, so loading a file does not spend an
 * orthogonal QR per recurrent kernel on values it then overwrites.
 *
 * <p>Pass it wherever layers take a {@link RandomGenerator} ({@code Layer.build}); wrappers hand it
 * on to the layers they wrap. A weight initialised late draws from its own generator seeded from
 * this one at build time, so the values do not depend on the order weights are first read.
 *
 * <p>A source made with {@link LoadLimits} also bounds what the layers may allocate: every weight is
 * {@linkplain #reserve reserved} before its array exists, so a file whose config asks for a huge
 * layer (of any type, present or future) fails with a message instead of an {@link OutOfMemoryError},
 * and a model cannot need more weight values than the file holds.
 */
public final class DeferredInitialization implements RandomGenerator {
    private final SplittableRandom random;
    private final LoadLimits limits;
    private final long supplied;
    private long reserved;

    /**
     * A deferring source whose late initialisations are reproducible from {@code seed}; allocation is
     * not bounded.
     *
     * @param seed the seed of the weights that are read before being assigned
     */
    public DeferredInitialization(long seed) {
        this(seed, null, -1);
    }

    /**
     * A deferring source that also holds the weights it sees reserved to {@code limits} and to the
     * values a file holds.
     *
     * @param seed the seed of the weights that are read before being assigned
     * @param limits the bounds on one weight's elements and on all weights' bytes, or null for none
     * @param supplied how many weight values the file holds, or -1 when unknown (a config-only file)
     */
    public DeferredInitialization(long seed, LoadLimits limits, long supplied) {
        this.random = new SplittableRandom(seed);
        this.limits = limits;
        this.supplied = supplied;
    }

    /**
     * Accounts for a weight about to be allocated; layers call this (through {@code Layer}) before
     * creating the array.
     *
     * @param weight the weight's path, e.g. {@code conv2d/kernel}, for the message
     * @param shape the weight's shape
     * @throws IllegalArgumentException when the weight has more elements than {@link LoadLimits#tensorElements()},
     *                                  all weights so far need more than {@link LoadLimits#parameterBytes()}, or
     *                                  more values than the file holds
     */
    public void reserve(String weight, Shape shape) {
        long[] dims = new long[shape.rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.dim(i);
        }
        long n = LoadLimits.elements(dims);
        if (n < 0) {
            throw new IllegalArgumentException("weight '" + weight + "' of shape " + shape + " has no valid size");
        }
        if (limits != null && n > limits.tensorElements()) {
            throw new IllegalArgumentException("weight '" + weight + "' of shape " + shape + ": "
                    + LoadLimits.exceeded("its elements", n, limits.tensorElements(), "--max-tensor-elements"));
        }
        reserved = n > Long.MAX_VALUE - reserved ? Long.MAX_VALUE : reserved + n;
        if (limits != null && reserved > limits.parameterBytes() / Float.BYTES) {
            long bytes = reserved > Long.MAX_VALUE / Float.BYTES ? Long.MAX_VALUE : reserved * Float.BYTES;
            throw new IllegalArgumentException("weight '" + weight + "' of shape " + shape + " brings the model to "
                    + reserved + " parameters: " + LoadLimits.exceeded("they", bytes, limits.parameterBytes(),
                    "--max-param-bytes") + " bytes");
        }
        if (supplied >= 0 && reserved > supplied) {
            throw new IllegalArgumentException("weight '" + weight + "' of shape " + shape + " brings the model to "
                    + reserved + " parameters, but the file holds only " + supplied + " weight values");
        }
    }

    /**
     * Checks a layer's per-sample output shape against {@link LoadLimits#tensorElements()}: a config that asks
     * for a huge output (a repeat count, a crop or resize size, a padding) fails at load with a message, not at
     * the first predict with an {@link OutOfMemoryError}. Unknown dimensions count as 1.
     *
     * @param layer the layer's name, for the message
     * @param shape the per-sample output shape
     * @throws IllegalArgumentException when one sample's output has more elements than the limit
     */
    public void checkOutput(String layer, Shape shape) {
        if (limits == null) {
            return;
        }
        long n = 1;
        for (int i = 0; i < shape.rank(); i++) {
            long d = Math.max(1, shape.dim(i));
            n = n > Long.MAX_VALUE / d ? Long.MAX_VALUE : n * d;
        }
        if (n > limits.tensorElements()) {
            throw new IllegalArgumentException("layer '" + layer + "' outputs " + shape + " per sample: "
                    + LoadLimits.exceeded("its elements", n, limits.tensorElements(), "--max-tensor-elements"));
        }
    }

    @Override
    public long nextLong() {
        return random.nextLong();
    }
}
