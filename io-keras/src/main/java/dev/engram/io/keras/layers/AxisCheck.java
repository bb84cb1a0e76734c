package dev.engram.io.keras.layers;

import dev.engram.io.keras.internal.ConfigNode;

/**
 * A normalization axis that must be the input's last axis: a TF.js BatchNormalization's (TF.js 4.22's kernels
 * cycle the statistics over the flat input instead of broadcasting them along another axis, so such a file
 * computes something no other framework does). The reader records it; the model reader checks it once the layer is
 * built and its input rank is known (TF.js files converted from Keras write the last axis as its index).
 *
 * @param layerName the layer's name
 * @param axis      the axis the file gives (-1 for the last)
 * @param at        the {@code axis} key, for the error location
 */
public record AxisCheck(String layerName, int axis, ConfigNode at) {
}
