package dev.engram.io.keras.h5;

import dev.engram.io.keras.hdf5.H5Input;
import dev.engram.io.keras.internal.LayerWeights;
import dev.engram.io.keras.internal.NamedTensor;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the HDF5 weight layout of {@code model.save("m.h5")} ({@code /model_weights}) and of legacy
 * {@code save_weights("w.h5")} (the root group), which is the same for every Keras from 1.x to 3.x:
 * the group's {@code layer_names} attribute lists every layer in order; each layer group's
 * {@code weight_names} attribute lists its datasets, in the order Keras assigns them to the layer's
 * weights, as paths relative to the layer group:
 *
 * <ul>
 *   <li>Keras 1: {@code lstm_1_W_i:0} (Theano files: no {@code :0}), 12 separate LSTM arrays;</li>
 *   <li>Keras 2.0-2.2: {@code lstm_1/kernel:0};</li>
 *   <li>tf.keras 2 (2.2.4-tf ... 2.18): {@code lstm/lstm_cell/kernel:0};</li>
 *   <li>Keras 3 legacy h5: {@code <model name>/lstm/lstm_cell/kernel} (no {@code :0}).</li>
 * </ul>
 *
 * <p>This class never interprets the names: it follows {@code layer_names} and {@code weight_names}
 * in order (fixtures README section 4) and hands each tensor on with its full HDF5 path as name, so
 * that weight matching (by the last path segment) and its errors name the exact dataset.
 */
final class LegacyWeightGroups {
    private LegacyWeightGroups() {
    }

    /**
     * True if {@code group} carries a {@code layer_names} attribute (plain or chunked).
     *
     * @param in the open file
     * @param group the group to test, e.g. the root or {@code /model_weights}
     * @return true when the group lists layer names, as Keras's weight groups do
     * @throws dev.engram.io.keras.ModelFormatException when the attributes cannot be read
     * @throws IOException declared by the HDF5 reading
     */
    public static boolean isWeightGroup(H5Input in, Group group) throws IOException {
        return in.hasAttribute(group, "layer_names") || in.hasAttribute(group, "layer_names0");
    }

    /**
     * The weights of every layer listed in {@code group}'s {@code layer_names}, in that order
     * (weightless layers included, with an empty list).
     *
     * @param in the open file
     * @param group a weight group, as {@link #isWeightGroup} recognises
     * @return one entry per listed layer, in the file's order
     * @throws dev.engram.io.keras.ModelFormatException when a listed layer group or weight dataset is missing or malformed
     * @throws IOException declared by the HDF5 reading
     */
    public static List<LayerWeights> read(H5Input in, Group group) throws IOException {
        List<String> layerNames = in.nameListAttribute(group, "layer_names");
        if (layerNames == null) {
            // Keras parity: load_attributes_from_hdf5_group reads a missing attribute as an empty list.
            // A model without weights is written that way (HDF5 writers here cannot store an empty
            // name list), so an empty group reads as "no layer weights"; one with members is malformed.
            if (group.getChildren().isEmpty()) {
                return List.of();
            }
            throw in.error(group.getPath(), "missing attribute layer_names: not a Keras weights group");
        }
        List<LayerWeights> out = new ArrayList<>(layerNames.size());
        for (String layerName : layerNames) {
            Node node = in.childOrNull(group, layerName);
            if (node == null) {
                throw in.error(H5Input.join(group.getPath(), layerName),
                        "layer_names lists layer '" + layerName + "' but there is no such group");
            }
            if (!(node instanceof Group layerGroup)) {
                throw in.error(node.getPath(), "expected the group of layer '" + layerName + "', found a dataset");
            }
            // Keras parity: a missing weight_names reads as "no weights" (load_attributes_from_hdf5_group).
            List<String> weightNames = in.nameListAttribute(layerGroup, "weight_names");
            List<NamedTensor> tensors = new ArrayList<>();
            if (weightNames != null) {
                for (String weightName : weightNames) {
                    tensors.add(new NamedTensor(H5Input.join(layerGroup.getPath(), weightName),
                            in.floatDataset(layerGroup, weightName)));
                }
            }
            out.add(new LayerWeights(layerName, tensors));
        }
        return out;
    }
}
