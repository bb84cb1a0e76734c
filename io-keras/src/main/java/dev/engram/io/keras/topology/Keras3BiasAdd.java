package dev.engram.io.keras.topology;

import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.Layer;
import dev.engram.layers.MultiHeadAttention;
import dev.engram.layers.MultiHeadAttentionConfig;
import dev.engram.tensor.Shape;
import java.util.List;

/**
 * A Keras 3.10 TensorFlow-backend reading that Engram refuses: {@code keras.ops.add(x, bias)} turns into
 * {@code tf.nn.bias_add} when the bias squeezes to one axis whose size matches {@code x}'s axis 1 or last axis,
 * channels-first when it is not the last. A MultiHeadAttention projection with {@code num_heads > 1} and a head size
 * of 1 has the bias {@code [heads, 1]} and the output {@code [batch, A1, ..., heads, 1]}, so when the input's
 * axis 1 has {@code heads} positions the bias is added along that axis (position {@code i} gets head {@code i}'s
 * bias) instead of per head. tf-keras 2 and Keras 3's JAX, torch and NumPy backends add it per head, as Engram
 * does: the file's numbers depend on the reader, so a Keras 3 file with such a layer is refused (axis 1 unknown
 * counts: a call's length is fixed when TensorFlow traces it), and Engram does not write one.
 */
final class Keras3BiasAdd {
    private Keras3BiasAdd() {
    }

    /**
     * The input a projection reads and its head size, for the query, key and value projections.
     *
     * @param layer a built MultiHeadAttention
     * @return {@code {{query input, keyDim}, {key input, keyDim}, {value input, valueDim}}}
     */
    private static int[][] projections(MultiHeadAttention layer) {
        MultiHeadAttentionConfig c = layer.config();
        int tensors = layer.inputShapes().size() - (c.attentionMaskInput() ? 1 : 0);
        return new int[][] {{0, c.keyDim()}, {tensors == 3 ? 2 : 1, c.keyDim()}, {1, c.valueDim()}};
    }

    /**
     * The projection whose bias Keras 3's TensorFlow backend adds along axis 1, or -1.
     *
     * @param layer a built MultiHeadAttention
     * @return 0 (query), 1 (key) or 2 (value), or -1
     */
    static int misplacedBias(MultiHeadAttention layer) {
        MultiHeadAttentionConfig c = layer.config();
        int n = c.numHeads();
        if (!c.useBias() || n == 1) {
            return -1;
        }
        int[][] p = projections(layer);
        for (int i = 0; i < 3; i++) {
            int a1 = layer.inputShapes().get(p[i][0]).dim(0);
            if (p[i][1] == 1 && (a1 == n || a1 == Shape.UNKNOWN)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Refuses a MultiHeadAttention whose bias Keras 3.10's TensorFlow backend misplaces.
     *
     * @param layer the layer (other layers pass)
     * @param at    where to report it
     * @param write whether Engram is writing (else reading) the file
     * @throws ModelFormatException when the layer is such a one
     */
    static void refuse(Layer layer, ConfigNode at, boolean write) throws ModelFormatException {
        if (!(layer instanceof MultiHeadAttention mha)) {
            return;
        }
        int i = misplacedBias(mha);
        if (i < 0) {
            return;
        }
        MultiHeadAttentionConfig c = mha.config();
        String p = List.of("query", "key", "value").get(i);
        int a1 = mha.inputShapes().get(projections(mha)[i][0]).dim(0);
        String message = "layer '" + layer.name() + "' (MultiHeadAttention, " + c.numHeads() + " heads of " + p
                + " size 1, the " + p + " input's axis 1 of " + (a1 == Shape.UNKNOWN ? "unknown size" : "size " + a1)
                + "): Keras 3.10's TensorFlow backend adds the " + p + " bias [" + c.numHeads() + ", 1] along axis 1 "
                + "instead of per head (keras.ops.add takes it for a channels-first bias_add), unlike tf-keras 2 and "
                + "its other backends; " + (write ? "Engram does not write it as Keras 3" : "the file's numbers depend "
                + "on the backend, so Engram refuses it");
        if (write) {
            throw at.error(message);
        }
        throw new UnsupportedLayerException(at.file(), at.pointer(), layer.name(), "MultiHeadAttention", message);
    }
}
