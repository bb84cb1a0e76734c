package dev.engram.io.keras.h5;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.io.LoadLimits;
import dev.engram.io.keras.CompileStatus;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.LoadedKerasModel;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.hdf5.H5Input;
import dev.engram.io.keras.hdf5.KerasV3Weights;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.KerasLayerOrder;
import dev.engram.io.keras.internal.LayerWeights;
import dev.engram.io.keras.internal.ParameterBudget;
import dev.engram.io.keras.internal.ReadGuard;
import dev.engram.io.keras.internal.WeightAssignment;
import dev.engram.io.keras.topology.KerasTopology;
import dev.engram.io.keras.topology.NestedModels;
import dev.engram.io.keras.training.KerasOptimizerState;
import dev.engram.io.keras.training.TrainingConfigs;
import dev.engram.layers.Layer;
import dev.engram.models.Network;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Keras HDF5 files: full models ({@code model.save("m.h5")} from Keras 1.x, 2.x, tf.keras 2
 * and Keras 3's legacy h5) and weights-only files ({@code save_weights}: the legacy layout with
 * {@code layer_names} at the root, and the Keras 3 {@code .weights.h5} layout with
 * {@code layers/<name>/vars/N}).
 *
 * <p>A full model file has root attributes {@code model_config} (JSON), {@code keras_version},
 * {@code backend} (absent in Keras 1) and optionally {@code training_config}, and a group
 * {@code model_weights} laid out as {@link LegacyWeightGroups} describes. The topology goes through
 * {@link KerasTopology} in the dialect of {@code keras_version} (which decides, e.g., what
 * {@code hard_sigmoid} means), the weights through {@link WeightAssignment}; layers the engine
 * lacks raise {@link dev.engram.io.keras.UnsupportedLayerException}.
 *
 * <p>Every file is untrusted: sizes are checked before reading and every failure is a
 * {@link ModelFormatException} naming the file and the HDF5 path.
 */
public final class KerasH5Reader {
    private KerasH5Reader() {
    }

    /**
     * The model in a full-model h5 file, with its weights; compiled when the file's
     * {@code training_config} maps exactly onto an engine loss and optimizer (see
     * {@link TrainingConfigs}); use {@link #load} to learn whether it was.
     *
     * @param file the {@code .h5} file
     * @return the model, compiled when the file's training config maps exactly
     * @throws IOException          if reading fails; {@link dev.engram.io.keras.ModelFormatException} for invalid content
     */
    public static Network read(Path file) throws IOException {
        return load(file).model();
    }

    /**
     * As {@link #read(Path)} within {@code limits}.
     *
     * @param file   the {@code .h5} file
     * @param limits the bounds on weight sizes, parameters, layers and JSON depth
     * @return the model, compiled when the file's training config maps exactly
     * @throws IOException if reading fails; {@link dev.engram.io.keras.ModelFormatException} for invalid content or a
     *                     size over {@code limits}
     */
    public static Network read(Path file, LoadLimits limits) throws IOException {
        return load(file, limits).model();
    }

    /**
     * As {@link #read} with the file's dialect, version and what happened to its training config.
     *
     * @param file the {@code .h5} file
     * @return the model with its dialect, version and compile status
     * @throws IOException          if reading fails; {@link dev.engram.io.keras.ModelFormatException} for invalid content
     */
    public static LoadedKerasModel load(Path file) throws IOException {
        return load(file, LoadLimits.defaults());
    }

    /**
     * As {@link #load(Path)} within {@code limits}: the weights are read first (each dataset and
     * their total held to the limits), then every layer's implied parameters are checked against
     * the limits and against the weights present before the layer is built.
     *
     * @param file   the {@code .h5} file
     * @param limits the bounds on weight sizes, parameters, layers and JSON depth
     * @return the model with its dialect, version and compile status
     * @throws IOException if reading fails; {@link dev.engram.io.keras.ModelFormatException} for invalid content or a
     *                     size over {@code limits}
     */
    public static LoadedKerasModel load(Path file, LoadLimits limits) throws IOException {
        return ReadGuard.read(ModelFormatException.displayName(file), () -> loadGuarded(file, limits));
    }

