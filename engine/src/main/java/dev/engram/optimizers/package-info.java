/** Gradient-descent optimizers (SGD, Adam, RMSprop, Adagrad) with state that can be saved and restored. */
package dev.engram.optimizers;
