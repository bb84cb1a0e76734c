package dev.engram.initializers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Invalid arguments fail at construction with a message naming the initializer and the value. */
class InitializerValidationTest {

    @Test
    void negativeStddev() {
        assertMessage("randomNormal stddev must be >= 0, got -1.0", () -> Initializers.randomNormal(0, -1));
        assertMessage("truncatedNormal stddev must be >= 0, got -0.5", () -> Initializers.truncatedNormal(0, -0.5));
    }

    @Test
    void uniformBoundsOutOfOrder() {
        assertMessage("randomUniform minval must be <= maxval, got minval 1.0 > maxval 0.0",
                () -> Initializers.randomUniform(1, 0));
    }

    @Test
    void nonFiniteParameters() {
        assertMessage("randomNormal mean must be finite, got NaN", () -> Initializers.randomNormal(Double.NaN, 1));
        assertMessage("randomUniform maxval must be finite, got Infinity",
                () -> Initializers.randomUniform(0, Double.POSITIVE_INFINITY));
        assertMessage("constant value must be finite, got -Infinity",
                () -> Initializers.constant(Double.NEGATIVE_INFINITY));
        assertMessage("orthogonal gain must be finite, got NaN", () -> Initializers.orthogonal(Double.NaN));
    }

    @Test
    void nonPositiveScale() {
        assertMessage("varianceScaling scale must be > 0, got 0.0",
                () -> Initializers.varianceScaling(0, FanMode.FAN_IN, Distribution.UNIFORM));
        assertMessage("varianceScaling scale must be > 0, got -2.0",
                () -> Initializers.varianceScaling(-2, FanMode.FAN_IN, Distribution.UNIFORM));
    }

    private static void assertMessage(String expected, Executable construction) {
        var e = assertThrows(IllegalArgumentException.class, construction);
        assertEquals(expected, e.getMessage());
    }
}
