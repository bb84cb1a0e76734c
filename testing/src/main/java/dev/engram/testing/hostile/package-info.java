/**
 * Support for tests that feed Engram hostile inputs (mutated model files): running each case with a time limit.
 */
package dev.engram.testing.hostile;
