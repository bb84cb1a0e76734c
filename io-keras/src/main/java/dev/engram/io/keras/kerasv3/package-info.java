/**
 * Keras 3 {@code .keras} zip archives ({@link dev.engram.io.keras.kerasv3.KerasV3Archive}) and the
 * Keras 3 weights layout {@code layers/<snake_class>[_n]/[cell/]vars/N} shared by
 * {@code model.weights.h5} and {@code save_weights("x.weights.h5")}
 * ({@link dev.engram.io.keras.kerasv3.KerasV3Weights}).
 */
package dev.engram.io.keras.kerasv3;
