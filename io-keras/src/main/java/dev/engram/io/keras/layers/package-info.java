/**
 * One codec per layer for the Keras family of formats (Keras 3, tf-keras 2, Keras 1-2 legacy h5,
 * TF.js layers), registered once in {@link dev.engram.io.keras.layers.KerasLayers} by Keras class
 * name and by engine config type. Adding a layer to these formats means adding one
 * {@link dev.engram.io.keras.layers.KerasLayerCodec} here. Translation machinery, not public API.
 */
package dev.engram.io.keras.layers;
