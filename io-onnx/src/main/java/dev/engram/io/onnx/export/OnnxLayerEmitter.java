package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import java.util.List;

/**
 * How one engine layer (or a tight family sharing one config type) is written as ONNX nodes. One
 * emitter per file (most extend {@code KeyedEmitter}, which holds the key), registered once in
 * {@link OnnxEmitters}, which dispatches on the layer's config type; adding a layer to the exporter
 * is one new emitter and one registry line.
 *
 * <p>Values between layers are batch-major like the engine's ({@code [batch, features]} or
 * {@code [batch, timesteps, features]}).
 *
 * @param <C> the layer config type this emitter is keyed by
 */
public interface OnnxLayerEmitter<C extends LayerConfig> {
    /**
     * The config record this emitter handles (the registry key).
     *
     * @return the config type
     */
    Class<C> configType();

    /**
     * How the supported-layer list names the layers this emitter writes, e.g. {@code "Dense"}.
     *
     * @return the name shown in refusals
     */
    String exportedAs();

    /**
     * Emits one call of {@code layer} on {@code ins}.
     *
     * @param g      the graph under construction
     * @param layer  the built layer (weights, shapes)
     * @param config {@code layer.config()}, typed
     * @param ins    the call's inputs
     * @return the call's outputs in the engine's order
     * @throws UnsupportedOnnxException for an option or activation ONNX cannot express
     */
    List<ExportValue> emit(GraphBuilder g, Layer layer, C config, List<ExportValue> ins) throws UnsupportedOnnxException;
}
