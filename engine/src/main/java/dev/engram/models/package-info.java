/** Models ({@link dev.engram.models.Sequential}), the training loop, callbacks, metrics and history. */
package dev.engram.models;
