package dev.engram.io.onnx.provider;

import dev.engram.io.DeclaredTensor;
import dev.engram.io.LoadLimits;
import dev.engram.io.ModelFileException;
import dev.engram.io.RunnableGraph;
import dev.engram.io.UnsupportedModelException;
import dev.engram.io.onnx.OnnxExecutionException;
import dev.engram.io.onnx.OnnxModel;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.InvalidInputException;
import dev.engram.models.Network;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An {@link OnnxModel} as a {@link RunnableGraph}: the executor runs the file's operators, and
 * {@link #toNetwork()} tries the chain converter first (a {@code Sequential}) and the graph converter
 * second (a functional model). Failures are translated into the engine's terms: an input the graph
 * cannot take is an {@link InvalidInputException}, a graph failing on an input of its declared shape
 * a {@link ModelFileException}, a graph without engine layers an {@link UnsupportedModelException}.
 */
final class OnnxGraph implements RunnableGraph {
    private final OnnxModel model;
    private final Path path;
    private final LoadLimits limits;

    OnnxGraph(OnnxModel model, Path path, LoadLimits limits) {
        this.model = model;
        this.path = path;
        this.limits = limits;
    }

    @Override
    public List<String> inputNames() {
        return model.inputNames();
    }

    @Override
    public List<String> outputNames() {
        return model.outputNames();
    }

    /** The declared input shapes without the batch dimension; read from the file on request. */
    @Override
    public List<Shape> inputSampleShapes() {
        List<DeclaredTensor> declared;
        try {
            declared = OnnxDescription.of(path, "onnx", limits).inputs();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Shape> shapes = new ArrayList<>();
        for (DeclaredTensor t : declared) {
            List<Integer> dims = t.dims();
            if (dims == null || dims.isEmpty()) {
                shapes.add(null);
                continue;
            }
            shapes.add(Shape.of(dims.subList(1, dims.size()).stream().mapToInt(Integer::intValue).toArray()));
        }
        return shapes;
    }

    @Override
    public Map<String, String> metadata() {
        return model.metadata();
    }

    @Override
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        try {
            return model.predict(inputs);
        } catch (OnnxExecutionException x) {
            if (x.inputError()) {
                InvalidInputException e = new InvalidInputException(x.getMessage());
                e.initCause(x);
                throw e;
            }
            throw new UncheckedIOException(new ModelFileException("", "",
                    "the model fails on an input of the shape it declares: " + x.getMessage(), x));
        }
    }

    @Override
    public Network toNetwork() throws ModelFileException {
        String name = ModelFileException.displayName(path);
        try {
            try {
                return model.toSequential();
            } catch (UnsupportedOnnxException notAChain) {
                return model.toNetwork();
            }
        } catch (UnsupportedOnnxException e) {
            throw new UnsupportedModelException(name, "", e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
            // The converter found nodes whose weights do not fit the layers they form: a defect of the file.
            throw new ModelFileException(name, "", "the graph's weights do not fit the layers they form: "
                    + e.getMessage(), e);
        }
    }
}
