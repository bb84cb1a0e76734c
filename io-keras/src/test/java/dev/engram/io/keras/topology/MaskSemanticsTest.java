package dev.engram.io.keras.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.BidirectionalConfig;
import dev.engram.layers.GlobalPooling1DConfig;
import dev.engram.layers.Layers;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mask semantics follow the file's origin; writing them where the target means otherwise is refused. */
class MaskSemanticsTest {
    private static Sequential masked(boolean keras) {
        return Sequential.seeded(4,
                Layers.embedding(10, 3).withMaskZero(true).withInputLength(5),
                Layers.bidirectional(Layers.lstm(2).withReturnSequences(true)).withZeroMaskedSteps(keras),
                Layers.globalAveragePooling1d().withUseMask(keras),
                Layers.dense(1));
    }

    @Test
    void readersTakeTheSemanticsOfTheFilesOrigin() throws Exception {
        for (KerasDialect d : List.of(KerasDialect.TFJS, KerasDialect.KERAS_2)) {
            Network m = KerasTopology.toModel(KerasTopology.toJson(masked(d != KerasDialect.TFJS), d), d, "m");
            BidirectionalConfig b = (BidirectionalConfig) m.layers().get(1).config();
            GlobalPooling1DConfig p = (GlobalPooling1DConfig) m.layers().get(2).config();
            assertEquals(d != KerasDialect.TFJS, b.zeroMaskedSteps(), d + " bidirectional");
            assertEquals(d != KerasDialect.TFJS, p.useMask(), d + " pooling");
        }
        assertFalse(KerasDialect.KERAS_3.poolingUsesMask(dev.engram.layers.PoolingMode.MAX));
        assertTrue(KerasDialect.KERAS_3.poolingUsesMask(dev.engram.layers.PoolingMode.AVERAGE));
    }

