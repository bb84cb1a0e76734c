/**
 * Gradient-descent optimizers (SGD with optional momentum, Adam, RMSprop, Adagrad) with TF.js
 * update rules and defaults, and state that can be saved and restored. {@link
 * dev.engram.optimizers.Optimizers} is the entry point.
 */
package dev.engram.optimizers;
