package dev.engram.io.onnx.export;

/**
 * A batch-major value of the graph under export: its ONNX name, its rank (batch included), and the
 * name of the layer whose time-step mask rides along with it (null when unmasked). Masks are not
 * exported; the exporter only tracks them so that it can refuse layers whose output depends on one.
 *
 * @param name       the ONNX value name
 * @param rank       rank with the batch dimension
 * @param maskSource layer that made the mask travelling with this value, or null
 */
public record ExportValue(String name, int rank, String maskSource) {
    /**
     * The same mask on another value.
     *
     * @param other     the other value's ONNX name
     * @param otherRank its rank with the batch dimension
     * @return the value carrying this value's mask
     */
    public ExportValue to(String other, int otherRank) {
        return new ExportValue(other, otherRank, maskSource);
    }
}
