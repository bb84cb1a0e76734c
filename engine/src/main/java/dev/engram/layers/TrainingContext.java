package dev.engram.layers;

import java.util.random.RandomGenerator;

/**
 * What a training-mode forward pass may use besides its input: the random source for dropout masks.
 * One context serves one training loop on one thread.
 *
 * @param random the generator for dropout masks
 */
public record TrainingContext(RandomGenerator random) {
}
