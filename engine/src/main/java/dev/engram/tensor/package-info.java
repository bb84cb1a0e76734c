/** Dense float32 tensors and shapes: the values that flow between layers. */
package dev.engram.tensor;
