/** Runnable examples: the TF.js tutorial in Java and a forecasting workflow. */
package dev.engram.examples;
