package dev.engram.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.activations.Activations;
import dev.engram.initializers.Initializers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Layer configurations: TF.js defaults, validation messages (of configs and of shapes), and what building creates. */
class LayerConfigTest {

    @Test
    void lstmDefaultsFollowTfjs() {
        LstmConfig c = Layers.lstm(8);
        assertEquals(Activations.tanh(), c.activation());
        assertEquals(Activations.hardSigmoid(0.2, 0.5), c.recurrentActivation());
        assertEquals(Initializers.glorotNormalTfjs(), c.kernelInitializer());
        assertEquals(Initializers.orthogonal(), c.recurrentInitializer());
        assertFalse(c.unitForgetBias());
        assertFalse(c.returnSequences() || c.returnState() || c.goBackwards());
        assertEquals(Activations.linear(), Layers.dense(3).activation());
    }

    @Test
    void invalidConfigurationsSayWhatIsWrong() {
        assertEquals("LSTM units must be > 0, got 0",
                assertThrows(IllegalArgumentException.class, () -> Layers.lstm(0)).getMessage());
        assertEquals("Dense units must be > 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> Layers.dense(-1)).getMessage());
        assertEquals("LSTM inputShape is [timesteps, features] (rank 2), got [3]",
                assertThrows(IllegalArgumentException.class, () -> Layers.lstm(2).inputShape(3)).getMessage());
    }

    @Test
    void unitForgetBiasStartsTheForgetBlockAtOne() {
        Layer l = Layers.lstm(3).withUnitForgetBias(true).create("lstm");
        l.build(Shape.of(2, 4), new SplittableRandom(1));
        Tensor bias = l.parameters().get(2).value();
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0}, bias.toArray());
        assertEquals(Shape.of(4, 12), l.parameters().get(0).shape());
        assertEquals(Shape.of(3, 12), l.parameters().get(1).shape());
    }

    @Test
    void outputShapesFollowTheOptions() {
        Layer seq = Layers.lstm(5).withReturnSequences(true).create("a");
        assertEquals(Shape.of(7, 5), seq.build(Shape.of(7, 2), new SplittableRandom(1)));
        Layer last = Layers.lstm(5).create("b");
        assertEquals(Shape.of(5), last.build(Shape.of(7, 2), new SplittableRandom(1)));
        Layer dense = Layers.dense(4).create("c");
        assertEquals(Shape.of(7, 4), dense.build(Shape.of(7, 5), new SplittableRandom(1)));
    }

    @Test
    void buildingTwiceAndCallingUnbuiltAreErrors() {
        Layer l = Layers.dense(2).create("d");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> l.call(Tensor.zeros(Shape.of(1, 2))));
        assertEquals("layer 'd' is not built yet: add it to a model with an input shape, or call build(inputShape, random)",
                e.getMessage());
        l.build(Shape.of(2), new SplittableRandom(1));
        assertThrows(IllegalStateException.class, () -> l.build(Shape.of(2), new SplittableRandom(1)));
    }

    private static Layer built(LayerConfig c, int... inputShape) {
        Layer l = c.create(c.defaultNamePrefix());
        l.build(Shape.of(inputShape), new SplittableRandom(1));
        return l;
    }

    @Test
    void validationMessagesNameTheLayerAndBothShapes() {
        assertMessage(() -> built(Layers.repeatVector(2), 3, 4), "Layer 'repeat_vector' input 0: expected shape "
                + "[null, null] (RepeatVector takes rank-2 input [batch, features]), found shape [null, 3, 4]");
        assertMessage(() -> built(Layers.flatten(), 4, Shape.UNKNOWN), "Layer 'flatten' input 0: expected shape [null,"
                + " null] (Flatten takes [batch, d1, ...] of rank >= 2 with known d1, ...), found shape [null, 4, null]");
        assertMessage(() -> built(Layers.reshape(5, -1), 3, 4), "Layer 'reshape' input 0: expected shape [null, 5, null]"
                + " (Reshape: 12 values per sample cannot take the target shape), found shape [null, 3, 4]");
        assertMessage(() -> built(Layers.timeDistributed(Layers.dense(2)), 4),
                "Layer 'time_distributed' input 0: expected shape [null, null, null]");
        assertMessage(() -> built(Layers.masking(0), 4), "Layer 'masking' input 0: expected shape [null, null, null]");
        assertMessage(() -> built(Layers.embedding(5, 2).withInputLength(4), 3),
                "Layer 'embedding' input 0: expected shape [null, 4] (inputLength is 4), found shape [null, 3]");
        Layer td = built(Layers.timeDistributed(Layers.dense(2)), 3, 4);
        assertMessage(() -> td.call(Tensor.zeros(Shape.of(2, 3, 5))),
                "Layer 'time_distributed' input 0: expected shape [null, null, 4]");
        Layer act = built(Layers.activation(Activations.tanh()), 3, 4);
        assertMessage(() -> act.call(Tensor.zeros(Shape.of(2, 3, 5))), "found shape [2, 3, 5]");
        assertThrows(IllegalArgumentException.class, () -> Layers.reshape(-1, -1));
        assertThrows(IllegalArgumentException.class, () -> Layers.repeatVector(0));
        assertThrows(IllegalArgumentException.class, () -> Layers.embedding(0, 3));
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable run, String part) {
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class, run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
