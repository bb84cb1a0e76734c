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
}
