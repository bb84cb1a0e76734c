package dev.engram.io.keras.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.keras.KerasH5Options;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.h5.KerasH5Reader;
import dev.engram.io.keras.h5.KerasH5Writer;
import dev.engram.io.keras.kerasv3.KerasV3Archive;
import dev.engram.layers.Layers;
import dev.engram.layers.MultiHeadAttentionConfig;
import dev.engram.models.Model;
import dev.engram.models.ModelBuilder;
import dev.engram.models.Network;
import dev.engram.models.SymbolicTensor;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MultiHeadAttention over the axes of inputs of rank above 3 through Keras files written by Engram: masked models
 * (attention masks, the causal mask, fully masked positions) come back with the same predictions from tf-keras h5,
 * Keras 3 h5 and .keras, each in its dialect's masked-weights form; the writer refuses what the dialect would read
 * otherwise (the other dialect's fully masked weights; Keras 3.10's TensorFlow bias placement for heads of size 1).
 */
class MultiHeadAttentionAxesFilesTest {
    @TempDir
    Path tmp;

    private static Model masked(boolean keras3) {
        ModelBuilder b = new ModelBuilder("mha_axes_masked", 7);
        SymbolicTensor image = b.input("image", 3, 4, 5);
        SymbolicTensor rowMask = b.input("row_mask", 3, 4, 4);
        SymbolicTensor volume = b.input("volume", 2, 3, 2, 4);
        SymbolicTensor volumeMask = b.input("volume_mask", 3, 2, 2, 2, 2);
        List<SymbolicTensor> rows = b.applyAll(Layers.multiHeadAttention(2, 3).withAttentionAxes(List.of(2))
                .withAttentionMaskInput(true).withReturnAttentionScores(true).withZeroMaskedWeights(keras3), image,
                image, rowMask);
        SymbolicTensor causal = b.apply(Layers.multiHeadAttention(2, 2).withAttentionAxes(List.of(1))
                .withUseCausalMask(true).withZeroMaskedWeights(keras3), rows.get(0), image);
        SymbolicTensor reversed = b.apply(Layers.multiHeadAttention(1, 3).withAttentionAxes(List.of(2, 1))
                .withZeroMaskedWeights(keras3), causal, image);
        List<SymbolicTensor> vol = b.applyAll(Layers.multiHeadAttention(2, 2).withAttentionAxes(List.of(1, 3))
                .withAttentionMaskInput(true).withReturnAttentionScores(true).withZeroMaskedWeights(keras3), volume,
                volume, volumeMask);
        SymbolicTensor all = b.apply(Layers.multiHeadAttention(1, 2).withZeroMaskedWeights(keras3), vol.get(0),
                volume);
        return b.build(List.of(image, rowMask, volume, volumeMask), List.of(rows.get(1), reversed, vol.get(1), all));
    }

