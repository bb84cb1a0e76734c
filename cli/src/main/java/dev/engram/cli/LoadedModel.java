package dev.engram.cli;

import dev.engram.io.keras.CompileStatus;
import dev.engram.io.onnx.OnnxModel;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.models.Model;
import dev.engram.models.Network;
import dev.engram.models.SymbolicTensor;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model file as the tool sees it: an engine {@link Network} (TF.js, h5, .keras: a Sequential or a
 * functional Model) or an
 * {@link OnnxModel} executed directly, with what the file says about itself.
 *
 * <p>Inputs and outputs have names: an ONNX model's own, for a functional model its input layers'
 * and output layers' names, and for a Sequential {@code <first layer>_input} and the last layer's name (the names TF.js gives them, so the shared
 * fixtures' {@code inputNames}/{@code outputNames} match TF.js models).
 */
public final class LoadedModel {
    private final Path path;
    private final ModelFormat format;
    private final String dialect;
    private final String producer;
    private final Network network;
    private final OnnxModel onnx;
    private final CompileStatus compile;

    LoadedModel(Path path, ModelFormat format, String dialect, String producer, Network network,
            OnnxModel onnx, CompileStatus compile) {
        this.path = path;
        this.format = format;
        this.dialect = dialect;
        this.producer = producer;
        this.network = network;
        this.onnx = onnx;
        this.compile = compile;
    }

    /** The file or directory it was read from. */
    public Path path() {
        return path;
    }

    /** The detected format. */
    public ModelFormat format() {
        return format;
    }

    /** The dialect (tfjs, keras1, keras2, keras3) for Keras-family files, else null. */
    public String dialect() {
        return dialect;
    }

    /** Who wrote the file (tool and version), or null when the file does not say. */
    public String producer() {
        return producer;
    }

    /** The engine model (Sequential or functional Model), or null for an ONNX file (see {@link #toNetwork()}). */
    public Network network() {
        return network;
    }

    /** The ONNX model, or null for Keras-family files. */
    public OnnxModel onnx() {
        return onnx;
    }

    /** What happened to the file's training configuration (Keras files), or null. */
    public CompileStatus compile() {
        return compile;
    }

    /** Input names in order. */
    public List<String> inputNames() {
        if (onnx != null) {
            return onnx.inputNames();
        }
        if (network instanceof Model fm) {
            return fm.inputs().stream().map(SymbolicTensor::name).toList();
        }
        return List.of(network.layers().get(0).name() + "_input");
    }

    /** Output names in order. */
    public List<String> outputNames() {
        if (onnx != null) {
            return onnx.outputNames();
        }
        return network.outputNames();
    }

    /**
     * The per-sample shape of each input (batch dimension dropped; {@link Shape#UNKNOWN} where the
     * file leaves a dimension free), or null entries when unknown.
     */
    public List<Shape> inputSampleShapes() {
        if (onnx != null) {
            List<Shape> shapes = new ArrayList<>();
            for (OnnxInfo.Io io : OnnxInfo.of(path).inputs()) {
                int[] dims = io.dims();
                if (dims == null || dims.length == 0) {
                    shapes.add(null);
                    continue;
                }
                int[] rest = new int[dims.length - 1];
                System.arraycopy(dims, 1, rest, 0, rest.length);
                shapes.add(Shape.of(rest));
            }
            return shapes;
        }
        List<Shape> shapes = new ArrayList<>(network.inputShapes());
        if (shapes.isEmpty()) {
            shapes.add(null);
        }
        return shapes;
    }

    /**
     * Runs the model. {@code inputs} are matched to the model's inputs by name; when some names are
     * unknown but the counts agree, by position (so cases written for another copy of the model, e.g.
     * {@code x} vs {@code input}, still run). Returns every output by the model's names, in order.
     */
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        List<String> names = inputNames();
        Map<String, Tensor> bound = new LinkedHashMap<>();
        if (names.containsAll(inputs.keySet()) && inputs.keySet().containsAll(names)) {
            for (String n : names) {
                bound.put(n, inputs.get(n));
            }
        } else if (inputs.size() == names.size()) {
            List<Tensor> values = new ArrayList<>(inputs.values());
            for (int i = 0; i < names.size(); i++) {
                bound.put(names.get(i), values.get(i));
            }
        } else {
            throw CliException.usage("the model has inputs " + names + " but the data gives " + inputs.keySet());
        }
        if (onnx != null) {
            Map<String, Tensor> out = onnx.predict(bound);
            Map<String, Tensor> ordered = new LinkedHashMap<>();
            for (String n : outputNames()) {
                ordered.put(n, out.get(n));
            }
            return ordered;
        }
        List<Tensor> got = network.predict(new ArrayList<>(bound.values()));
        Map<String, Tensor> out = new LinkedHashMap<>();
        List<String> outNames = outputNames();
        for (int i = 0; i < got.size(); i++) {
            out.put(outNames.get(i), got.get(i));
        }
        return out;
    }

    /**
     * The model as an engine network: itself for Keras-family files; for ONNX the conversion of
     * {@link OnnxModel#toSequential()}, or of {@link OnnxModel#toNetwork()} when the graph branches.
     *
     * @throws CliException exit 3 with the converter's reason when the ONNX graph does not map
     */
    public Network toNetwork() {
        if (network != null) {
            return network;
        }
        try {
            try {
                return onnx.toSequential();
            } catch (UnsupportedOnnxException notAChain) {
                return onnx.toNetwork();
            }
        } catch (UnsupportedOnnxException e) {
            throw CliException.badModel("cannot convert " + path.getFileName() + " to engine layers: " + e.getMessage(),
                    e);
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
            // The converter found nodes whose weights do not fit the layers they form: a defect of the file.
            throw CliException.badModel(path.getFileName() + ": the graph's weights do not fit the layers they form: "
                    + e.getMessage(), e);
        }
    }
}
