package dev.engram.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Test-only reader of the TF.js fixtures for the engine's own tests (before and independent of
 * io-keras): builds a Sequential of Dense/LSTM/Dropout from {@code model.json} and loads
 * {@code weights.bin} in manifest order. Fixtures using other layers are skipped, not failed.
 */
public final class TfjsFixture {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TfjsFixture() {
    }

    /** Reads a JSON file. */
    public static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A tensor from a {@code {shape, data}} JSON record. */
    public static Tensor tensor(JsonNode record) {
        JsonNode shape = record.get("shape");
        int[] dims = new int[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).asInt();
        }
        JsonNode data = record.get("data");
        float[] v = new float[data.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) data.get(i).asDouble();
        }
        return Tensor.wrap(Shape.of(dims), v);
    }

    /** Builds the model described by {@code dir/model.json} and loads its weights. */
    public static Sequential model(Path dir) {
        JsonNode root = json(dir.resolve("model.json"));
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
                }
            }
        }
        model.setWeights(weights);
        return model;
    }

    private static LayerConfig layer(String className, JsonNode c) {
        LayerConfig config = switch (className) {
            case "Dense" -> Layers.dense(c.get("units").asInt()).withActivation(activation(c.get("activation").asText()))
                    .withUseBias(c.get("use_bias").asBoolean()).withName(c.get("name").asText())
                    .withKernelRegularizer(regularizer(c.get("kernel_regularizer")))
                    .withBiasRegularizer(regularizer(c.get("bias_regularizer")));
            case "LSTM" -> Layers.lstm(c.get("units").asInt()).withActivation(activation(c.get("activation").asText()))
                    .withRecurrentActivation(activation(c.get("recurrent_activation").asText()))
                    .withUseBias(c.get("use_bias").asBoolean())
                    .withReturnSequences(c.get("return_sequences").asBoolean())
                    .withGoBackwards(c.get("go_backwards").asBoolean()).withName(c.get("name").asText());
            case "Dropout" -> Layers.dropout(c.get("rate").asDouble()).withName(c.get("name").asText());
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
            }
        }
        return config;
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
