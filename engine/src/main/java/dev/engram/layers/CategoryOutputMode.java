package dev.engram.layers;

/** What {@link CategoryEncoding} writes for each sample's ids. */
public enum CategoryOutputMode {
    /** One vector per id: 1 at the id (a last input axis of 1 is replaced, others gain an axis). */
    ONE_HOT,
    /** One vector per sample: 1 at every id that occurs (TF.js and Keras default). */
    MULTI_HOT,
    /** One vector per sample: how often each id occurs. */
    COUNT
}
