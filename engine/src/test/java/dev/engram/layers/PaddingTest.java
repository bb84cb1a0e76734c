package dev.engram.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.tensor.Shape;
import org.junit.jupiter.api.Test;

/** Output lengths of the three paddings, for known, unknown and hostile sizes. */
class PaddingTest {
    @Test
    void outputLengthsFollowKerasAndPassUnknownThrough() {
        assertEquals(3, Padding.VALID.outputLength(7, 3, 2, 1)); // (7 - 3) / 2 + 1
        assertEquals(2, Padding.VALID.outputLength(7, 3, 2, 2)); // window 5
        assertEquals(0, Padding.VALID.outputLength(4, 3, 1, 2)); // window 5 does not fit
        assertEquals(4, Padding.SAME.outputLength(7, 3, 2, 1)); // ceil(7 / 2)
        assertEquals(7, Padding.CAUSAL.outputLength(7, 3, 1, 4));
        for (Padding p : Padding.values()) {
            assertEquals(Shape.UNKNOWN, p.outputLength(Shape.UNKNOWN, 3, 2, 1), p.name());
        }
    }

    /** A kernel and dilation near 2^31 from a file: the window does not wrap into one that fits. */
    @Test
    void hugeWindowsDoNotWrap() {
        assertEquals(0, Padding.VALID.outputLength(28, 5, 1, Integer.MAX_VALUE));
        assertEquals(0, Padding.VALID.outputLength(28, Integer.MAX_VALUE, 1, 2));
        assertEquals(1, Padding.SAME.outputLength(Integer.MAX_VALUE, 3, Integer.MAX_VALUE, 1));
    }
}
