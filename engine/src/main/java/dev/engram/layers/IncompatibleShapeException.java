package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * A tensor reached a layer (or model) with a shape it cannot take. The message names the layer, the
 * input index, the expected shape and the shape found, and says why when a common mistake is likely.
 */
public final class IncompatibleShapeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The layer (or model) that rejected the input. */
    private final String layerName;
    /** The accepted shape, with unknown free dimensions. */
    private final Shape expected;
    /** The shape that arrived. */
    private final Shape found;

    /**
     * @param layerName the layer (or model) that rejected the input
     * @param inputIndex the 0-based index of the rejected input among the layer's inputs
     * @param expected  the accepted shape, with {@link Shape#UNKNOWN} for free dimensions
     * @param found     the shape that arrived
     * @param detail    what the dimensions mean or what went wrong, appended to the message
     */
    public IncompatibleShapeException(String layerName, int inputIndex, Shape expected, Shape found,
            String detail) {
        super("Layer '" + layerName + "' input " + inputIndex + ": expected shape " + expected
                + (detail.isEmpty() ? "" : " " + detail) + ", found shape " + found);
        this.layerName = layerName;
        this.expected = expected;
        this.found = found;
    }

    /**
     * The layer that rejected the input.
     *
     * @return the layer's (or model's) name
     */
    public String layerName() {
        return layerName;
    }

    /**
     * The accepted shape.
     *
     * @return the shape, with {@link Shape#UNKNOWN} for free dimensions
     */
    public Shape expected() {
        return expected;
    }

    /**
     * The shape that arrived.
     *
     * @return the shape, batch dimension included when the tensor had one
     */
    public Shape found() {
        return found;
    }
}
