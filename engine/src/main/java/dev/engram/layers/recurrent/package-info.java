/**
 * The description of the recurrent cells that layers, the fused kernels and the format codecs
 * share: the gate blocks of LSTM and GRU weights in Engram's (the Keras and TF.js) order. Formats
 * with another order (ONNX: i, o, f, c and z, r, h) permute to these enums at their boundary.
 */
package dev.engram.layers.recurrent;
