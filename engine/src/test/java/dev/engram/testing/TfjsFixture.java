package dev.engram.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Layers;
import dev.engram.models.Sequential;
import dev.engram.regularizers.Regularizer;
import dev.engram.regularizers.Regularizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opentest4j.TestAbortedException;

/**
 * Test-only reader of the TF.js model fixtures and their training records ({@code training.json}),
 * independent of io-keras: builds a Sequential of the engine's layers from {@code model.json}, loads
 * {@code weights.bin} in manifest order, and maps a record's TF.js weight order to the engine's.
 * Fixtures using other layers are skipped, not failed. Cases and tensor records are read by
 * {@link FixtureCases}.
 */
public final class TfjsFixture {
    private TfjsFixture() {
    }

    /** Builds the model described by {@code dir/model.json} and loads its weights. */
    public static Sequential model(Path dir) {
        JsonNode root = FixtureCases.json(dir.resolve("model.json"));
        JsonNode topology = root.get("modelTopology");
        if (topology.has("model_config")) {
            topology = topology.get("model_config");
        }
        if (!"Sequential".equals(topology.get("class_name").asText())) {
            throw new TestAbortedException("not a Sequential model: " + dir);
        }
        Sequential model = new Sequential(topology.get("config").get("name").asText(), 0);
        for (JsonNode layer : topology.get("config").get("layers")) {
            model.add(layer(layer.get("class_name").asText(), layer.get("config")));
        }
        List<Tensor> weights = new ArrayList<>();
        List<String> names = new ArrayList<>();
        ByteBuffer bytes;
        try {
            bytes = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("weights.bin"))).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (JsonNode group : root.get("weightsManifest")) {
            for (JsonNode w : group.get("weights")) {
                int[] dims = new int[w.get("shape").size()];
                for (int i = 0; i < dims.length; i++) {
                    dims[i] = w.get("shape").get(i).asInt();
                }
                float[] v = new float[Shape.of(dims).size()];
                bytes.asFloatBuffer().get(v);
                bytes.position(bytes.position() + 4 * v.length);
                if (!w.has("group") || !"optimizer".equals(w.get("group").asText())) {
                    weights.add(Tensor.wrap(Shape.of(dims), v));
                    names.add(w.get("name").asText());
                }
            }
        }
        int[] order = tfjsIndexOf(model, names);
        List<Tensor> ordered = new ArrayList<>();
        for (int i : order) {
            ordered.add(weights.get(i));
        }
        model.setWeights(ordered);
        requireMaskSupport(model, dir);
        return model;
    }

    /**
     * Skips (rather than fails) a fixture whose mask producer (Embedding with maskZero, Masking)
     * feeds a layer that cannot take a mask yet, e.g. an LSTM before recurrent masking exists.
     */
    private static void requireMaskSupport(Sequential model, Path dir) {
        List<dev.engram.layers.Layer> layers = model.layers();
        for (int i = 0; i + 1 < layers.size(); i++) {
            dev.engram.layers.LayerConfig<?> c = layers.get(i).config();
            boolean produces = c instanceof dev.engram.layers.MaskingConfig
                    || c instanceof dev.engram.layers.EmbeddingConfig e && e.maskZero();
            if (produces && !layers.get(i + 1).supportsMasking()) {
                throw new TestAbortedException(dir.getFileName() + ": layer '" + layers.get(i + 1).name() + "' ("
                        + layers.get(i + 1).typeName() + ") does not take a mask yet (needs recurrent masking from "
                        + "the recurrent branch)");
            }
        }
    }

    private static dev.engram.layers.BidirectionalMergeMode mergeMode(JsonNode mode) {
        if (mode == null || mode.isNull()) {
            return dev.engram.layers.BidirectionalMergeMode.NONE;
        }
        return switch (mode.asText()) {
            case "concat" -> dev.engram.layers.BidirectionalMergeMode.CONCAT;
            case "sum" -> dev.engram.layers.BidirectionalMergeMode.SUM;
            case "mul" -> dev.engram.layers.BidirectionalMergeMode.MUL;
            case "ave" -> dev.engram.layers.BidirectionalMergeMode.AVE;
            default -> throw new TestAbortedException("merge mode " + mode + " is not covered by this reader");
        };
    }

    /**
     * For each engine parameter of {@code model} (in model order), the index of the same weight in a
     * TF.js list of weight names. TF.js lists every trainable weight before the non-trainable ones
     * (BatchNormalization moving statistics, frozen layers); the engine keeps each layer's weights
     * together. Names are matched as {@code layer/snake_case(role)}; when a list does not carry the
     * engine's names (none match), the identity order is returned.
     */
    public static int[] tfjsIndexOf(Sequential model, List<String> tfjsNames) {
        List<dev.engram.layers.Parameter> ps = model.parameters();
        int[] order = new int[ps.size()];
        for (int i = 0; i < order.length; i++) {
            dev.engram.layers.Parameter p = ps.get(i);
            String snake = p.name().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
            order[i] = tfjsNames.indexOf(p.layerName() + "/" + snake);
            if (order[i] < 0) {
                for (int k = 0; k < order.length; k++) {
                    order[k] = k;
                }
                return order;
            }
        }
        return order;
    }

    private static int single(JsonNode v) {
        return v.isArray() ? v.get(0).asInt() : v.asInt();
    }

    private static LayerConfig<?> layer(String className, JsonNode c) {
        LayerConfig<?> config = switch (className) {
            case "Dense" -> Layers.dense(c.get("units").asInt()).withActivation(activation(c.get("activation").asText()))
                    .withUseBias(c.get("use_bias").asBoolean()).withName(c.get("name").asText())
                    .withKernelRegularizer(regularizer(c.get("kernel_regularizer")))
                    .withBiasRegularizer(regularizer(c.get("bias_regularizer")));
            case "LSTM" -> Layers.lstm(c.get("units").asInt()).withActivation(activation(c.get("activation").asText()))
                    .withRecurrentActivation(activation(c.get("recurrent_activation").asText()))
                    .withUseBias(c.get("use_bias").asBoolean())
                    .withReturnSequences(c.get("return_sequences").asBoolean())
                    .withGoBackwards(c.get("go_backwards").asBoolean()).withReturnState(flag(c, "return_state"))
                    .withStateful(flag(c, "stateful")).withDropout(rate(c, "dropout"))
                    .withRecurrentDropout(rate(c, "recurrent_dropout")).withName(c.get("name").asText());
            case "GRU" -> Layers.gru(c.get("units").asInt()).withActivation(activation(c.get("activation").asText()))
                    .withRecurrentActivation(activation(c.get("recurrent_activation").asText()))
                    .withUseBias(c.get("use_bias").asBoolean()).withResetAfter(flag(c, "reset_after"))
                    .withReturnSequences(c.get("return_sequences").asBoolean())
                    .withGoBackwards(c.get("go_backwards").asBoolean()).withReturnState(flag(c, "return_state"))
                    .withStateful(flag(c, "stateful")).withDropout(rate(c, "dropout"))
                    .withRecurrentDropout(rate(c, "recurrent_dropout")).withName(c.get("name").asText());
            case "SimpleRNN" -> Layers.simpleRnn(c.get("units").asInt())
                    .withActivation(activation(c.get("activation").asText()))
                    .withUseBias(c.get("use_bias").asBoolean())
                    .withReturnSequences(c.get("return_sequences").asBoolean())
                    .withGoBackwards(c.get("go_backwards").asBoolean()).withReturnState(flag(c, "return_state"))
                    .withStateful(flag(c, "stateful")).withDropout(rate(c, "dropout"))
                    .withRecurrentDropout(rate(c, "recurrent_dropout")).withName(c.get("name").asText());
            case "RNN" -> {
                JsonNode cell = c.get("cell");
                boolean stacked = "StackedRNNCells".equals(cell.get("class_name").asText());
                List<dev.engram.layers.RecurrentLayerConfig<?>> cells = new ArrayList<>();
                if (stacked) {
                    cell.get("config").get("cells").forEach(e -> cells.add(cell(e)));
                } else {
                    cells.add(cell(cell));
                }
                yield new dev.engram.layers.RnnConfig(cells, stacked, flag(c, "return_sequences"), flag(c, "return_state"),
                        flag(c, "go_backwards"), flag(c, "stateful"), flag(c, "unroll"),
                        dev.engram.layers.RnnStateOrder.LAST_CELL_FIRST,
                        new dev.engram.layers.LayerIdentity(c.get("name").asText(), null));
            }
            case "ConvLSTM2D" -> Layers.convLstm2d(c.get("filters").asInt(), c.get("kernel_size").get(0).asInt(),
                            c.get("kernel_size").get(1).asInt())
                    .withStrides(c.get("strides").get(0).asInt(), c.get("strides").get(1).asInt())
                    .withDilationRate(c.get("dilation_rate").get(0).asInt(), c.get("dilation_rate").get(1).asInt())
                    .withPadding(dev.engram.layers.Padding.valueOf(c.get("padding").asText().toUpperCase(java.util.Locale.ROOT)))
                    .withActivation(activation(c.get("activation").asText()))
                    .withRecurrentActivation(activation(c.get("recurrent_activation").asText()))
                    .withUseBias(c.get("use_bias").asBoolean()).withUnitForgetBias(flag(c, "unit_forget_bias"))
                    .withReturnSequences(flag(c, "return_sequences")).withReturnState(flag(c, "return_state"))
                    .withGoBackwards(flag(c, "go_backwards")).withStateful(flag(c, "stateful"))
                    .withName(c.get("name").asText());
            case "Dropout" -> Layers.dropout(c.get("rate").asDouble()).withName(c.get("name").asText());
            case "Bidirectional" -> Layers.bidirectional(layer(c.get("layer").get("class_name").asText(),
                    c.get("layer").get("config")), mergeMode(c.get("merge_mode"))).withName(c.get("name").asText());
            case "TimeDistributed" -> Layers.timeDistributed(layer(c.get("layer").get("class_name").asText(),
                    c.get("layer").get("config"))).withName(c.get("name").asText());
            case "Embedding" -> {
                dev.engram.layers.EmbeddingConfig e = Layers.embedding(c.get("input_dim").asInt(),
                        c.get("output_dim").asInt()).withMaskZero(c.get("mask_zero").asBoolean(false))
                        .withName(c.get("name").asText());
                JsonNode len = c.get("input_length");
                yield len == null || len.isNull() ? e : e.withInputLength(len.isArray() ? len.get(0).asInt() : len.asInt());
            }
            case "Flatten" -> Layers.flatten().withName(c.get("name").asText());
            case "RepeatVector" -> Layers.repeatVector(c.get("n").asInt()).withName(c.get("name").asText());
            case "Reshape" -> {
                int[] target = new int[c.get("target_shape").size()];
                for (int i = 0; i < target.length; i++) {
                    JsonNode d = c.get("target_shape").get(i);
                    target[i] = d.isNull() ? -1 : d.asInt();
                }
                yield Layers.reshape(target).withName(c.get("name").asText());
            }
            case "Activation" -> Layers.activation(activation(c.get("activation").asText()))
                    .withName(c.get("name").asText());
            case "Masking" -> Layers.masking(c.get("mask_value").asDouble()).withName(c.get("name").asText());
            case "Conv1D" -> Layers.conv1d(c.get("filters").asInt(), single(c.get("kernel_size")))
                    .withStrides(single(c.get("strides"))).withDilationRate(single(c.get("dilation_rate")))
                    .withPadding(dev.engram.layers.Padding.valueOf(c.get("padding").asText().toUpperCase(java.util.Locale.ROOT)))
                    .withActivation(activation(c.get("activation").asText())).withUseBias(c.get("use_bias").asBoolean())
                    .withName(c.get("name").asText());
            case "Conv2D" -> Layers.conv2d(c.get("filters").asInt(), c.get("kernel_size").get(0).asInt(),
                    c.get("kernel_size").get(1).asInt())
                    .withStrides(c.get("strides").get(0).asInt(), c.get("strides").get(1).asInt())
                    .withDilationRate(c.get("dilation_rate").get(0).asInt(), c.get("dilation_rate").get(1).asInt())
                    .withPadding(dev.engram.layers.Padding.valueOf(c.get("padding").asText().toUpperCase(java.util.Locale.ROOT)))
                    .withDataFormat(dev.engram.layers.DataFormat.valueOf(c.get("data_format").asText()
                            .toUpperCase(java.util.Locale.ROOT)))
                    .withActivation(activation(c.get("activation").asText())).withUseBias(c.get("use_bias").asBoolean())
                    .withName(c.get("name").asText());
            case "Conv3D" -> Layers.conv3d(c.get("filters").asInt(), c.get("kernel_size").get(0).asInt(),
                    c.get("kernel_size").get(1).asInt(), c.get("kernel_size").get(2).asInt())
                    .withStrides(c.get("strides").get(0).asInt(), c.get("strides").get(1).asInt(),
                            c.get("strides").get(2).asInt())
                    .withDilationRate(c.get("dilation_rate").get(0).asInt(), c.get("dilation_rate").get(1).asInt(),
                            c.get("dilation_rate").get(2).asInt())
                    .withPadding(dev.engram.layers.Padding.valueOf(c.get("padding").asText().toUpperCase(java.util.Locale.ROOT)))
                    .withDataFormat(dataFormat(c))
                    .withActivation(activation(c.get("activation").asText())).withUseBias(c.get("use_bias").asBoolean())
                    .withName(c.get("name").asText());
            case "Conv2DTranspose" -> Layers.conv2dTranspose(c.get("filters").asInt(), c.get("kernel_size").get(0).asInt(),
                    c.get("kernel_size").get(1).asInt())
                    .withStrides(c.get("strides").get(0).asInt(), c.get("strides").get(1).asInt())
                    .withPadding(dev.engram.layers.Padding.valueOf(c.get("padding").asText().toUpperCase(java.util.Locale.ROOT)))
                    .withDataFormat(dev.engram.layers.DataFormat.valueOf(c.get("data_format").asText()
                            .toUpperCase(java.util.Locale.ROOT)))
                    .withActivation(activation(c.get("activation").asText())).withUseBias(c.get("use_bias").asBoolean())
                    .withName(c.get("name").asText());
            case "DepthwiseConv2D" -> Layers.depthwiseConv2d(c.get("kernel_size").get(0).asInt(),
                    c.get("kernel_size").get(1).asInt()).withDepthMultiplier(c.get("depth_multiplier").asInt())
                    .withStrides(c.get("strides").get(0).asInt(), c.get("strides").get(1).asInt())
                    .withPadding(dev.engram.layers.Padding.valueOf(c.get("padding").asText().toUpperCase(java.util.Locale.ROOT)))
                    .withDataFormat(dev.engram.layers.DataFormat.valueOf(c.get("data_format").asText()
                            .toUpperCase(java.util.Locale.ROOT)))
                    .withActivation(activation(c.get("activation").asText())).withUseBias(c.get("use_bias").asBoolean())
                    .withName(c.get("name").asText());
            case "SeparableConv2D" -> Layers.separableConv2d(c.get("filters").asInt(), 1)
                    .withWindow(new dev.engram.layers.Conv2DWindow(c.get("kernel_size").get(0).asInt(),
                            c.get("kernel_size").get(1).asInt(), c.get("strides").get(0).asInt(),
                            c.get("strides").get(1).asInt(), c.get("dilation_rate").get(0).asInt(),
                            c.get("dilation_rate").get(1).asInt(), dev.engram.layers.Padding.valueOf(
                                    c.get("padding").asText().toUpperCase(java.util.Locale.ROOT))))
                    // TF.js parity: tfjs 4.22 does not save SeparableConv2D's depth_multiplier (it reloads as 1).
                    .withDepthMultiplier(c.has("depth_multiplier") ? c.get("depth_multiplier").asInt() : 1)
                    .withDataFormat(dev.engram.layers.DataFormat.valueOf(c.get("data_format").asText()
                            .toUpperCase(java.util.Locale.ROOT)))
                    .withActivation(activation(c.get("activation").asText())).withUseBias(c.get("use_bias").asBoolean())
                    .withName(c.get("name").asText());
            case "GlobalAveragePooling1D" -> Layers.globalAveragePooling1d().withName(c.get("name").asText());
            case "GlobalMaxPooling1D" -> Layers.globalMaxPooling1d().withName(c.get("name").asText());
            case "LayerNormalization" -> Layers.layerNormalization().withEpsilon(c.get("epsilon").asDouble())
                    .withCenter(c.get("center").asBoolean()).withScale(c.get("scale").asBoolean())
                    .withName(c.get("name").asText());
            case "BatchNormalization" -> Layers.batchNormalization().withMomentum(c.get("momentum").asDouble())
                    .withEpsilon(c.get("epsilon").asDouble()).withCenter(c.get("center").asBoolean())
                    .withScale(c.get("scale").asBoolean()).withName(c.get("name").asText());
            case "MaxPooling1D", "AveragePooling1D" -> (className.startsWith("Max") ? Layers.maxPooling1d(
                    single(c.get("pool_size"))) : Layers.averagePooling1d(single(c.get("pool_size"))))
                    .withStrides(single(c.get("strides")))
                    .withPadding(dev.engram.layers.Padding.valueOf(c.get("padding").asText().toUpperCase(java.util.Locale.ROOT)))
                    .withName(c.get("name").asText());
            case "Permute" -> {
                int[] dims = new int[c.get("dims").size()];
                for (int i = 0; i < dims.length; i++) {
                    dims[i] = c.get("dims").get(i).asInt();
                }
                yield Layers.permute(dims).withName(c.get("name").asText());
            }
            case "ReLU" -> {
                JsonNode max = c.get("max_value");
                dev.engram.layers.ReluLayerConfig r = Layers.relu().withName(c.get("name").asText());
                yield max == null || max.isNull() ? r : r.withMaxValue(max.asDouble());
            }
            case "LeakyReLU" -> Layers.leakyRelu().withAlpha(c.get("alpha").asDouble()).withName(c.get("name").asText());
            case "ELU" -> Layers.elu().withAlpha(c.get("alpha").asDouble()).withName(c.get("name").asText());
            case "ThresholdedReLU" -> Layers.thresholdedRelu().withTheta(c.get("theta").asDouble())
                    .withName(c.get("name").asText());
            case "PReLU" -> {
                JsonNode axes = c.get("shared_axes");
                int[] shared = new int[axes == null || axes.isNull() ? 0 : axes.size()];
                for (int i = 0; i < shared.length; i++) {
                    shared[i] = axes.get(i).asInt();
                }
                yield Layers.prelu().withSharedAxes(shared).withName(c.get("name").asText());
            }
            case "Softmax" -> Layers.softmax(c.get("axis").asInt()).withName(c.get("name").asText());
            case "SpatialDropout1D" -> Layers.spatialDropout1d(c.get("rate").asDouble()).withName(c.get("name").asText());
            case "GaussianNoise" -> Layers.gaussianNoise(c.get("stddev").asDouble()).withName(c.get("name").asText());
            case "GaussianDropout" -> Layers.gaussianDropout(c.get("rate").asDouble()).withName(c.get("name").asText());
            case "AlphaDropout" -> Layers.alphaDropout(c.get("rate").asDouble()).withName(c.get("name").asText());
            case "MaxPooling2D", "AveragePooling2D", "MaxPooling3D", "AveragePooling3D" -> new dev.engram.layers.SpatialPoolingConfig(
                    className.startsWith("Max") ? dev.engram.layers.PoolingMode.MAX : dev.engram.layers.PoolingMode.AVERAGE,
                    intList(c.get("pool_size")), intList(c.get("strides")),
                    dev.engram.layers.Padding.valueOf(c.get("padding").asText().toUpperCase(java.util.Locale.ROOT)),
                    dataFormat(c), c.get("name").asText(), null);
            case "GlobalAveragePooling2D", "GlobalMaxPooling2D" -> new dev.engram.layers.GlobalSpatialPoolingConfig(
                    className.startsWith("GlobalMax") ? dev.engram.layers.PoolingMode.MAX : dev.engram.layers.PoolingMode.AVERAGE,
                    2, false, dataFormat(c), c.get("name").asText(), null);
            case "ZeroPadding2D", "Cropping2D" -> {
                JsonNode p = c.get(className.equals("Cropping2D") ? "cropping" : "padding");
                int[] s = {p.get(0).get(0).asInt(), p.get(0).get(1).asInt(), p.get(1).get(0).asInt(), p.get(1).get(1).asInt()};
                yield className.equals("Cropping2D")
                        ? new dev.engram.layers.Cropping2DConfig(s[0], s[1], s[2], s[3], dataFormat(c), c.get("name").asText(), null)
                        : new dev.engram.layers.ZeroPadding2DConfig(s[0], s[1], s[2], s[3], dataFormat(c), c.get("name").asText(), null);
            }
            case "UpSampling2D" -> new dev.engram.layers.UpSampling2DConfig(c.get("size").get(0).asInt(),
                    c.get("size").get(1).asInt(), dataFormat(c), c.get("name").asText(), null);
            default -> throw new TestAbortedException("layer class " + className + " is not covered by this reader");
        };
        JsonNode shape = c.get("batch_input_shape");
        if (shape != null && !shape.isNull()) {
            int[] dims = new int[shape.size() - 1];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = shape.get(i + 1).isNull() ? Shape.UNKNOWN : shape.get(i + 1).asInt();
            }
            if (config instanceof dev.engram.layers.DenseConfig d) {
                config = d.inputShape(dims);
            } else if (config instanceof dev.engram.layers.LstmConfig l) {
                config = l.inputShape(dims);
            } else if (config instanceof dev.engram.layers.DropoutConfig d) {
                config = d.inputShape(dims);
            } else if (config instanceof dev.engram.layers.BidirectionalConfig d) {
                config = d.inputShape(dims);
            } else if (config instanceof dev.engram.layers.TimeDistributedConfig d) {
                config = d.inputShape(dims);
            } else if (config instanceof dev.engram.layers.EmbeddingConfig d) {
                config = d.inputShape(dims);
            } else if (config instanceof dev.engram.layers.FlattenConfig d) {
                config = d.inputShape(dims);
            } else if (config instanceof dev.engram.layers.RepeatVectorConfig d) {
                config = d.inputShape(dims);
            } else if (config instanceof dev.engram.layers.ReshapeConfig d) {
                config = d.inputShape(dims);
            } else if (config instanceof dev.engram.layers.ActivationLayerConfig d) {
                config = d.inputShape(dims);
            } else if (config instanceof dev.engram.layers.MaskingConfig d) {
                config = d.inputShape(dims);
            } else if (config instanceof dev.engram.layers.Conv1DConfig cc) {
                config = cc.inputShape(dims);
            } else if (config instanceof dev.engram.layers.Conv2DConfig cc) {
                config = cc.inputShape(dims);
            } else if (config instanceof dev.engram.layers.Conv3DConfig cc) {
                config = cc.inputShape(dims);
            } else if (config instanceof dev.engram.layers.Conv2DTransposeConfig cc) {
                config = cc.inputShape(dims);
            } else if (config instanceof dev.engram.layers.DepthwiseConv2DConfig cc) {
                config = cc.inputShape(dims);
            } else if (config instanceof dev.engram.layers.SeparableConv2DConfig cc) {
                config = cc.inputShape(dims);
            } else if (config instanceof dev.engram.layers.GlobalPooling1DConfig g) {
                config = g.inputShape(dims);
            } else if (config instanceof dev.engram.layers.LayerNormalizationConfig ln) {
                config = ln.inputShape(dims);
            } else if (config instanceof dev.engram.layers.BatchNormalizationConfig bn) {
                config = bn.inputShape(dims);
            } else if (config instanceof dev.engram.layers.GruConfig g) {
                config = g.inputShape(dims);
            } else if (config instanceof dev.engram.layers.SimpleRnnConfig r) {
                config = r.inputShape(dims);
            } else {
                config = config.withInputShape(Shape.of(dims));
            }
        }
        return config;
    }

    /** A TF.js {@code LSTMCell}/{@code GRUCell}/{@code SimpleRNNCell} entry of an RNN. */
    private static dev.engram.layers.RecurrentLayerConfig<?> cell(JsonNode entry) {
        JsonNode c = entry.get("config");
        int units = c.get("units").asInt();
        Activation act = activation(c.get("activation").asText());
        String name = c.get("name").asText();
        return switch (entry.get("class_name").asText()) {
            case "LSTMCell" -> Layers.lstmCell(units).withActivation(act)
                    .withRecurrentActivation(activation(c.get("recurrent_activation").asText()))
                    .withUseBias(c.get("use_bias").asBoolean()).withDropout(rate(c, "dropout"))
                    .withRecurrentDropout(rate(c, "recurrent_dropout")).withName(name);
            case "GRUCell" -> Layers.gruCell(units).withActivation(act)
                    .withRecurrentActivation(activation(c.get("recurrent_activation").asText()))
                    .withUseBias(c.get("use_bias").asBoolean()).withResetAfter(flag(c, "reset_after"))
                    .withDropout(rate(c, "dropout")).withRecurrentDropout(rate(c, "recurrent_dropout")).withName(name);
            case "SimpleRNNCell" -> Layers.simpleRnnCell(units).withActivation(act)
                    .withUseBias(c.get("use_bias").asBoolean()).withDropout(rate(c, "dropout"))
                    .withRecurrentDropout(rate(c, "recurrent_dropout")).withName(name);
            default -> throw new TestAbortedException("cell class " + entry.get("class_name") + " is not covered");
        };
    }

    private static java.util.List<Integer> intList(JsonNode a) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        a.forEach(v -> out.add(v.asInt()));
        return out;
    }

    private static dev.engram.layers.DataFormat dataFormat(JsonNode c) {
        return c.path("data_format").asText("channels_last").equals("channels_first")
                ? dev.engram.layers.DataFormat.CHANNELS_FIRST : dev.engram.layers.DataFormat.CHANNELS_LAST;
    }

    private static boolean flag(JsonNode c, String key) {
        return c.has(key) && c.get(key).asBoolean(false);
    }

    private static double rate(JsonNode c, String key) {
        return c.has(key) && !c.get(key).isNull() ? c.get(key).asDouble() : 0;
    }

    /** A {@code {class_name, config}} regularizer record; null or JSON null for none. */
    private static Regularizer regularizer(JsonNode r) {
        if (r == null || r.isNull()) {
            return null;
        }
        JsonNode c = r.get("config");
        return switch (r.get("class_name").asText()) {
            case "L1L2" -> Regularizers.l1l2(c.get("l1").asDouble(), c.get("l2").asDouble());
            case "L1" -> Regularizers.l1(c.get("l1").asDouble());
            case "L2" -> Regularizers.l2(c.get("l2").asDouble());
            default -> throw new TestAbortedException("regularizer " + r + " is not covered by this reader");
        };
    }

    private static Activation activation(String name) {
        return switch (name) {
            case "linear" -> Activations.linear();
            case "relu" -> Activations.relu();
            case "relu6" -> Activations.relu6();
            case "elu" -> Activations.elu();
            case "selu" -> Activations.selu();
            case "tanh" -> Activations.tanh();
            case "sigmoid" -> Activations.sigmoid();
            case "hard_sigmoid" -> Activations.hardSigmoid(0.2, 0.5);
            case "softmax" -> Activations.softmax();
            case "softplus" -> Activations.softplus();
            case "softsign" -> Activations.softsign();
            case "swish" -> Activations.swish();
            case "gelu" -> Activations.gelu();
            default -> throw new TestAbortedException("activation " + name + " is not covered by this reader");
        };
    }
}
