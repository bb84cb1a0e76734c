package dev.engram.spark;

import dev.engram.models.Network;
import dev.engram.models.Predictor;
import dev.engram.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * A loaded model as batch scoring sees it: flat float inputs and outputs per sample, thread-safe.
 * Every model runs through the engine's {@link Predictor} (per-thread buffers, no allocation per
 * batch once warm for the layers that have an allocation-free path), with the numbers of
 * {@link Network#predict}.
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
        Predictor p = Predictor.of(network);
        List<Shape> ins = new ArrayList<>();
        List<Shape> outs = new ArrayList<>();
        for (int i = 0; i < p.inputCount(); i++) {
            ins.add(p.inputShape(i));
        }
        for (int o = 0; o < p.outputCount(); o++) {
            outs.add(p.outputShape(o));
        }
        return new ScoringModel(file, ins, outs) {
            @Override
            public void predict(float[][] inputs, int batch, float[][] outputs) {
                p.predict(inputs, batch, outputs);
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
