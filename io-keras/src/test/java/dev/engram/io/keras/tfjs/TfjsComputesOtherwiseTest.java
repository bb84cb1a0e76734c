package dev.engram.io.keras.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.TfjsWriteOptions;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.layers.Layers;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TF.js 4.22 computes a BatchNormalization over a feature axis other than the last wrongly (its kernels cycle the
 * statistics over the flat input; seen when making corpus_tfjs_normalization_axes), so neither direction carries
 * one: the reader refuses such a model.json once it knows the input's rank, the writer refuses such a layer. The
 * last axis written as its index (as TF.js files converted from Keras do) still loads. Also a Flatten of a rank-2
 * input, which Keras builds and TF.js refuses, is not written.
 */
class TfjsComputesOtherwiseTest {
    @TempDir
    Path dir;

    private static Sequential model(int axis) {
        Sequential m = new Sequential("m", 1);
        m.add(Layers.batchNormalization().withAxis(axis).withName("bn").inputShape(3, 4));
        return m;
    }

    @Test
    void theLastAxisByItsIndexLoadsAndAnotherIsRefused() throws IOException {
        TfjsModelWriter.write(model(2), dir, TfjsWriteOptions.defaults());
        Path json = dir.resolve("model.json");
        Network back = TfjsModelReader.read(json);
        assertEquals(1, back.layers().size());
        String s = Files.readString(json);
        assertTrue(s.contains("\"axis\":2"), s);
        Files.writeString(json, s.replace("\"axis\":2", "\"axis\":1"));
        UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class, () -> TfjsModelReader.read(json));
        assertTrue(e.getMessage().contains("BatchNormalization 'bn' normalizes over axis 1 of a rank-3 input in a TF.js"
                + " file; TF.js 4.22's kernels cycle the statistics"), e.getMessage());
    }

    @Test
    void theWriterRefusesAnotherAxis() {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> TfjsModelWriter.write(model(1), dir.resolve("out"), TfjsWriteOptions.defaults()));
        assertTrue(e.getMessage().contains("layer 'bn' (BatchNormalization) normalizes over axis 1 of a rank-3 input;"
                + " TF.js 4.22's kernels compute that otherwise"), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("out")), "nothing written");
    }

    /** Keras flattens a rank-2 input to itself; TF.js 4.22 refuses to build that Flatten, so it is not written. */
    @Test
    void theWriterRefusesAFlattenOfARankTwoInput() {
        Sequential m = new Sequential("m", 1);
        m.add(Layers.dense(3).withName("dense").inputShape(4));
        m.add(Layers.flatten().withName("flat"));
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> TfjsModelWriter.write(m, dir.resolve("flat"), TfjsWriteOptions.defaults()));
        assertTrue(e.getMessage().contains("layer 'flat' (Flatten) takes a rank-2 input [null, 3]; TF.js 4.22's"
                + " Flatten refuses inputs of rank below 3"), e.getMessage());
    }
}
