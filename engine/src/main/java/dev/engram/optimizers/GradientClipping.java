package dev.engram.optimizers;

import dev.engram.layers.Parameter;
import java.util.List;

/**
 * The gradient clipping an optimizer applies before its update (Keras 3 {@code clipnorm},
 * {@code global_clipnorm}, {@code clipvalue}; at most one of them, as Keras requires). Configure it
 * with {@link Optimizer#setClipNorm}, {@link Optimizer#setGlobalClipNorm} or
 * {@link Optimizer#setClipValue}. Only trainable parameters take part. Norms are summed in double.
 *
 * @param kind      which form, {@link Kind#NONE} for no clipping
 * @param threshold the norm or value bound ({@code > 0}); 0 for {@link Kind#NONE}
 */
public record GradientClipping(Kind kind, double threshold) {
    /** No clipping (the default). */
    public static final GradientClipping NONE = new GradientClipping(Kind.NONE, 0);

    /** The forms of clipping. */
    public enum Kind {
        /** Gradients are used as they are. */
        NONE,
        /** Keras {@code clipnorm}: per parameter, {@code g * c / max(||g||, c)}. */
        NORM,
        /** Keras {@code global_clipnorm}: all gradients scaled by {@code c / max(globalNorm, c)}. */
        GLOBAL_NORM,
        /** Keras {@code clipvalue}: elementwise {@code clip(g, -c, c)}. */
        VALUE
    }

    /**
     * Validates the threshold against the kind.
     *
     * @param kind      which form, {@link Kind#NONE} for no clipping
     * @param threshold the norm or value bound ({@code > 0}); 0 for {@link Kind#NONE}
     */
    public GradientClipping {
        if (kind == null) {
            throw new IllegalArgumentException("gradient clipping kind must not be null");
        }
        if (kind != Kind.NONE && (!(threshold > 0) || Double.isInfinite(threshold))) {
            throw new IllegalArgumentException("gradient clipping " + kind + ": threshold must be a finite number > 0, got "
                    + threshold);
        }
    }

    /** This clipping replaced by {@code kind}, refusing to combine two different kinds. */
    GradientClipping with(Kind newKind, double newThreshold, String optimizer) {
        if (this.kind != Kind.NONE && this.kind != newKind) {
            throw new IllegalStateException("optimizer '" + optimizer + "' already clips gradients by " + this.kind
                    + " (" + threshold + "); only one of clipNorm, globalClipNorm and clipValue can be set, as in Keras");
        }
        return new GradientClipping(newKind, newThreshold);
    }

    /** Clips the gradients of the trainable parameters in place. */
    void apply(List<Parameter> parameters) {
        switch (kind) {
            case NONE -> {
            }
            case NORM -> {
                for (Parameter p : parameters) {
                    if (p.trainable()) {
                        float[] g = p.grad();
                        double norm = Math.sqrt(sumOfSquares(g));
                        // Keras parity: g * clipnorm / max(norm, clipnorm); a zero gradient stays zero.
                        scale(g, (float) (threshold / Math.max(norm, threshold)));
                    }
                }
            }
            case GLOBAL_NORM -> {
                double sum = 0;
                for (Parameter p : parameters) {
                    if (p.trainable()) {
                        sum += sumOfSquares(p.grad());
                    }
                }
                double norm = Math.sqrt(sum);
                // TensorFlow clip_by_global_norm: a non-finite global norm makes every gradient NaN.
                float s = Double.isFinite(norm) ? (float) (threshold / Math.max(norm, threshold)) : Float.NaN;
                for (Parameter p : parameters) {
                    if (p.trainable()) {
                        scale(p.grad(), s);
                    }
                }
            }
            case VALUE -> {
                float c = (float) threshold;
                for (Parameter p : parameters) {
                    if (p.trainable()) {
                        float[] g = p.grad();
                        for (int i = 0; i < g.length; i++) {
                            g[i] = Math.max(-c, Math.min(c, g[i]));
                        }
                    }
                }
            }
            default -> throw new AssertionError(kind);
        }
    }

    private static double sumOfSquares(float[] g) {
        double s = 0;
        for (float v : g) {
            s += (double) v * v;
        }
        return s;
    }

    private static void scale(float[] g, float s) {
        if (s == 1f) {
            return;
        }
        for (int i = 0; i < g.length; i++) {
            g[i] *= s;
        }
    }
}