    private static List<Tensor> inputs(Network m) {
        List<Tensor> xs = new ArrayList<>();
        for (int k = 0; k < m.inputShapes().size(); k++) {
            Shape s = m.inputShapes().get(k).prepend(2);
            float[] d = new float[s.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) (1.3 * Math.sin(0.7 * i + k) + 0.2 * Math.cos(1.9 * i));
                if (k % 2 == 1) {
                    d[i] = i < 5 || d[i] < -0.4f ? 0f : 1f; // 0/1 masks, the first position fully masked
                }
            }
            xs.add(Tensor.wrap(s, d));
        }
        return xs;
    }

    private static void assertSame(List<Tensor> want, List<Tensor> got, String what) {
        assertEquals(want.size(), got.size(), what);
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i).shape(), got.get(i).shape(), what + " output " + i);
            float[] a = want.get(i).buffer();
            float[] b = got.get(i).buffer();
            for (int j = 0; j < a.length; j++) {
                assertEquals(a[j], b[j], 1e-6 + 1e-5 * Math.abs(a[j]), what + " output " + i + " element " + j);
            }
        }
    }

    @Test
    void maskedModelsComeBackFromEveryKerasFile() throws Exception {
        Model tfKeras = masked(false);
        List<Tensor> xs = inputs(tfKeras);
        Path h5 = tmp.resolve("tfkeras.h5");
        KerasH5Writer.write(tfKeras, h5);
        assertSame(tfKeras.predict(xs), KerasH5Reader.read(h5).predict(xs), "tf-keras h5");
        Model keras3 = masked(true);
        Path k3h5 = tmp.resolve("keras3.h5");
        KerasH5Writer.write(keras3, k3h5, KerasH5Options.keras3());
        assertSame(keras3.predict(xs), KerasH5Reader.read(k3h5).predict(xs), "Keras 3 h5");
        Path archive = tmp.resolve("keras3.keras");
        KerasV3Archive.write(keras3, archive);
        Network back = KerasV3Archive.read(archive);
        assertSame(keras3.predict(xs), back.predict(xs), "Keras 3 .keras");
        List<Integer> axes = new ArrayList<>();
        back.layers().forEach(l -> {
            if (l.config() instanceof MultiHeadAttentionConfig c && c.attentionAxes() != null) {
                axes.addAll(c.attentionAxes());
            }
        });
        assertEquals(List.of(2, 1, 2, 1, 1, 3), axes);
    }

    @Test
    void refusesTheOtherDialectsFullyMaskedWeights() {
        ModelBuilder b = new ModelBuilder("causal_height", 3);
        SymbolicTensor x = b.input("x", 3, 4, 2);
        Model m = b.build(List.of(x), List.of(b.apply(Layers.multiHeadAttention(2, 2).withAttentionAxes(List.of(1))
                .withUseCausalMask(true), x, x)));
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> KerasH5Writer.write(m, tmp.resolve("x.h5")));
        assertTrue(e.getMessage().contains("layer 'multi_head_attention' (MultiHeadAttention over axes of rank-4 "
                + "inputs, masked) has no KERAS_2 form: KERAS_2 keeps the weights of a fully masked position after the "
                + "softmax and this layer does not (zeroMaskedWeights)"), e.getMessage());
    }

    @Test
    void refusesBiasesKeras3sTensorFlowBackendAddsAlongAxisOne() throws Exception {
        ModelBuilder b = new ModelBuilder("key_dim1", 3);
        SymbolicTensor x = b.input("x", 3, 4);
        SymbolicTensor y = b.apply(Layers.multiHeadAttention(3, 1).withValueDim(3).withUseCausalMask(true), x, x);
        Model m = b.build(List.of(x), List.of(y));
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> KerasV3Archive.write(m, tmp.resolve("k.keras")));
        assertTrue(e.getMessage().contains("layer 'multi_head_attention' (MultiHeadAttention, 3 heads of query size 1, "
                + "the query input's axis 1 of size 3): Keras 3.10's TensorFlow backend adds the query bias [3, 1] along "
                + "axis 1 instead of per head (keras.ops.add takes it for a channels-first bias_add), unlike tf-keras 2 "
                + "and its other backends; Engram does not write it as Keras 3"), e.getMessage());
        Path h5 = tmp.resolve("tf.h5");
        KerasH5Writer.write(m, h5); // tf-keras adds it per head
        List<Tensor> xs = inputs(m);
        assertSame(m.predict(xs), KerasH5Reader.read(h5).predict(xs), "tf-keras h5");
    }

    @Test
    void refusesAValueBiasOfHeadSizeOneOverStepsOfUnknownCount() {
        // TensorFlow traces predict with the data's length: any count could equal the heads
        ModelBuilder b = new ModelBuilder("value_dim1", 3);
        SymbolicTensor x = b.input("x", Shape.UNKNOWN, 4);
        Model m = b.build(List.of(x), List.of(b.apply(Layers.multiHeadAttention(2, 3).withValueDim(1), x, x)));
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> KerasH5Writer.write(m, tmp.resolve("v.h5"), KerasH5Options.keras3()));
        assertTrue(e.getMessage().contains("(MultiHeadAttention, 2 heads of value size 1, the value input's axis 1 of "
                + "unknown size): Keras 3.10's TensorFlow backend adds the value bias [2, 1] along axis 1"),
                e.getMessage());
    }
}
