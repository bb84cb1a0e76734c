package dev.engram.io.keras.tfjs;

import dev.engram.io.LoadLimits;
import dev.engram.io.keras.CompileStatus;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.LoadedKerasModel;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.LayerWeights;
import dev.engram.io.keras.internal.NamedTensor;
import dev.engram.io.keras.internal.Networks;
import dev.engram.io.keras.internal.ParameterBudget;
import dev.engram.io.keras.internal.ReadGuard;
import dev.engram.io.keras.internal.WeightAssignment;
import dev.engram.io.keras.topology.KerasTopology;
import dev.engram.io.keras.training.TfjsTrainingConfig;
import dev.engram.layers.Parameter;
import dev.engram.losses.Loss;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.optimizers.Optimizer;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a TensorFlow.js layers model: {@code model.json} (as saved by TF.js, or tfjs-converter output
 * whose {@code modelTopology} wraps {@code model_config}) and its weight shards.
 *
 * <p>The topology's dialect comes from its {@code keras_version} ({@code "tfjs-layers ..."} for
 * TF.js saves; a converted Keras model keeps its Keras version, so its names mean what Keras meant);
 * without one, TF.js is assumed. Weights are assigned strictly ({@link WeightAssignment}). When the
 * file has a {@code trainingConfig} the model is compiled with its loss and optimizer, and weights of
 * group {@code "optimizer"} ({@code iter}, {@code <weight>/m}, ...) restore the optimizer's state so
 * training resumes where TF.js stopped; without a trainingConfig, optimizer weights are ignored.
 */
public final class TfjsModelReader {
    /** Largest model.json accepted (the topology; weights live in the shards). */
    private static final long MAX_JSON_BYTES = 64L << 20;

    private TfjsModelReader() {
    }

    /**
     * Loads the model {@code modelJson} describes, with weights, compiled if it has a trainingConfig.
     *
     * @param modelJson the {@code model.json} file (shards next to it)
     * @return the model
     * @throws ModelFormatException for malformed JSON, unknown layers, dtypes or optimizers, missing or
     *                              truncated shards, and weights that do not match the topology
     */
    public static Network read(Path modelJson) throws IOException {
        return read(modelJson, LoadLimits.defaults());
    }

    /**
     * As {@link #read(Path)} within {@code limits} (parameter bytes, tensor elements, layers, JSON depth).
     *
     * @param modelJson the {@code model.json} file (shards next to it)
     * @param limits    the bounds on parameter bytes, tensor elements, layers and JSON depth
     * @return the model, compiled if it has a trainingConfig
     * @throws IOException if reading fails; {@link ModelFormatException} for invalid content (as
     *                     {@link #read(Path)}) or a size over {@code limits}
     */
    public static Network read(Path modelJson, LoadLimits limits) throws IOException {
        return load(modelJson, limits).model();
    }

    /**
     * As {@link #read(Path, LoadLimits)} with the file's dialect, {@code keras_version} and what happened
     * to its trainingConfig (TF.js refuses a trainingConfig it cannot honour, so a model with one is
     * compiled).
     *
     * @param modelJson the {@code model.json} file (shards next to it)
     * @param limits    the bounds on parameter bytes, tensor elements, layers and JSON depth
     * @return the model with its dialect, version and compile status
     * @throws IOException if reading fails; {@link ModelFormatException} for invalid content or a size
     *                     over {@code limits}
     */
    public static LoadedKerasModel load(Path modelJson, LoadLimits limits) throws IOException {
        return ReadGuard.read(ModelFormatException.displayName(modelJson), () -> loadGuarded(modelJson, limits));
    }

    private static LoadedKerasModel loadGuarded(Path modelJson, LoadLimits limits) throws IOException {
        String file = ModelFormatException.displayName(modelJson);
        long size = Files.size(modelJson);
        if (size > MAX_JSON_BYTES) {
            throw new ModelFormatException(file, "", "model.json is " + size + " bytes; the limit is " + MAX_JSON_BYTES);
        }
        ConfigNode root = ConfigNode.parse(file, Files.readAllBytes(modelJson), limits).requireObject();
        ConfigNode topology = root.get("modelTopology").requireObject();
        ConfigNode modelConfig = topology.has("model_config") ? topology.get("model_config") : topology;
        ConfigNode version = versionNode(topology, modelConfig);
        KerasDialect dialect = dialect(version);
        Path dir = modelJson.toAbsolutePath().getParent();
        List<TfjsWeight> weights = TfjsWeightCodec.read(root.get("weightsManifest"), dir, limits);
        long supplied = weights.stream().filter(w -> !w.isOptimizer()).mapToLong(w -> w.value().size()).sum();
        Network model = KerasTopology.toModel(modelConfig, dialect, new ParameterBudget(limits, supplied));

        Map<String, List<NamedTensor>> byLayer = new LinkedHashMap<>();
        List<TfjsWeight> optimizerWeights = new ArrayList<>();
        for (TfjsWeight w : weights) {
            if (w.isOptimizer()) {
                optimizerWeights.add(w);
            } else {
                byLayer.computeIfAbsent(TfjsNames.layerOf(w.name()), k -> new ArrayList<>())
                        .add(new NamedTensor(w.name(), w.value()));
            }
        }
        List<LayerWeights> layerWeights = new ArrayList<>();
        byLayer.forEach((layer, ts) -> layerWeights.add(new LayerWeights(layer, ts)));
        WeightAssignment.assign(model, layerWeights, file);

        ConfigNode training = root.get("trainingConfig");
        CompileStatus status = CompileStatus.absent();
        if (!training.isNullOrMissing()) {
            Loss loss = TfjsTrainingConfig.loss(training.get("loss"));
            Optimizer opt = TfjsTrainingConfig.optimizer(training.get("optimizer_config"));
            model.compile(loss, opt);
            restoreOptimizer(model, opt, optimizerWeights, root.get("weightsManifest"));
            status = new CompileStatus(true, training.get("loss").asString(),
                    training.get("optimizer_config").get("class_name").asString(), null);
        }
        return new LoadedKerasModel(model, dialect, version.isNullOrMissing() ? null : version.asString(), status);
    }

