/**
 * Keras's training callbacks for {@code fit}: {@link dev.engram.callbacks.ModelCheckpoint} (with a
 * pluggable {@link dev.engram.callbacks.CheckpointSaver}), {@link dev.engram.callbacks.BackupAndRestore},
 * {@link dev.engram.callbacks.CsvLogger}, {@link dev.engram.callbacks.ReduceLrOnPlateau},
 * {@link dev.engram.callbacks.LearningRateScheduler}, {@link dev.engram.callbacks.TerminateOnNan} and
 * {@link dev.engram.callbacks.LambdaCallback}. The hook order, progress output and early stopping
 * live in {@code dev.engram.models}.
 */
package dev.engram.callbacks;
