package dev.engram.initializers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.tensor.Shape;
import org.junit.jupiter.api.Test;

/** Fan computation for each rank, and the {@code max(1, fan)} guard. */
class FansTest {

    @Test
    void scalarHasFansOfOne() {
        assertEquals(new Fans(1, 1), Fans.of(Shape.of()));
    }

    @Test
    void vectorUsesItsLengthForBoth() {
        assertEquals(new Fans(7, 7), Fans.of(Shape.of(7)));
    }

    @Test
    void matrixIsInByOut() {
        assertEquals(new Fans(3, 5), Fans.of(Shape.of(3, 5)));
    }

    @Test
    void higherRanksMultiplyByTheReceptiveField() {
        assertEquals(new Fans(4 * 3, 4 * 5), Fans.of(Shape.of(4, 3, 5)));
        assertEquals(new Fans(3 * 3 * 16, 3 * 3 * 32), Fans.of(Shape.of(3, 3, 16, 32)));
    }

    @Test
    void modesAndVariance() {
        Fans f = Fans.of(Shape.of(3, 5));
        assertEquals(3, f.select(FanMode.FAN_IN));
        assertEquals(5, f.select(FanMode.FAN_OUT));
        assertEquals(4, f.select(FanMode.FAN_AVG));
        assertEquals(2.0 / 4, Initializers.varianceScaling(2, FanMode.FAN_AVG, Distribution.UNIFORM)
                .variance(Shape.of(3, 5)));
        // An empty fan counts as 1, as in Keras and TF.js, rather than dividing by zero.
        assertEquals(2.0, Initializers.heNormal().variance(Shape.of(0, 5)));
    }
}