    /**
     * As {@link #read}, for a file holding a Sequential model; a functional one is an error saying so.
     *
     * @param modelJson the {@code model.json} file (shards next to it)
     * @return the model
     * @throws IOException if reading fails; {@link ModelFormatException} for invalid content
     */
    public static Sequential readSequential(Path modelJson) throws IOException {
        return readSequential(modelJson, LoadLimits.defaults());
    }

    /**
     * As {@link #readSequential(Path)} within {@code limits}.
     *
     * @param modelJson the {@code model.json} file (shards next to it)
     * @param limits    the bounds on parameter bytes, tensor elements, layers and JSON depth
     * @return the model
     * @throws IOException if reading fails; {@link ModelFormatException} for invalid content, a size
     *                     over {@code limits}, or a functional (non-Sequential) model
     */
    public static Sequential readSequential(Path modelJson, LoadLimits limits) throws IOException {
        return Networks.requireSequential(read(modelJson, limits), ModelFormatException.displayName(modelJson));
    }

    /** The {@code keras_version} of the topology, or of a converted model's {@code model_config}. */
    private static ConfigNode versionNode(ConfigNode topology, ConfigNode modelConfig) {
        ConfigNode v = topology.get("keras_version");
        return v.isNullOrMissing() ? modelConfig.get("keras_version") : v;
    }

    private static KerasDialect dialect(ConfigNode v) throws ModelFormatException {
        if (v.isNullOrMissing()) {
            return KerasDialect.TFJS;
        }
        try {
            return KerasDialect.fromKerasVersion(v.asString());
        } catch (IllegalArgumentException e) {
            throw v.error(e.getMessage());
        }
    }

    /** TF.js optimizer weights: {@code iter} (int32 scalar) and {@code <layer>/<param>/<slot>}. */
    private static void restoreOptimizer(Network model, Optimizer opt, List<TfjsWeight> weights, ConfigNode manifest)
            throws ModelFormatException {
        if (weights.isEmpty()) {
            return;
        }
        Map<String, Parameter> byFileName = new HashMap<>();
        for (Parameter p : model.parameters()) {
            byFileName.put(TfjsNames.weightName(p.layerName(), p.name()), p);
        }
        List<String> slots = TfjsTrainingConfig.slots(opt);
        Map<String, Tensor> state = new LinkedHashMap<>();
        long iterations = 0;
        boolean sawIter = false;
        for (TfjsWeight w : weights) {
            ConfigNode at = new ConfigNode(manifest.file(), w.pointer(), null);
            if (w.name().equals("iter")) {
                if (!"int32".equals(w.dtype()) || w.value().size() != 1 || w.exactInt() < 0) {
                    throw at.error("optimizer weight 'iter' must be a non-negative int32 scalar, found dtype "
                            + w.dtype() + " with " + w.value().size() + " value(s)");
                }
                iterations = w.exactInt();
                sawIter = true;
                continue;
            }
            int cut = w.name().lastIndexOf('/');
            String slot = cut < 0 ? "" : w.name().substring(cut + 1);
            String variable = cut < 0 ? "" : w.name().substring(0, cut);
            Parameter p = byFileName.get(variable);
            if (p == null && variable.matches(".*_\\d+")) {
                // TF.js names a slot after the weight's variable, which it made unique in the process
                // ("dense/kernel_1" when an earlier model also had a layer "dense"); the weight keeps "dense/kernel"
                p = byFileName.get(variable.substring(0, variable.lastIndexOf('_')));
            }
            if (p == null || !slots.contains(slot)) {
                throw at.error("optimizer weight '" + w.name() + "' does not name a model weight and a " + opt.name()
                        + " slot " + slots + "; model weights: " + byFileName.keySet().stream().sorted().toList());
            }
            if (w.value().size() != p.shape().size()) {
                throw at.error("optimizer weight '" + w.name() + "' has " + w.value().size() + " values but '"
                        + p.path() + "' has shape " + p.shape());
            }
            if (state.put(p.path() + "/" + slot, w.value()) != null) {
                throw at.error("optimizer weight '" + w.name() + "' is a second " + slot + " slot for '" + p.path() + "'");
            }
        }
        if (!sawIter) {
            throw manifest.error("optimizer weights without 'iter'; cannot resume the step count");
        }
        try {
            opt.setState(orderByParameters(model, state, slots), iterations);
        } catch (IllegalArgumentException e) {
            throw manifest.error("cannot restore the optimizer state: " + e.getMessage());
        }
    }

    /** The engine keeps state in the order parameters are updated; TF.js lists all m, then all v. */
    private static Map<String, Tensor> orderByParameters(Network model, Map<String, Tensor> state, List<String> slots) {
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            for (String s : slots) {
                Tensor t = state.get(p.path() + "/" + s);
                if (t != null) {
                    ordered.put(p.path() + "/" + s, t);
                }
            }
        }
        return ordered;
    }
}
