/**
 * Weight constraints: projections applied to parameters after each optimizer step (Keras
 * {@code kernel_constraint}, {@code bias_constraint}). Attached to
 * {@link dev.engram.layers.Parameter}s by layer configs and applied by the training loop.
 */
package dev.engram.constraints;
