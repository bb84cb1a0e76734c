package dev.engram.spark;

import dev.engram.models.Network;
import dev.engram.models.Predictor;
import dev.engram.models.Sequential;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A loaded model as batch scoring sees it: flat float inputs and outputs per sample, thread-safe.
 * Sequential models (and ONNX graphs that convert to one) run through the engine's
 * {@link Predictor} (per-thread buffers, no allocation per batch once warm); functional models
 * through {@link Network#predict}.
 */
public abstract class ScoringModel {
    private final String name;
    private final List<Shape> inputShapes;
    private final List<Shape> outputShapes;

    ScoringModel(String name, List<Shape> inputShapes, List<Shape> outputShapes) {
        this.name = name;
        this.inputShapes = List.copyOf(inputShapes);
        this.outputShapes = List.copyOf(outputShapes);
    }

    /** Serves {@code network}; every input's per-sample shape must be fully known. */
    static ScoringModel of(Network network, String file) {
        List<Shape> in = network.inputShapes();
        for (Shape s : in) {
            if (!s.isFullyKnown()) {
                throw new IllegalArgumentException(file + ": model '" + network.name() + "' takes inputs of shape " + s
                        + "; batch scoring needs fully known per-sample shapes (fixed timesteps)");
            }
        }
        if (network instanceof Sequential seq) {
            Predictor p = Predictor.of(seq);
            return new ScoringModel(file, List.of(p.inputShape()), List.of(p.outputShape())) {
                @Override
                public void predict(float[][] inputs, int batch, float[][] outputs) {
                    p.predict(inputs[0], batch, outputs[0]);
                }
            };
        }
        return new ScoringModel(file, in, network.outputShapes()) {
            @Override
            public void predict(float[][] inputs, int batch, float[][] outputs) {
                List<Tensor> xs = new ArrayList<>(inputs.length);
                for (int i = 0; i < inputs.length; i++) {
                    xs.add(Tensor.wrap(inputShapes().get(i).prepend(batch), inputs[i].length == batch * inputSize(i)
                            ? inputs[i] : java.util.Arrays.copyOf(inputs[i], batch * inputSize(i))));
                }
                List<Tensor> ys = network.predict(xs);
                for (int o = 0; o < outputs.length; o++) {
                    System.arraycopy(ys.get(o).buffer(), 0, outputs[o], 0, batch * outputSize(o));
                }
            }
        };
    }

    /**
     * The model file's name, for messages.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Per-sample input shapes (batch excluded), one per model input.
     *
     * @return the shapes
     */
    public List<Shape> inputShapes() {
        return inputShapes;
    }

    /**
     * Per-sample output shapes (batch excluded), one per model output.
     *
     * @return the shapes
     */
    public List<Shape> outputShapes() {
        return outputShapes;
    }

    /**
     * Floats per sample of input {@code i}.
     *
     * @param i the input index, 0-based
     * @return the count of floats
     */
    public int inputSize(int i) {
        return inputShapes.get(i).size();
    }

    /**
     * Floats per sample of output {@code o}.
     *
     * @param o the output index, 0-based
     * @return the count of floats
     */
    public int outputSize(int o) {
        return outputShapes.get(o).size();
    }

    /**
     * Predicts {@code batch} samples: {@code inputs[i]} holds at least {@code batch * inputSize(i)}
     * floats row-major, {@code outputs[o]} receives {@code batch * outputSize(o)}. Thread-safe.
     *
     * @param inputs one row-major array per model input
     * @param batch the number of samples
     * @param outputs one row-major array per model output, overwritten
     */
    public abstract void predict(float[][] inputs, int batch, float[][] outputs);
}
