package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.layers.BidirectionalMergeMode;
import dev.engram.layers.Layers;
import dev.engram.layers.MergeConfig;
import java.util.Set;

/**
 * The ONNX merge ops read as engine merges, by op type: Concat on a non-batch axis -> Concatenate,
 * Add / Sum -> Add (Average when a scale by 1/n follows, as the exporter and PyTorch write
 * {@code (a + b) / n}), Mul -> Multiply, Mean -> Average, Sub -> Subtract, Max -> Maximum, Min -> Minimum
 * (ONNX broadcasts; the engine layers take equal shapes, which the graph builder checks); and Concat,
 * Add/Sum, Mul, Mean joining the two halves of a Bidirectional layer, as its merge mode.
 */
final class MergeMapping {
    /** The op types that merge computed values. */
    static final Set<String> OPS = Set.of("Concat", "Add", "Mul", "Sum", "Mean", "Sub", "Max", "Min");

    /**
     * A merge read from the graph.
     *
     * @param merge  the engine merge (a layer config or a Bidirectional mode)
     * @param output the ONNX value it produces: the merge node's output, or the 1/n scale's after it
     * @param <M>    the kind of merge
     */
    record Mapped<M>(M merge, String output) {
    }

    private MergeMapping() {
    }

    /**
     * The merge layer of {@code top}, whose inputs have rank {@code rank} (batch included).
     *
     * @param timeMajor the inputs are {@code [time, batch, features]} (axes 0 and 1 swap)
     * @param inputs    how many values it merges (the 1/n of an average)
     */
    static Mapped<MergeConfig> layer(ConversionGraph index, NodeContext top, int rank, boolean timeMajor, int inputs)
            throws UnsupportedOnnxException {
        String out = top.node().getOutput(0);
        switch (top.opType()) {
            case "Concat" -> {
                long axis = top.attrInt("axis", 0);
                axis = axis < 0 ? axis + rank : axis;
                if (timeMajor && axis < 2) {
                    axis = 1 - axis; // [time, batch, features]: axis 0 is the engine's time axis 1, axis 1 the batch
                }
                if (axis <= 0 || axis >= rank) {
                    throw index.refuse(top.describe() + ": Concat on axis " + top.attrInt("axis", 0) + " of rank-"
                            + rank + " values; a Concatenate layer joins along a non-batch axis");
                }
                return new Mapped<>(Layers.concatenate(axis == rank - 1 ? -1 : (int) axis), out);
            }
            case "Mul" -> {
                return new Mapped<>(Layers.multiply(), out);
            }
            case "Mean" -> {
                return new Mapped<>(Layers.average(), out);
            }
            case "Sub" -> {
                return new Mapped<>(Layers.subtract(), out);
            }
            case "Max" -> {
                return new Mapped<>(Layers.maximum(), out);
            }
            case "Min" -> {
                return new Mapped<>(Layers.minimum(), out);
            }
            default -> {
                NodeContext scale = index.averageScale(out, inputs);
                return scale != null ? new Mapped<>(Layers.average(), scale.node().getOutput(0))
                        : new Mapped<>(Layers.add(), out);
            }
        }
    }

    /** The Bidirectional merge mode of {@code top} joining a forward and a backward sequence of rank {@code rank}. */
    static Mapped<BidirectionalMergeMode> bidirectional(ConversionGraph index, NodeContext top, int rank)
            throws UnsupportedOnnxException {
        String out = top.node().getOutput(0);
        switch (top.opType()) {
            case "Concat" -> {
                long axis = top.attrInt("axis", 0);
                if (axis != -1 && axis != rank - 1) {
                    throw index.refuse(top.describe() + ": the two directions are joined on axis " + axis
                            + ", not the features");
                }
                return new Mapped<>(BidirectionalMergeMode.CONCAT, out);
            }
            case "Mul" -> {
                return new Mapped<>(BidirectionalMergeMode.MUL, out);
            }
            case "Mean" -> {
                return new Mapped<>(BidirectionalMergeMode.AVE, out);
            }
            case "Sub", "Max", "Min" -> throw index.refuse(top.describe() + ": the two directions are joined by "
                    + top.opType() + "; a Bidirectional layer merges by concat, sum, mul or ave");
            default -> {
                NodeContext scale = index.averageScale(out, 2);
                return scale != null ? new Mapped<>(BidirectionalMergeMode.AVE, scale.node().getOutput(0))
                        : new Mapped<>(BidirectionalMergeMode.SUM, out);
            }
        }
    }
}
