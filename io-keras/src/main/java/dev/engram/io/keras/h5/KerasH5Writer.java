package dev.engram.io.keras.h5;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.KerasH5Options;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.hdf5.H5Output;
import dev.engram.io.keras.hdf5.KerasWeightNames;
import dev.engram.io.keras.internal.KerasLayerOrder;
import dev.engram.io.keras.internal.Networks;
import dev.engram.io.keras.topology.KerasTopology;
import dev.engram.io.keras.training.KerasOptimizerState;
import dev.engram.io.keras.training.KerasTrainingConfigWriter;
import dev.engram.layers.Layer;
import dev.engram.layers.Parameter;
import dev.engram.models.Network;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes Keras HDF5 files that {@code load_model} of tf-keras 2 and Keras 3 accept: full models
 * ({@link #write}) and weights-only files ({@link #writeWeights}, the legacy {@code save_weights}
 * layout). The topology comes from {@link KerasTopology#toJson}; see {@link KerasH5Options} for the
 * dialects and {@link H5Output} for how jhdf's output differs from h5py's (fixed-length strings, no
 * empty {@code weight_names}). Files are written to a temporary file and moved into place.
 */
public final class KerasH5Writer {
    private KerasH5Writer() {
    }

    /**
     * As {@link #write(Network, Path, KerasH5Options)} with {@link KerasH5Options#defaults()}.
     *
     * @param model a built model
     * @param file  the {@code .h5} file
     * @throws IOException if writing fails; {@link ModelFormatException} if the model cannot be expressed
     */
    public static void write(Network model, Path file) throws IOException {
        write(model, file, KerasH5Options.defaults());
    }

    /**
     * Writes {@code model} (topology, weights and, if compiled and requested, its training config).
     *
     * @param model   a built model
     * @param file    the {@code .h5} file
     * @param options dialect, version and whether to write the training config
     * @throws IOException          if writing fails
     * @throws ModelFormatException if the model uses something the dialect cannot express
     */
    public static void write(Network model, Path file, KerasH5Options options) throws IOException {
        String name = ModelFormatException.displayName(file);
        KerasDialect d = options.dialect();
        ObjectNode config = KerasTopology.toJson(model, d);
        List<KerasOptimizerState.Variable> optimizerState = List.of();
        if (options.includeOptimizerState()) {
            if (model.losses() == null || model.optimizer() == null) {
                throw new ModelFormatException(name, "optimizer_weights", "optimizer state needs a compiled model:"
                        + " call compile(loss, optimizer) first, or save with " + KerasOptimizerState.HINT);
            }
            if (d.isKeras3()) {
                // Verified with Keras 3.10: after loading a legacy h5 with optimizer_weights (its own too),
                // fit fails ("numpy() is only available when eager execution is enabled").
                throw new ModelFormatException(name, "optimizer_weights", "Keras 3.10 cannot train after loading"
                        + " optimizer weights from a legacy h5 file (not even its own); write the optimizer state"
                        + " to a .keras file or a KERAS_2 h5 file, or save with " + KerasOptimizerState.HINT);
            }
            optimizerState = KerasOptimizerState.toKeras(model, model.optimizer(), false, name);
        }
        ObjectNode training = options.includeTrainingConfig() && model.losses() != null
                && model.optimizer() != null
                ? KerasTrainingConfigWriter.write(model.losses(), model.optimizer(), d, name)
                : null;
        if (options.includeOptimizerState() && training != null) {
            // tf-keras 2 deserializes an optimizer config without this key as its legacy optimizer,
            // whose slots are ordered differently, and then drops the optimizer_weights. (Keras 3 rejects
            // the key, as it does tf-keras's own files: such files load there with compile=False.)
            ((ObjectNode) training.get("optimizer_config").get("config")).put("is_legacy_optimizer", false);
        }
        List<KerasOptimizerState.Variable> optimizerWeights = optimizerState;
        H5Output.writeAtomically(file, out -> {
            out.putAttribute("backend", "tensorflow");
            out.putAttribute("keras_version", options.kerasVersion());
            out.putAttribute("model_config", config.toString());
            if (training != null) {
                out.putAttribute("training_config", training.toString());
            }
            WritableGroup weights = out.putGroup("model_weights");
            writeLayers(weights, model, options);
            if (!optimizerWeights.isEmpty()) {
                writeOptimizerWeights(out.putGroup("optimizer_weights"), optimizerWeights);
            }
        });
    }

    /** tf-keras 2's {@code optimizer_weights}: one dataset per variable at its name, listed in order. */
    private static void writeOptimizerWeights(WritableGroup g, List<KerasOptimizerState.Variable> vars) {
        List<String> names = new ArrayList<>();
        for (KerasOptimizerState.Variable v : vars) {
            names.add(v.name());
            KerasOptimizerState.put(g, v.name(), v);
        }
        H5Output.putNameList(g, "weight_names", names);
    }

    /**
     * Writes {@code model}'s weights in the legacy {@code save_weights("w.h5")} layout.
     *
     * @param model a built model
     * @param file  the {@code .h5} file
     * @throws IOException if writing fails; {@link ModelFormatException} if the model cannot be expressed
     */
    public static void writeWeights(Network model, Path file) throws IOException {
        writeWeights(model, file, KerasH5Options.defaults());
    }

    /**
     * As {@link #writeWeights(Network, Path)} with the weight names of {@code options.dialect()}.
     *
     * @param model   a built model
     * @param file    the {@code .h5} file
     * @param options the dialect whose weight names are written
     * @throws IOException if writing fails; {@link ModelFormatException} if the model cannot be expressed
     */
    public static void writeWeights(Network model, Path file, KerasH5Options options) throws IOException {
        H5Output.writeAtomically(file, out -> writeLayers(out, model, options));
    }

    private static void writeLayers(WritableGroup group, Network model, KerasH5Options options) {
        // IllegalStateException from here is turned into a ModelFormatException by H5Output.
        group.putAttribute("backend", "tensorflow");
        group.putAttribute("keras_version", options.kerasVersion());
        // Only layers with weights are listed (and get a group): jhdf 0.10.0 can write a corrupt file
        // when an empty group shares it with datasets, and Keras skips weightless layers anyway
        // (load_weights_from_hdf5_group keeps only layer_names entries with weight_names).
        List<Layer> withWeights = KerasLayerOrder.of(model).stream().filter(l -> !l.parameters().isEmpty()).toList();
        List<String> layerNames = new ArrayList<>();
        long linkBytes = 0;
        for (Layer layer : withWeights) {
            layerNames.add(layer.name());
            linkBytes += layer.name().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 16;
        }
        if (linkBytes > H5Output.ATTRIBUTE_LIMIT) {
            // h5py would switch to dense link storage here; jhdf 0.10.0 writes an unreadable header.
            throw new IllegalStateException("the layer names of model '" + model.name() + "' take " + linkBytes
                    + " bytes, more than jhdf can write in one HDF5 group (" + H5Output.ATTRIBUTE_LIMIT
                    + "); use shorter layer names");
        }
        H5Output.putNameList(group, "layer_names", layerNames);
        for (Layer layer : withWeights) {
            WritableGroup g = group.putGroup(layer.name());
            List<String> weightNames = new ArrayList<>();
            for (Parameter p : layer.parameters()) {
                String weightName = KerasWeightNames.weightName(model, layer, p, options.dialect());
                weightNames.add(weightName);
                H5Output.putParameter(g, weightName, p);
            }
            H5Output.putNameList(g, "weight_names", weightNames);
        }
    }
}
