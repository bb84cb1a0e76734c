package dev.engram.io.keras;

import java.util.List;

/**
 * A model file uses a layer class (or a layer option, or a model structure) the engine cannot
 * represent. The message names the layer, its class and what is supported, e.g.
 * {@code m.h5 at /model_config/config/layers/0: layer 'gru_1' has class GRU, which Engram does not
 * support yet; supported: [InputLayer, Dense, LSTM, Dropout, Activation]}.
 */
public class UnsupportedLayerException extends ModelFormatException {
    private static final long serialVersionUID = 1L;

    /** The layer's name in the file, or null when it has none; kept for callers that list unsupported layers. */
    private final String layerName;
    /** The layer's Keras class name in the file. */
    private final String className;

    /**
     * @param file      the file as named in messages
     * @param location  JSON pointer / HDF5 path of the layer
     * @param layerName the layer's name in the file (may be null if it has none)
     * @param className the layer's Keras class name
     * @param detail    the full explanation, including the supported list
     */
    public UnsupportedLayerException(String file, String location, String layerName, String className, String detail) {
        super(file, location, detail);
        this.layerName = layerName;
        this.className = className;
    }

    /**
     * The standard message for an unknown layer class: {@code layer 'x' has class C, which Engram does
     * not support yet; supported: [..]}.
     *
     * @param file the file as named in messages
     * @param location JSON pointer or HDF5 path of the layer
     * @param layerName the layer's name in the file
     * @param className the unknown Keras class name
     * @param supported the class names the reader does support, listed in the message
     * @return the exception, for the caller to throw
     */
    public static UnsupportedLayerException unknownClass(String file, String location, String layerName,
            String className, List<String> supported) {
        return new UnsupportedLayerException(file, location, layerName, className,
                "layer '" + layerName + "' has class " + className
                        + ", which Engram does not support yet; supported: " + supported);
    }

    /**
     * The layer's name in the file, or null.
     *
     * @return the name, or null when the layer has none
     */
    public String layerName() {
        return layerName;
    }

    /**
     * The layer's class name in the file.
     *
     * @return the Keras class name, e.g. {@code GRU}
     */
    public String className() {
        return className;
    }
}
