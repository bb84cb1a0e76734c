package dev.engram.layers;

/**
 * How a {@link Merge} layer combines its inputs' time-step masks; the peers differ, so a model read from a file
 * keeps its origin's rule. A concatenation along the time axis always concatenates the masks (an unmasked input
 * counting as all valid) under either rule.
 */
public enum MergeMaskRule {
    /**
     * A step is valid where every masked input is valid (the masks of the inputs that have one are ANDed; none
     * when no input has one): tf-keras 2 ({@code _Merge} and {@code Concatenate}) and TF.js 4.22's
     * {@code Concatenate}. The default for models built in Java.
     */
    ALL,
    /**
     * Keras 3: the element-wise merges OR their inputs' masks when every input has one (and pass none
     * otherwise); {@code Concatenate} along features ORs them, an unmasked input making every step valid.
     */
    KERAS3
}
