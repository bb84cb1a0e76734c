package dev.engram.initializers;

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
 */
public final class DeferredInitialization implements RandomGenerator {
    private final SplittableRandom random;

    /**
     * A deferring source whose late initialisations are reproducible from {@code seed}.
     *
     * @param seed the seed of the weights that are read before being assigned
     */
    public DeferredInitialization(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public long nextLong() {
        return random.nextLong();
    }
}
