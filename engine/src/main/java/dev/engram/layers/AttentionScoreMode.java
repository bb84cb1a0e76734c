package dev.engram.layers;

/** How Keras's {@code Attention} scores a query step against a key step ({@code score_mode}). */
public enum AttentionScoreMode {
    /** {@code scale * q · k} (Luong-style; the default). */
    DOT,
    /** {@code concatScoreWeight * sum(tanh(scale * (q + k)))}. */
    CONCAT
}
