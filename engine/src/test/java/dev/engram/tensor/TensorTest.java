package dev.engram.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Tensor factories, accessors, shape checks and the TF.js-style rendering. */
class TensorTest {

    @Test
    void literalsAreRowMajorWithTheirShapes() {
        Tensor t = Tensor.of(new float[][][] {{{1, 2}, {3, 4}, {5, 6}}, {{7, 8}, {9, 10}, {11, 12}}});
        assertEquals(Shape.of(2, 3, 2), t.shape());
        assertEquals(10f, t.get(1, 1, 1));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, t.toArray());
        assertEquals(Shape.of(2, 2), Tensor.of(new float[][] {{1, 2}, {3, 4}}).shape());
        assertEquals(Shape.of(3), Tensor.of(new float[] {1, 2, 3}).shape());
    }

    @Test
    void raggedLiteralsAndWrongSizesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new float[][] {{1, 2}, {3}}));
        assertEquals("ragged 2-D literal: row 0 has 2 values but row 1 has 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[][][] {{{1}, {2}}, {{3}}}));
        assertEquals("ragged 3-D literal: [0] has 2 rows but [1] has 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(Shape.of(2, 3), new float[5]));
        assertEquals("shape [2, 3] holds 6 values but 5 were given", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.of(new float[] {1}).get(1));
    }

    @Test
    void factoriesCopyTheirInput() {
        float[] data = {1, 2};
        Tensor t = Tensor.of(data);
        data[0] = 9;
        assertEquals(1f, t.get(0));
    }

    @Test
    void sliceAndGatherTakeRows() {
        Tensor t = Tensor.of(new float[][] {{1, 2}, {3, 4}, {5, 6}});
        assertEquals(Tensor.of(new float[][] {{3, 4}, {5, 6}}), t.slice(1, 3));
        assertEquals(Tensor.of(new float[][] {{5, 6}, {1, 2}}), t.gather(new int[] {2, 0}));
    }

    @Test
    void printsLikeTfjs() {
        assertEquals("Tensor\n    [[1],\n     [2]]", Tensor.of(new float[][] {{1}, {2}}).toString());
        assertEquals("Tensor\n    [[[1, 2],\n      [3, 4]],\n\n     [[5, 6],\n      [7, 8]]]",
                Tensor.of(new float[][][] {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}}).toString());
        assertEquals("Tensor\n    [0.5, -1.25, 3]", Tensor.of(new float[] {0.5f, -1.25f, 3}).toString());
        assertEquals("Tensor\n    [[0.1234568],\n     [2        ]]", Tensor.of(new float[][] {{0.12345678f}, {2}}).toString());
    }

    @Test
    void shapesKnowUnknownDimensions() {
        Shape s = Shape.of(Shape.UNKNOWN, 3);
        assertEquals("[null, 3]", s.toString());
        assertEquals(true, s.accepts(Shape.of(7, 3)));
        assertEquals(false, s.accepts(Shape.of(7, 2)));
        assertEquals(false, s.accepts(Shape.of(7, 3, 1)));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(-2));
    }
}
