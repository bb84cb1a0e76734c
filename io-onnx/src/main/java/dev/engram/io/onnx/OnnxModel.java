package dev.engram.io.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.engram.io.LoadLimits;
import dev.engram.io.onnx.codec.ExternalData;
import dev.engram.io.onnx.runtime.GraphExecutor;
import dev.engram.io.onnx.convert.GraphFolding;
import dev.engram.io.onnx.convert.NetworkConverter;
import dev.engram.io.onnx.runtime.OpRegistry;
import dev.engram.io.onnx.convert.SequentialConverter;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.StringStringEntryProto;
import dev.engram.models.Model;
import dev.engram.models.Sequential;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model loaded for inference on the engine's kernels, e.g. a PyTorch or tf2onnx export
 * with LSTM/GRU/RNN and dense layers surrounded by shape arithmetic.
 *
 * <pre>{@code
 * OnnxModel m = OnnxModel.load(Path.of("model.onnx"));
 * Tensor y = m.predict(x);                 // single-input, single-output models
 * Sequential trainable = m.toSequential(); // when the graph is a chain of recognised layers
 * Model functional = m.toNetwork();        // branches, several inputs/outputs, merges
 * }</pre>
 *
 * <p>Operators: {@link #supportedOperators()}, default-domain opsets 7 to 22. {@code predict} is
 * safe to call from many threads at once.
 */
public final class OnnxModel {
    /** Largest file accepted (protobuf's own message limit). */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE;

    private final String file;
    private final ModelProto proto;
    private final GraphExecutor executor;

    private OnnxModel(String file, ModelProto proto, GraphExecutor executor) {
        this.file = file;
        this.proto = proto;
        this.executor = executor;
    }

    /**
     * Reads and validates an ONNX file.
     *
     * @param path the {@code .onnx} file
     * @return the model, ready to run
     * @throws OnnxFormatException      for malformed or inconsistent content (message names the place)
     * @throws UnsupportedOnnxException for valid content outside the supported subset
     * @throws IOException              if the file cannot be read
     */
    public static OnnxModel load(Path path) throws IOException {
        return load(path, LoadLimits.defaults());
    }

    /**
     * As {@link #load(Path)} within {@code limits}: graph nodes, initializer bytes and elements,
     * and every tensor a node computes when the model runs.
     *
     * @param path   the {@code .onnx} file; external-data weights are read from files in its folder
     * @param limits the bounds on graph nodes, initializer bytes and tensor elements; the element
     *               bound also applies to every tensor {@link #predict(Map)} computes later
     * @return the model, ready to run
     * @throws OnnxFormatException      for malformed or inconsistent content, a file over
     *                                  {@link #MAX_FILE_BYTES}, bad external data, or a size over {@code limits}
     * @throws UnsupportedOnnxException for valid content outside the supported subset
     * @throws IOException              if the file or its external data cannot be read
     */
    public static OnnxModel load(Path path, LoadLimits limits) throws IOException {
        long size = Files.size(path);
        if (size > MAX_FILE_BYTES) {
            throw new OnnxFormatException(path + ": " + size + " bytes is larger than the " + MAX_FILE_BYTES
                    + " bytes a protobuf message can hold (larger models keep their weights in external data)");
        }
        String name = path.toString();
        ModelProto proto = parse(Files.readAllBytes(path), name);
        if (ExternalData.uses(proto)) {
            // PyTorch 2 / onnx.save_as_external_data: weights in side files inside the model's folder.
            proto = ExternalData.inline(proto, path);
        }
        return build(name, proto, limits);
    }

    /**
     * Parses an ONNX model from bytes; {@code name} identifies it in error messages.
     *
     * @param bytes the serialized {@code ModelProto}
     * @param name  how messages name the model
     * @return the model, ready to run
     * @throws OnnxFormatException      for malformed or inconsistent content
     * @throws UnsupportedOnnxException for valid content outside the supported subset
     */
    public static OnnxModel load(byte[] bytes, String name) throws OnnxFormatException {
        return load(bytes, name, LoadLimits.defaults());
    }

    /**
     * As {@link #load(byte[], String)} within {@code limits}. External data is not resolved here
     * (there is no folder to read it from).
     *
     * @param bytes  the serialized {@code ModelProto}
     * @param name   how messages name the model
     * @param limits the bounds on graph nodes, initializer bytes and tensor elements; the element
     *               bound also applies to every tensor {@link #predict(Map)} computes later
     * @return the model, ready to run
     * @throws OnnxFormatException      for malformed or inconsistent content or a size over {@code limits}
     * @throws UnsupportedOnnxException for valid content outside the supported subset
     */
    public static OnnxModel load(byte[] bytes, String name, LoadLimits limits) throws OnnxFormatException {
        return build(name, parse(bytes, name), limits);
    }

    private static ModelProto parse(byte[] bytes, String name) throws OnnxFormatException {
        ModelProto proto;
        try {
            // Protobuf refuses messages nested deeper than its recursion limit (100 by default).
            proto = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            // protobuf's own text (field numbers, wire types) is in the cause, for --verbose
            throw new OnnxFormatException(name + ": not a valid ONNX ModelProto (truncated, corrupt, nested too deeply"
                    + " or not an ONNX file)", e);
        }
        if (!proto.hasGraph()) {
            throw new OnnxFormatException(name + ": the ModelProto has no graph (field 7); is this an ONNX file?");
        }
        return proto;
    }

    private static OnnxModel build(String name, ModelProto proto, LoadLimits limits) throws OnnxFormatException {
        try {
            return new OnnxModel(name, proto, new GraphExecutor(proto, name, limits));
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException | ArithmeticException
                | NegativeArraySizeException e) {
            // A value from the file that a node's setup refused: a defect of the file, not a crash.
            throw new OnnxFormatException(name + ": inconsistent model: " + e.getMessage(), e);
        }
    }

    /**
     * The operator types of the default domain the importer executes, sorted: the recurrent ops
     * (LSTM, GRU, RNN), Gemm/MatMul, arithmetic, activations, shape and indexing ops, Conv,
     * BatchNormalization (inference), LayerNormalization, ReduceMean/Max/Sum/L2, Max/Min/Sum/Mean,
     * Equal/Greater/Less/And/Or/Not/Where, Pad (constant), Tile and Range. The opset range of each
     * is in the module README.
     *
     * @return the operator names
     */
    public static Set<String> supportedOperators() {
        return OpRegistry.supported();
    }

    /**
     * Graph inputs that are not initializers, in file order.
     *
     * @return the names
     */
    public List<String> inputNames() {
        return executor.inputNames();
    }

    /**
     * Graph outputs in file order.
     *
     * @return the names
     */
    public List<String> outputNames() {
        return executor.outputNames();
    }

    /**
     * The default-domain opset version the model imports.
     *
     * @return the opset version
     */
    public int opset() {
        return executor.opset();
    }

    /**
     * The file's {@code ir_version}.
     *
     * @return the IR version
     */
    public long irVersion() {
        return proto.getIrVersion();
    }

    /**
     * {@code producer_name}, e.g. {@code "pytorch"}.
     *
     * @return the producer name, empty if absent
     */
    public String producerName() {
        return proto.getProducerName();
    }

    /**
     * {@code producer_version}.
     *
     * @return the producer version, empty if absent
     */
    public String producerVersion() {
        return proto.getProducerVersion();
    }

    /**
     * The model's {@code metadata_props}.
     *
     * @return the entries in file order
     */
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        for (StringStringEntryProto e : proto.getMetadataPropsList()) {
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    /**
     * Runs the graph. Every non-initializer input must be given (float data); returns every graph
     * output by name, integer outputs converted to float. Thread-safe.
     *
     * @param inputs a tensor for every graph input, by name
     * @return every graph output, by name
     * @throws OnnxExecutionException when an input has the wrong shape or a node fails
     */
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        Map<String, Value> given = new LinkedHashMap<>();
        inputs.forEach((k, v) -> given.put(k, Value.of(v)));
        Map<String, Tensor> out = new LinkedHashMap<>();
        executor.run(given).forEach((k, v) -> out.put(k, v.isFloat() ? v.tensor() : Value.ofFloats(v.shape(),
                v.floats()).tensor()));
        return out;
    }

    /**
     * Runs the graph on typed values (integer and bool inputs stay integer) and returns the raw
     * output values; for tests that feed ONNX's own typed test data.
     */
    Map<String, Value> run(Map<String, Value> inputs) {
        return executor.run(inputs);
    }

    /**
     * Runs a single-input model and returns its first output. Thread-safe.
     *
     * @param input the tensor for the only graph input
     * @return the first graph output
     * @throws OnnxExecutionException if the model has several inputs, an input has the wrong shape or a node fails
     */
    public Tensor predict(Tensor input) {
        List<String> names = inputNames();
        if (names.size() != 1) {
            throw new OnnxExecutionException(file + ": the model has inputs " + names
                    + "; use predict(Map) to give each by name");
        }
        return predict(Map.of(names.get(0), input)).get(outputNames().get(0));
    }

    /**
     * Converts the graph to a trainable engine model when it is a chain of recognised layers: LSTM,
     * GRU (linear_before_reset 0 -> resetAfter false with bias {@code Wb + Rb}; 1 -> resetAfter with
     * bias rows {@code [Wb; Rb]}) and RNN, forward or reverse (goBackwards), with the
     * Transpose/Squeeze/Gather plumbing PyTorch, tf2onnx and Engram emit and a zero initial state;
     * bidirectional nodes merged by concatenation (a {@code Bidirectional} layer, concat mode);
     * PyTorch's multi-layer h_n; Gemm or MatMul+Add dense layers with their activations. Weights
     * are mapped to the engine layout (LSTM gate order i, f, c, o). A time-major graph input fed
     * straight into a layout-0 node ({@code batch_first=False}) becomes the engine's batch-major
     * input: feed the converted model {@code [batch, seq, features]}.
     *
     * @return the layers with the graph's weights
     * @throws UnsupportedOnnxException with the reason when the graph does not map (peepholes, clip,
     *                                  sum/mul/ave merges, the last step of a bidirectional sequence,
     *                                  non-zero initial state, branches...)
     */
    public Sequential toSequential() throws UnsupportedOnnxException {
        return new SequentialConverter(GraphFolding.fold(proto, executor, file), file).convert();
    }

    /**
     * Converts the graph to a trainable functional {@link Model}: several inputs and outputs, values
     * read by several nodes, merges (Concat, Add, Mul, Sum, Mean, a sum scaled by 1/n), with every
     * linear segment converted as {@link #toSequential()} converts a chain, and nodes reading the same
     * weights as one shared layer. Inputs keep the graph's names and order, outputs the graph's order.
     *
     * @return the functional model with the graph's weights
     * @throws UnsupportedOnnxException naming the node or value that does not map and why
     */
    public Model toNetwork() throws UnsupportedOnnxException {
        return new NetworkConverter(GraphFolding.fold(proto, executor, file), file).convert();
    }

    @Override
    public String toString() {
        return "OnnxModel[" + file + ", opset " + opset() + ", inputs " + inputNames() + ", outputs " + outputNames() + "]";
    }
}
