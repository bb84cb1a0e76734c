package dev.engram.initializers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.engram.tensor.Shape;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Seeded initializers ignore the generator they are given and repeat themselves. */
class InitializerSeedTest {
    private static final Shape SHAPE = Shape.of(6, 9);
    private static final List<Initializer> RANDOM = List.of(
            Initializers.randomUniform(), Initializers.randomNormal(), Initializers.truncatedNormal(),
            Initializers.glorotUniform(), Initializers.glorotNormal(), Initializers.glorotNormalTfjs(),
            Initializers.heNormal(), Initializers.lecunUniform(),
            Initializers.varianceScaling(1, FanMode.FAN_OUT, Distribution.NORMAL), Initializers.orthogonal(2));

    @Test
    void seededInitializersRepeatRegardlessOfTheGeneratorPassed() {
        for (Initializer init : RANDOM) {
            Initializer seeded = init.withSeed(42);
            assertEquals(seeded.initialize(SHAPE, new SplittableRandom(1)),
                    seeded.initialize(SHAPE, new SplittableRandom(2)), init.toString());
            assertEquals(seeded.initialize(SHAPE, new SplittableRandom(1)), seeded.initialize(SHAPE, null));
            assertNotEquals(seeded.initialize(SHAPE, null), init.withSeed(43).initialize(SHAPE, null),
                    init.toString());
        }
    }

    @Test
    void unseededInitializersFollowTheGenerator() {
        for (Initializer init : RANDOM) {
            assertEquals(init.initialize(SHAPE, new SplittableRandom(7)), init.initialize(SHAPE, new SplittableRandom(7)));
            assertNotEquals(init.initialize(SHAPE, new SplittableRandom(7)), init.initialize(SHAPE, new SplittableRandom(8)));
        }
    }

    @Test
    void seedIsPartOfTheValue() {
        assertEquals(Initializers.randomNormal(0, 1).withSeed(3), Initializers.randomNormal(0, 1).withSeed(3));
        assertNotEquals(Initializers.randomNormal(0, 1).withSeed(3), Initializers.randomNormal(0, 1));
        assertEquals(OptionalLong.of(3), Initializers.orthogonal().withSeed(3).seed());
        assertEquals(OptionalLong.empty(), Initializers.heNormal().seed());
    }

    @Test
    void constantsHaveNothingToSeed() {
        Initializer zeros = Initializers.zeros();
        assertSame(zeros, zeros.withSeed(5));
    }

    @Test
    void unseededInitializerNeedsAGenerator() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                () -> Initializers.randomNormal().initialize(SHAPE, null));
        assertEquals("an unseeded random initializer needs a RandomGenerator", e.getMessage());
    }
}
