/**
 * Model configs ({@code {"class_name": "Sequential" | "Functional" | "Model", "config": ...}}) to
 * and from engine networks: Sequential layer lists and InputLayers, functional graphs with their
 * inbound nodes, freezing, normalization axis checks and mask semantics. Each layer entry goes
 * through the codec registry in {@code dev.engram.io.keras.layers}. Not exported.
 */
package dev.engram.io.keras.topology;
