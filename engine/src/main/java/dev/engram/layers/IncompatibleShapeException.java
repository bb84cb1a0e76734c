package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * A tensor reached a layer (or model) with a shape it cannot take. The message names the layer, the
 * input index, the expected shape and the shape found, and says why when a common mistake is likely.
 */
public final class IncompatibleShapeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String layerName;
    private final Shape expected;
    private final Shape found;

    /**
     * @param layerName the layer (or model) that rejected the input
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

    /** The layer that rejected the input. */
    public String layerName() {
        return layerName;
    }

    /** The accepted shape. */
    public Shape expected() {
        return expected;
    }

    /** The shape that arrived. */
    public Shape found() {
        return found;
    }
}
