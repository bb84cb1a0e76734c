package dev.engram.layers;

import static dev.engram.testing.Numeric.assertClose;
import static dev.engram.testing.Numeric.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.activations.Activations;
import dev.engram.models.Sequential;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * How each new layer treats a time-step mask (produce, pass on, drop, or reject as TF.js does),
 * mask semantics end to end, and one test of each layer's validation message.
 */
class MaskAndValidationTest {
    private static final Tensor MASK = Tensor.wrap(Shape.of(2, 3), new float[] {1, 1, 0, 0, 1, 1});

    private static Layer built(LayerConfig<?> c, int... inputShape) {
        Layer l = c.create(c.defaultNamePrefix());
        l.build(Shape.of(inputShape), new SplittableRandom(1));
        return l;
    }

    @Test
    void denseDropoutActivationTimeDistributedPassTheMaskOn() {
        Tensor x = Tensor.wrap(Shape.of(2, 3, 4), randomFloats(24, 1, 1));
        for (LayerConfig<?> c : List.of(Layers.dense(2), Layers.dropout(0.3), Layers.activation(Activations.relu()),
                Layers.timeDistributed(Layers.dense(2)))) {
            Layer l = built(c, 3, 4);
            l.callAll(List.of(x), MASK);
            assertSame(MASK, l.computeMask(List.of(x), MASK), c.defaultNamePrefix());
        }
    }

    @Test
    void bidirectionalKeepsTheMaskOnlyForSequenceOutput() {
        Tensor x = Tensor.zeros(Shape.of(2, 3, 4));
        assertSame(MASK, built(Layers.bidirectional(Layers.lstm(2).withReturnSequences(true)), 3, 4)
                .computeMask(List.of(x), MASK));
        assertNull(built(Layers.bidirectional(Layers.lstm(2)), 3, 4).computeMask(List.of(x), MASK));
    }

    /** TF.js's executor, tf-keras and Keras 3 drop a mask at layers without mask support. */
    @Test
    void flattenRepeatVectorReshapeDropAMaskAsEveryPeer() {
        Tensor x = Tensor.wrap(Shape.of(2, 3, 4), new float[24]);
        for (int i = 0; i < 24; i++) {
            x.buffer()[i] = i * 0.5f - 3;
        }
        for (Layer l : List.of(built(Layers.flatten(), 3, 4), built(Layers.reshape(12), 3, 4))) {
            assertEquals(l.callAll(List.of(x), null).get(0), l.callAll(List.of(x), MASK).get(0));
            assertNull(l.computeMask(List.of(x), MASK));
        }
        Layer rv = built(Layers.repeatVector(3), 4);
        assertNull(rv.computeMask(List.of(Tensor.zeros(Shape.of(2, 4))), MASK));
    }

    @Test
    void embeddingMaskZeroProducesIdNotZeroAndRejectsOutOfRangeIds() {
        Layer e = built(Layers.embedding(5, 2).withMaskZero(true), 3);
        Tensor ids = Tensor.wrap(Shape.of(2, 3), new float[] {0, 2, 4, 3, 0, 0});
        assertArrayEquals(new float[] {0, 1, 1, 1, 0, 0}, e.computeMask(List.of(ids), null).buffer());
        assertNull(built(Layers.embedding(5, 2), 3).computeMask(List.of(ids), null));
        IllegalArgumentException err = assertThrows(IllegalArgumentException.class,
                () -> e.call(Tensor.wrap(Shape.of(1, 3), new float[] {1, 5, 2})));
        assertTrue(err.getMessage().contains("id 5.0") && err.getMessage().contains("inputDim 5")
                && err.getMessage().contains("'embedding'"), err.getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.call(Tensor.wrap(Shape.of(1, 3), new float[] {1, -1, 2})));
    }

    @Test
    void maskingProducesTheMaskAndReplacesAnIncomingOne() {
        Layer m = built(Layers.masking(0), 3, 2);
        Tensor x = Tensor.wrap(Shape.of(1, 3, 2), new float[] {0, 0, 1, 0, 0, 0});
        assertArrayEquals(new float[] {0, 1, 0}, m.computeMask(List.of(x), Tensor.wrap(Shape.of(1, 3),
                new float[] {1, 1, 1})).buffer());
    }

    @Test
    void validationMessagesNameTheLayerAndBothShapes() {
        assertMessage(() -> built(Layers.repeatVector(2), 3, 4), "Layer 'repeat_vector' input 0: expected shape "
                + "[null, null] (RepeatVector takes rank-2 input [batch, features]), found shape [null, 3, 4]");
        assertMessage(() -> built(Layers.flatten(), 4), "Layer 'flatten' input 0: expected shape [null, null, null]");
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

    // ---- Semantics that need recurrent masking (masked steps repeat the previous output and state). ----

    private static Sequential embeddingLstm(boolean bidirectional) {
        LstmConfig lstm = Layers.lstm(3);
        return Sequential.seeded(4, Layers.embedding(9, 2).withMaskZero(true).inputShape(6),
                bidirectional ? Layers.bidirectional(lstm) : lstm, Layers.dense(1));
    }

    @Test
    void prePostAndMidPaddedSequencesGiveIdenticalOutputs() {
        for (boolean bidirectional : new boolean[] {false, true}) {
            Sequential m = embeddingLstm(bidirectional);
            Tensor x = Tensor.wrap(Shape.of(4, 6), new float[] {
                0, 0, 3, 8, 5, 1,
                3, 8, 5, 1, 0, 0,
                3, 8, 0, 0, 5, 1,
                3, 0, 8, 0, 5, 1});
            float[] y = m.predict(x).buffer();
            for (int i = 1; i < 4; i++) {
                assertEquals(y[0], y[i], 1e-6, "row " + i + " bidirectional=" + bidirectional);
            }
        }
    }

    @Test
    void bidirectionalOverMaskedPaddingEqualsBidirectionalOverTheShortSequence() {
        Layer padded = built(Layers.bidirectional(Layers.lstm(3)), 5, 2);
        Layer shorter = built(Layers.bidirectional(Layers.lstm(3)), 3, 2);
        shorter.parameters().forEach(p -> p.assign(padded.parameters().get(shorter.parameters().indexOf(p)).value()));
        float[] v = randomFloats(6, 3, 1);
        float[] withPad = new float[10];
        System.arraycopy(v, 0, withPad, 0, 6);
        Tensor mask = Tensor.wrap(Shape.of(1, 5), new float[] {1, 1, 1, 0, 0});
        float[] got = padded.callAll(List.of(Tensor.wrap(Shape.of(1, 5, 2), withPad)), mask).get(0).buffer();
        assertClose("masked", shorter.call(Tensor.wrap(Shape.of(1, 3, 2), v)).buffer(), got, 1e-6, 1e-7);
    }

    @Test
    void embeddingMaskZeroIntoLstmGradientCheck() {
        MaskedLstmGradient.run();
    }
}
