package dev.engram.layers;

/**
 * Which half of a {@link Bidirectional} wrapper a {@link Parameter} belongs to, as data (the
 * halves' names are a file format's business).
 */
public enum Direction {
    /** Not inside a Bidirectional wrapper. */
    NONE,
    /** The half that reads the sequence in order. */
    FORWARD,
    /** The half that reads the sequence in reverse. */
    BACKWARD
}