    @Test
    void conversionBetweenDifferentSemanticsIsRefused() {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> KerasTopology.toJson(masked(false), KerasDialect.KERAS_2));
        assertTrue(e.getMessage().contains("layer 'bidirectional': Bidirectional repeats the previous output at masked"
                + " steps (TF.js semantics), which KERAS_2 cannot express (Keras outputs zeros there), and the model"
                + " carries a time-step mask (Embedding maskZero or Masking); the file would compute another function"
                + " in KERAS_2. Save it in a format whose semantics match (TF.js)"), e.getMessage());
        Sequential poolOnly = Sequential.seeded(4,
                Layers.embedding(10, 3).withMaskZero(true).withInputLength(5),
                Layers.globalAveragePooling1d(), Layers.dense(1));
        e = assertThrows(ModelFormatException.class, () -> KerasTopology.toJson(poolOnly, KerasDialect.TFJS));
        assertTrue(e.getMessage().contains("GlobalAveragePooling1D takes the masked mean (Keras semantics), which TFJS"
                + " cannot express"), e.getMessage());
    }

    /** LeakyReLU/ELU/ThresholdedReLU/Softmax pass a mask in Keras and drop it in TF.js: read per origin, refused across. */
    @Test
    void activationLayersKeepTheirOriginsMaskBehaviour() throws Exception {
        for (KerasDialect d : List.of(KerasDialect.TFJS, KerasDialect.KERAS_2)) {
            Sequential m = Sequential.seeded(4, Layers.embedding(10, 3).withMaskZero(true).withInputLength(5),
                    Layers.leakyRelu().withPassesMask(d != KerasDialect.TFJS),
                    Layers.elu().withPassesMask(d != KerasDialect.TFJS),
                    Layers.thresholdedRelu().withPassesMask(d != KerasDialect.TFJS),
                    Layers.softmax(-1).withPassesMask(d != KerasDialect.TFJS), Layers.lstm(2));
            Network back = KerasTopology.toModel(KerasTopology.toJson(m, d), d, "m");
            for (int i = 1; i <= 4; i++) {
                assertEquals(d != KerasDialect.TFJS, back.layers().get(i).supportsMasking(), d + " layer " + i);
            }
        }
        Sequential tfjsMasked = Sequential.seeded(4, Layers.embedding(10, 3).withMaskZero(true).withInputLength(5),
                Layers.leakyRelu(), Layers.lstm(2));
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> KerasTopology.toJson(tfjsMasked, KerasDialect.KERAS_3));
        assertTrue(e.getMessage().contains("LeakyRelu drops the time-step mask (TF.js semantics), which KERAS_3 cannot "
                + "express (Keras passes it on)") && e.getMessage().contains("(TF.js)"), e.getMessage());
    }

    @Test
    void withoutAMaskSourceBothSemanticsAreTheSameFunction() throws Exception {
        Sequential unmasked = Sequential.seeded(4,
                Layers.bidirectional(Layers.lstm(2).withReturnSequences(true)).inputShape(5, 3),
                Layers.globalAveragePooling1d().withUseMask(false), Layers.dense(1));
        KerasTopology.toJson(unmasked, KerasDialect.KERAS_2);
        KerasTopology.toJson(unmasked, KerasDialect.TFJS);
    }

    /** An LSTM every dialect can name (sigmoid gates). */
    private static dev.engram.layers.LstmConfig lstm(int units) {
        return Layers.lstm(units).withRecurrentActivation(dev.engram.activations.Activations.sigmoid());
    }

    /** Two id inputs with masks of their own (or one unmasked) merged by {@code merge}, then an LSTM. */
    private static dev.engram.models.Model mergedMasks(dev.engram.layers.MergeConfig merge, boolean secondMasked) {
        var b = new dev.engram.models.ModelBuilder("merged", 3);
        var a = b.input("a", 6);
        var c = b.input("c", 6);
        var ea = b.apply(Layers.embedding(10, 3).withMaskZero(true), a);
        var ec = b.apply(Layers.embedding(10, 3).withMaskZero(secondMasked), c);
        return b.build(List.of(a, c), List.of(b.apply(lstm(2), b.apply(merge, ea, ec))));
    }

    /**
     * Merges of masks differing between their inputs follow their origin's rule (tf-keras and TF.js AND, Keras 3
     * ORs): written only where the target has the model's rule. Equal masks (a residual Add) and masks consumed
     * before the merge are the same function everywhere.
     */
    @Test
    void mergesOfDifferentMasksAreWrittenOnlyWhereTheRuleMatches() throws Exception {
        for (boolean secondMasked : List.of(true, false)) {
            var and = mergedMasks(Layers.add(), secondMasked);
            KerasTopology.toJson(and, KerasDialect.KERAS_2);
            KerasTopology.toJson(and, KerasDialect.TFJS);
            ModelFormatException e = assertThrows(ModelFormatException.class,
                    () -> KerasTopology.toJson(and, KerasDialect.KERAS_3));
            assertTrue(e.getMessage().contains("merges different time-step masks by ALL (tf-keras and TF.js: AND), "
                    + "which KERAS_3 cannot express") && e.getMessage().contains("withMaskRule"), e.getMessage());
            var or = mergedMasks(Layers.add().withMaskRule(dev.engram.layers.MergeMaskRule.KERAS3), secondMasked);
            KerasTopology.toJson(or, KerasDialect.KERAS_3);
            assertThrows(ModelFormatException.class, () -> KerasTopology.toJson(or, KerasDialect.KERAS_2));
        }
        // a residual Add of a masked sequence and its own LSTM output: one mask, any rule
        var b = new dev.engram.models.ModelBuilder("residual", 3);
        var ids = b.input("ids", 6);
        var x = b.apply(Layers.embedding(10, 3).withMaskZero(true), ids);
        var y = b.apply(lstm(3).withReturnSequences(true), x);
        var residual = b.build(List.of(ids), List.of(b.apply(lstm(2), b.apply(Layers.add(), x, y))));
        KerasTopology.toJson(residual, KerasDialect.KERAS_3);
        // masks consumed by LSTMs returning their last state before a Concatenate
        var b2 = new dev.engram.models.ModelBuilder("consumed", 3);
        var i1 = b2.input("a", 6);
        var i2 = b2.input("c", 6);
        var h1 = b2.apply(lstm(2), b2.apply(Layers.embedding(10, 3).withMaskZero(true), i1));
        var h2 = b2.apply(lstm(2), b2.apply(Layers.embedding(10, 3).withMaskZero(true), i2));
        KerasTopology.toJson(b2.build(List.of(i1, i2), List.of(b2.apply(Layers.concatenate(), h1, h2))),
                KerasDialect.KERAS_3);
    }
}
