/**
 * Format-neutral pieces every model reader and writer shares, and the service through which formats
 * plug in.
 *
 * <ul>
 *   <li>{@link dev.engram.io.ModelFile}: one format as a service (detect, describe, load, save),
 *       provided by io-keras and io-onnx and found by {@link dev.engram.io.ModelFiles};
 *       {@link dev.engram.io.LoadedModel} is what a load returns (a network or a runnable graph),
 *       {@link dev.engram.io.ModelDescription} what a file declares.</li>
 *   <li>The limits a reader enforces on untrusted files ({@link dev.engram.io.LoadLimits}), the base
 *       exception for a defect in a model file ({@link dev.engram.io.ModelFileException}), the check
 *       that a file a model refers to lies inside the model's folder
 *       ({@link dev.engram.io.ReferencedFiles}) and all-or-nothing writes
 *       ({@link dev.engram.io.AtomicFiles}).</li>
 * </ul>
 */
package dev.engram.io;
