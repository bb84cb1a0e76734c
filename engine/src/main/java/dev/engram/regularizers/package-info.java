/**
 * Weight regularizers: penalties on parameter values added to the training loss (Keras/TF.js
 * {@code kernel_regularizer}, {@code bias_regularizer}). Attached to {@link dev.engram.layers.Parameter}s
 * by layer configs and applied by the training loop.
 */
package dev.engram.regularizers;