    /**
     * Standalone Keras 2.0-2.3 (a version without TensorFlow's {@code -tf} suffix) did not compute
     * activity regularizers as tf.keras does (2.2 summed each output's penalty without dividing by the
     * batch size), so such a file is refused rather than read with tf.keras's meaning.
     */
    private static void refuseStandaloneActivityRegularizers(H5Input in, Network model, String version)
            throws ModelFormatException {
        if (version == null || !version.trim().matches("2\\.[0-3](\\.\\d+)*")) {
            return;
        }
        for (Layer l : model.layers()) {
            if (l.activityRegularizer() != null) {
                throw in.error("/ (attribute model_config)", "layer '" + l.name() + "' has an activity_regularizer,"
                        + " saved by standalone Keras " + version + ", which scaled it unlike tf.keras (no division by"
                        + " the batch size); Engram reads activity regularizers from tf.keras, tf-keras 2 and Keras 3"
                        + " files");
            }
        }
    }

    private static LoadedKerasModel loadGuarded(Path file, LoadLimits limits) throws IOException {
        try (H5Input in = H5Input.open(file, ModelFormatException.displayName(file), limits)) {
            Group root = in.root();
            String modelConfig = in.stringAttribute(root, "model_config");
            if (modelConfig == null) {
                if (LegacyWeightGroups.isWeightGroup(in, root) || in.childOrNull(root, "layers") != null) {
                    throw in.error("/", "this is a weights-only file (save_weights) without model_config;"
                            + " build the model and use KerasH5Reader.readWeights(file, model)");
                }
                throw in.error("/", "not a Keras model file: no model_config attribute at the root (attributes: "
                        + root.getAttributes().keySet() + ", members: " + root.getChildren().keySet() + ")");
            }
            String version = in.stringAttribute(root, "keras_version");
            JsonNode config = parse(in, modelConfig, "/ (attribute model_config)", limits);
            KerasDialect dialect = dialect(in, version, config);
            Group weights = in.group(root, "model_weights", "the model's weights (model_weights)");
            List<LayerWeights> layers = NestedModels.of(new ConfigNode(in.fileName(), "", config))
                    .regroup(LegacyWeightGroups.read(in, weights), in.fileName());
            long supplied = layers.stream().flatMap(l -> l.tensors().stream()).mapToLong(t -> t.value().size()).sum();
            Network model = KerasTopology.toModel(new ConfigNode(in.fileName(), "", config), dialect,
                    new ParameterBudget(limits, supplied));
            refuseStandaloneActivityRegularizers(in, model, version);
            assign(in, weights, model, layers);
            String training = in.stringAttribute(root, "training_config");
            JsonNode trainingJson = training == null ? null
                    : parse(in, training, "/ (attribute training_config)", limits);
            CompileStatus status = TrainingConfigs.apply(model, trainingJson, dialect, version);
            if (status.compiled()) {
                String notRestored = KerasOptimizerState.readH5(in, root, model);
                if (notRestored != null) {
                    status = new CompileStatus(true, status.loss(), status.optimizer(), notRestored);
                }
            }
            return new LoadedKerasModel(model, dialect, version, status);
        }
    }

    /**
     * Loads the weights of an h5 file into {@code model}, which must have the architecture the
     * weights were saved from. Accepts the legacy layout ({@code layer_names} at the root, or a full
     * model file's {@code model_weights}) and the Keras 3 {@code .weights.h5} layout. Like Keras,
     * legacy files are matched by position: the i-th layer with weights in the file goes to the i-th
     * layer with parameters in the model (names may differ); shapes must agree. Nothing is assigned
     * unless everything matches.
     *
     * @param file  a weights or full-model {@code .h5} file
     * @param model the built model to load the weights into
     * @throws IOException          if reading fails; {@link dev.engram.io.keras.ModelFormatException} for invalid content
     */
    public static void readWeights(Path file, Network model) throws IOException {
        readWeights(file, model, LoadLimits.defaults());
    }

