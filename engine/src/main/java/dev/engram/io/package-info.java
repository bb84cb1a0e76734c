/**
 * Format-neutral pieces every model reader and writer shares: the limits a reader enforces on
 * untrusted files ({@link dev.engram.io.LoadLimits}), the base exception for a defect in a model
 * file ({@link dev.engram.io.ModelFileException}), the check that a file a model refers to lies
 * inside the model's folder ({@link dev.engram.io.ReferencedFiles}) and all-or-nothing writes
 * ({@link dev.engram.io.AtomicFiles}).
 */
package dev.engram.io;
