package dev.engram.io;

import java.util.List;
import java.util.Map;

/**
 * What a model file declares about itself ({@link ModelFile#describe}), read without building the
 * model, so it is available for files that the reader refuses too.
 *
 * @param format       the provider's {@link ModelFile#id()}
 * @param kind         the file as people would name it, with what makes it particular, e.g.
 *                     {@code ONNX model (IR version 8, opsets ai.onnx 17)} or
 *                     {@code Keras HDF5, weights only (save_weights): no architecture in the file}
 * @param producer     the tool and version that wrote the file, or null when it does not say
 * @param dialect      the dialect of a Keras-family file ({@code tfjs}, {@code keras2}, ...), else null
 * @param architecture whether the file holds a model architecture (false for a weights-only file)
 * @param layers       the declared layers (Keras family) or graph nodes (ONNX), in file order
 * @param inputs       the declared model inputs (dims with the batch dimension)
 * @param outputs      the declared model outputs ({@code dims} null where the format declares none)
 * @param weights      the stored weight tensors of a file without architecture; empty otherwise
 * @param metadata     free-form key/value metadata the file carries (ONNX {@code metadata_props})
 * @param notes        what a reader of the description should know, e.g. how to use a weights-only file
 */
public record ModelDescription(String format, String kind, String producer, String dialect, boolean architecture,
        List<DeclaredLayer> layers, List<DeclaredTensor> inputs, List<DeclaredTensor> outputs,
        List<DeclaredTensor> weights, Map<String, String> metadata, List<String> notes) {

    /** Copies the lists and the map (keeping the file's order). */
    public ModelDescription {
        layers = List.copyOf(layers);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        weights = List.copyOf(weights);
        metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
        notes = List.copyOf(notes);
    }

    /**
     * The declared layers or nodes the reader does not support.
     *
     * @return them, in file order
     */
    public List<DeclaredLayer> unsupported() {
        return layers.stream().filter(l -> !l.supported()).toList();
    }
}