    /**
     * As {@link #readWeights(Path, Network)} within {@code limits}.
     *
     * @param file   a weights or full-model {@code .h5} file
     * @param model  the built model to load the weights into; unchanged if anything fails
     * @param limits the bounds on dataset sizes and their total
     * @throws IOException if reading fails; {@link dev.engram.io.keras.ModelFormatException} for an
     *                     unrecognised layout, a count or shape mismatch, or a size over {@code limits}
     */
    public static void readWeights(Path file, Network model, LoadLimits limits) throws IOException {
        ReadGuard.read(ModelFormatException.displayName(file), () -> {
            readWeightsGuarded(file, model, limits);
            return null;
        });
    }

    private static void readWeightsGuarded(Path file, Network model, LoadLimits limits) throws IOException {
        try (H5Input in = H5Input.open(file, ModelFormatException.displayName(file), limits)) {
            Group root = in.root();
            Node modelWeights = in.childOrNull(root, "model_weights");
            Group legacy = LegacyWeightGroups.isWeightGroup(in, root) ? root
                    : modelWeights instanceof Group g && LegacyWeightGroups.isWeightGroup(in, g) ? g : null;
            if (legacy != null) {
                assignByPosition(in, legacy, model);
            } else if (in.childOrNull(root, "layers") instanceof Group) {
                KerasV3Weights.read(in, root, model);
            } else {
                throw in.error("/", "not a Keras weights file: no layer_names attribute (legacy h5) and no"
                        + " layers group (Keras 3 .weights.h5); members: " + root.getChildren().keySet());
            }
        }
    }

    private static void assignByPosition(H5Input in, Group group, Network model) throws IOException {
        List<LayerWeights> fileLayers = new ArrayList<>();
        for (LayerWeights lw : LegacyWeightGroups.read(in, group)) {
            if (!lw.tensors().isEmpty()) {
                fileLayers.add(lw);
            }
        }
        List<Layer> modelLayers = KerasLayerOrder.of(model).stream().filter(l -> !l.parameters().isEmpty()).toList();
        if (fileLayers.size() != modelLayers.size()) {
            throw in.error(group.getPath() + " (attribute layer_names)", "the file has weights for "
                    + fileLayers.size() + " layers " + fileLayers.stream().map(LayerWeights::layerName).toList()
                    + " but the model has " + modelLayers.size() + " layers with weights "
                    + modelLayers.stream().map(Layer::name).toList());
        }
        List<LayerWeights> renamed = new ArrayList<>();
        for (int i = 0; i < fileLayers.size(); i++) {
            renamed.add(new LayerWeights(modelLayers.get(i).name(), fileLayers.get(i).tensors()));
        }
        assign(in, group, model, renamed);
    }

    /** WeightAssignment, with its "layer 'x'" locations turned into the HDF5 path of the layer group. */
    private static void assign(H5Input in, Group group, Network model, List<LayerWeights> layers)
            throws ModelFormatException {
        try {
            WeightAssignment.assign(model, layers, in.fileName());
        } catch (ModelFormatException e) {
            String loc = e.location();
            if (loc.startsWith("layer '") && loc.endsWith("'")) {
                String layer = loc.substring(7, loc.length() - 1);
                throw new ModelFormatException(in.fileName(), H5Input.join(group.getPath(), layer) + " (" + loc + ")",
                        e.detail(), e);
            }
            throw e;
        }
    }

    static JsonNode parse(H5Input in, String json, String location, LoadLimits limits) throws ModelFormatException {
        try {
            return ConfigNode.parseJson(in.fileName(), json.getBytes(java.nio.charset.StandardCharsets.UTF_8), limits);
        } catch (ModelFormatException e) {
            throw in.error(location, e.detail());
        }
    }

    private static KerasDialect dialect(H5Input in, String version, JsonNode config) throws ModelFormatException {
        if (version == null) {
            // Keras 1.0/1.1 wrote no keras_version; its Sequential config is a plain list.
            return config.path("config").isArray() ? KerasDialect.KERAS_1 : KerasDialect.KERAS_2;
        }
        try {
            KerasDialect d = KerasDialect.fromKerasVersion(version);
            if (d == KerasDialect.TFJS) {
                throw in.error("/ (attribute keras_version)", "\"" + version + "\" is a TF.js version, not a Keras one");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw in.error("/ (attribute keras_version)", e.getMessage());
        }
    }
}
