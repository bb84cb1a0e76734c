/**
 * Interop-test support: whether a live peer is present and whether its absence skips or fails.
 */
package dev.engram.testing.interop;
