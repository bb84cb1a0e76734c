package dev.engram.data;

/** How a CSV column's text becomes a number in a float32 tensor. */
public enum ColumnType {
    /** A decimal or scientific number, parsed as float32 (Java syntax: {@code NaN}, {@code Infinity}). */
    FLOAT32,
    /** An integer (e.g. a class index); a fraction or overflow is an error. */
    INT32
}
