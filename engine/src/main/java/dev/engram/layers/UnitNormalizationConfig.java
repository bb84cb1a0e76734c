package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.List;

/**
 * Configuration of a {@link UnitNormalization} layer (Keras {@code UnitNormalization}; not in TF.js).
 * Create with {@link Layers#unitNormalization()}.
 *
 * @param axes       the axes normalised together, counted with the batch axis as 0 (negative
 *                   counts from the end; 0 is not allowed); default {@code [-1]}
 * @param normFloor  the smallest norm divided by: Keras 3.10 clamps the norm at 1e-12 (the
 *                   default), tf-keras 2.18 clamps the squared norm at 1e-12, i.e. the norm at 1e-6
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record UnitNormalizationConfig(List<Integer> axes, double normFloor, String name, Shape inputShape)
        implements LayerConfig<UnitNormalizationConfig> {

    /** Keras 3's floor on the norm. */
    public static final double KERAS3_NORM_FLOOR = 1e-12;
    /** tf-keras 2's floor on the norm (its floor on the squared norm is 1e-12). */
    public static final double TF_KERAS_NORM_FLOOR = 1e-6;

    /**
     * Validates the fields.
     *
     * @param axes       the axes normalised together (batch = 0, not allowed)
     * @param normFloor  the smallest norm divided by, {@code > 0}
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public UnitNormalizationConfig {
        axes = List.copyOf(axes);
        if (axes.isEmpty() || axes.contains(0)) {
            throw new IllegalArgumentException("UnitNormalization axes must be non-empty and exclude the batch axis 0,"
                    + " got " + axes);
        }
        if (!(normFloor > 0)) {
            throw new IllegalArgumentException("UnitNormalization normFloor must be > 0, got " + normFloor);
        }
    }

    /**
     * Over the last axis with Keras 3's floor.
     *
     * @return the configuration
     */
    public static UnitNormalizationConfig defaults() {
        return new UnitNormalizationConfig(List.of(-1), KERAS3_NORM_FLOOR, null, null);
    }

    /**
     * With the axes normalised together.
     *
     * @param a the axes (batch = 0 not allowed; negative counts from the end)
     * @return a copy with {@code axes} replaced
     */
    public UnitNormalizationConfig withAxes(int... a) {
        return new UnitNormalizationConfig(java.util.Arrays.stream(a).boxed().toList(), normFloor, name, inputShape);
    }

    /**
     * With the floor of the norm.
     *
     * @param f the new {@code normFloor}
     * @return a copy with {@code normFloor} replaced
     */
    public UnitNormalizationConfig withNormFloor(double f) {
        return new UnitNormalizationConfig(axes, f, name, inputShape);
    }

    @Override
    public UnitNormalizationConfig withIdentity(LayerIdentity id) {
        return new UnitNormalizationConfig(axes, normFloor, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "unit_normalization";
    }

    @Override
    public Layer create(String layerName) {
        return new UnitNormalization(layerName, this);
    }
}
