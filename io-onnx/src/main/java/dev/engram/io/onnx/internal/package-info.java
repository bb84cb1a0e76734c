/**
 * Implementation of the ONNX module: the graph executor and its operators, tensor decoding, the
 * graph builder used by the exporter and the layer-pattern converter. Not a documented API.
 */
package dev.engram.io.onnx.internal;
