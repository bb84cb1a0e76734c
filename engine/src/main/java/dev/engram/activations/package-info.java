/** Activation functions, each with a vectorisable forward and backward pass and a double reference. */
package dev.engram.activations;
