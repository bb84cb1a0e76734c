/**
 * Learning-rate schedules (Keras {@code keras.optimizers.schedules}): the rate as a function of the
 * 0-based optimizer step, attached with {@link dev.engram.optimizers.Optimizer#setSchedule}.
 */
package dev.engram.optimizers.schedules;
