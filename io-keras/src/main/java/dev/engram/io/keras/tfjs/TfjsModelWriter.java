package dev.engram.io.keras.tfjs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.AtomicFiles;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.TfjsWriteOptions;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.Networks;
import dev.engram.io.keras.topology.KerasTopology;
import dev.engram.io.keras.training.TfjsTrainingConfig;
import dev.engram.layers.BatchNormalizationConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.Parameter;
import dev.engram.models.Network;
import dev.engram.optimizers.Optimizer;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a model in the TensorFlow.js layers format exactly as tfjs-node's {@code file://} save does:
 * {@code model.json} (compact, keys modelTopology, weightsManifest, format, generatedBy, convertedBy
 * and, with the optimizer, trainingConfig) and {@code weights.bin} (little-endian float32 in manifest
 * order), or converter-style shards {@code group1-shard<i>of<n>.bin}. {@code tf.loadLayersModel}
 * loads the result.
 *
 * <p>Weights are named {@code <layer>/<param>} ({@code kernel}, {@code recurrent_kernel},
 * {@code bias}). With {@link TfjsWriteOptions#includeOptimizer()} the optimizer's state follows as
 * group {@code "optimizer"} in TF.js's order and names: {@code iter} (int32), then every weight's
 * first slot ({@code <weight>/m}), then the second ({@code <weight>/v}), ...
 *
 * <p>Every file is written to a temporary file in the target directory and moved into place
 * atomically; model.json last, so it never refers to shards that are not there yet.
 */
public final class TfjsModelWriter {
    /** The tfjs-layers version whose format this writer produces (modelTopology.keras_version). */
    public static final String TFJS_LAYERS_VERSION = "tfjs-layers 4.22.0";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TfjsModelWriter() {
    }

    /**
     * Writes {@code m} into directory {@code dir} (created if missing).
     *
     * @param m       a built model
     * @param dir     the directory
     * @param options shards, optimizer state, training config
     * @throws ModelFormatException if the model is not built, uses a function TF.js cannot name, has a weight
     *                              outside its constraint (TF.js would project it on load), or the optimizer
     *                              is requested but the model is not compiled
     */
    public static void write(Network m, Path dir, TfjsWriteOptions options) throws IOException {
        ObjectNode topology = KerasTopology.toJson(m, KerasDialect.TFJS);
        topology.put("keras_version", TFJS_LAYERS_VERSION);
        topology.put("backend", "tensor_flow.js");

        ConfigNode where = new ConfigNode("model '" + m.name() + "'", "", null);
        requireTfjsComputesIt(m, where);
        ArrayNode specs = F.arrayNode();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        // TF.js parity: LayersModel.save lists every trainable weight first, then the non-trainable
        // ones (BatchNormalization's moving statistics), each group in layer order.
        for (boolean trainable : new boolean[] {true, false}) {
            for (Parameter p : m.parameters()) {
                if (p.trainable() == trainable) {
                    requireConstraintHolds(p, where);
                    addFloat32(specs, data, TfjsNames.weightName(p.layerName(), p.name()), p.shape(), p.value(), null);
                }
            }
        }
        ObjectNode trainingConfig = null;
        Optimizer opt = m.optimizer();
        if (options.includeOptimizer()) {
            if (opt == null) {
                throw where.error("includeOptimizer needs a compiled model: call compile(loss, optimizer) first");
            }
            trainingConfig = TfjsTrainingConfig.write(m.loss(), opt, where.get("trainingConfig"));
            addOptimizer(specs, data, m, opt, where);
        } else if (options.includeTrainingConfig() && opt != null && m.loss() != null) {
            // TF.js reads trainingConfig without optimizer weights: the model reloads compiled, fresh state.
            trainingConfig = TfjsTrainingConfig.write(m.loss(), opt, where.get("trainingConfig"));
        }

        byte[] bytes = data.toByteArray();
        List<String> paths = new ArrayList<>();
        List<int[]> ranges = new ArrayList<>();
        if (options.shardBytes() == 0 || bytes.length <= options.shardBytes()) {
            paths.add("weights.bin");
            ranges.add(new int[] {0, bytes.length});
        } else {
            long shard = options.shardBytes();
            int n = (int) ((bytes.length + shard - 1) / shard);
            for (int i = 0; i < n; i++) {
                int from = (int) (i * shard);
                paths.add("group1-shard" + (i + 1) + "of" + n + ".bin");
                ranges.add(new int[] {from, (int) Math.min(shard, bytes.length - from)});
            }
        }
        ObjectNode group = F.objectNode();
        ArrayNode pathArray = group.putArray("paths");
        paths.forEach(pathArray::add);
        group.set("weights", specs);

        ObjectNode root = F.objectNode();
        root.set("modelTopology", topology);
        root.set("weightsManifest", F.arrayNode().add(group));
        root.put("format", "layers-model");
        root.put("generatedBy", options.generatedBy());
        root.putNull("convertedBy");
        if (trainingConfig != null) {
            root.set("trainingConfig", trainingConfig);
        }
        byte[] json = JSON.writeValueAsBytes(root);
        // All or nothing: the files are written into a temporary folder and moved in together, so a
        // failure never leaves new shards beside an old model.json (a model that loads and is wrong).
        AtomicFiles.writeFiles(dir, tmp -> {
            for (int i = 0; i < paths.size(); i++) {
                write(tmp.resolve(paths.get(i)), bytes, ranges.get(i)[0], ranges.get(i)[1]);
            }
            write(tmp.resolve("model.json"), json, 0, json.length);
        });
    }

    private static void addOptimizer(ArrayNode specs, ByteArrayOutputStream data, Network m, Optimizer opt,
            ConfigNode where) throws ModelFormatException {
        if (opt.iterations() > Integer.MAX_VALUE) {
            throw where.error("optimizer iterations " + opt.iterations() + " do not fit TF.js's int32 'iter'");
        }
        ObjectNode iter = F.objectNode();
        iter.put("name", "iter");
        iter.putArray("shape");
        iter.put("dtype", "int32");
        iter.put("group", "optimizer");
        specs.add(iter);
        data.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) opt.iterations()).array());
        Map<String, Tensor> state = opt.state();
        if (state.isEmpty()) {
            return; // never trained: TF.js saves only iter in this case too
        }
        for (String slot : TfjsTrainingConfig.slots(opt)) {
            for (Parameter p : m.parameters()) {
                if (!p.trainable()) {
                    continue;
                }
                Tensor t = state.get(p.path() + "/" + slot);
                if (t == null) {
                    throw where.error("the optimizer has no '" + slot + "' state for '" + p.path()
                            + "' (partially trained model?); TF.js needs one per trainable weight");
                }
                addFloat32(specs, data, TfjsNames.weightName(p.layerName(), p.name()) + "/" + slot, p.shape(),
                        t, "optimizer");
            }
        }
    }

    private static void addFloat32(ArrayNode specs, ByteArrayOutputStream data, String name, Shape shape, Tensor value,
            String group) {
        ObjectNode spec = F.objectNode();
        spec.put("name", name);
        ArrayNode dims = spec.putArray("shape");
        for (int d : shape.toArray()) {
            dims.add(d);
        }
        spec.put("dtype", "float32");
        if (group != null) {
            spec.put("group", group);
        }
        specs.add(spec);
        float[] v = value.buffer();
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        data.writeBytes(b.array());
    }

    /**
     * TF.js projects every weight through its constraint as it loads it (its LayerVariable.write applies the
     * constraint), while Keras and Engram apply constraints only after optimizer steps: a weight outside its
     * constraint (set by hand, or never trained) would load in TF.js as other numbers, so it is refused.
     */
    private static void requireConstraintHolds(Parameter p, ConfigNode where) throws ModelFormatException {
        if (p.constraint().isEmpty()) {
            return;
        }
        float[] v = p.value().toArray();
        float[] projected = v.clone();
        p.constraint().get().apply(projected, p.shape());
        double worst = 0;
        for (int i = 0; i < v.length; i++) {
            double d = Math.abs((double) projected[i] - v[i]);
            if (d > 1e-6 + 1e-5 * Math.abs(v[i])) {
                worst = Math.max(worst, d);
            }
        }
        if (worst > 0) {
            throw where.error("weight '" + p.layerName() + "/" + p.name() + "' does not satisfy its constraint "
                    + p.constraint().get().getClass().getSimpleName() + " (projecting it changes a value by "
                    + String.format("%.3g", worst) + "); TF.js applies constraints to weights as it loads them, so the file would compute other"
                    + " numbers in TF.js. Train at least one step (constraints are applied after each update) or"
                    + " build the model without the constraint");
        }
    }

    /**
     * Layers whose configuration has a TF.js name but which TF.js 4.22 computes otherwise or refuses on their
     * input: a BatchNormalization over a feature axis other than the last (its kernels cycle the statistics over
     * the flat input; the reader refuses such files too, {@code AxisCheck}), a Flatten of a rank-2 input (its input
     * spec asks for rank 3; Keras passes the input through).
     */
    private static void requireTfjsComputesIt(Network m, ConfigNode where) throws ModelFormatException {
        for (Layer layer : m.layers()) {
            if (layer.config() instanceof dev.engram.layers.FlattenConfig && layer.isBuilt()
                    && layer.inputShapes().get(0).rank() == 1) {
                throw where.error("layer '" + layer.name() + "' (Flatten) takes a rank-2 input "
                        + layer.inputShapes().get(0).prepend(Shape.UNKNOWN) + "; TF.js 4.22's Flatten refuses inputs"
                        + " of rank below 3, so it has no TF.js form (drop the layer: it changes nothing)");
            }
            if (layer.config() instanceof BatchNormalizationConfig bn && layer.isBuilt()) {
                int rank = layer.inputShapes().get(0).rank() + 1;
                if ((bn.axis() < 0 ? bn.axis() + rank : bn.axis()) != rank - 1) {
                    throw where.error("layer '" + layer.name() + "' (BatchNormalization) normalizes over axis "
                            + bn.axis() + " of a rank-" + rank + " input; TF.js 4.22's kernels compute that otherwise"
                            + " (they cycle the statistics over the flat input), so it has no TF.js form");
                }
            }
        }
    }

    private static void write(Path file, byte[] bytes, int from, int len) throws IOException {
        try (var out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            out.write(bytes, from, len);
        }
    }
}
