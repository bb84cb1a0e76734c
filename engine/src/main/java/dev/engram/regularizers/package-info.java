/**
 * Weight regularizers: penalties on parameter values added to the training loss (Keras/TF.js
 * {@code kernel_regularizer}, {@code bias_regularizer}). Attached to {@link dev.engram.layers.Parameter}s
 * by layer configs and applied by the training loop. Activity regularizers
 * ({@link dev.engram.regularizers.ActivityRegularizer}, Keras {@code activity_regularizer}) apply the
 * same penalties to a layer's outputs, with the scaling of their origin ({@link dev.engram.regularizers.ActivityScaling}).
 */
package dev.engram.regularizers;
