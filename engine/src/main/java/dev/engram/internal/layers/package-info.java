/**
 * Engine-internal access to layers: {@link dev.engram.internal.layers.DirectInference}, the
 * allocation-free inference path of the Predictor. Exported to io-onnx only; not part of the public
 * API and may change without notice.
 */
package dev.engram.internal.layers;
