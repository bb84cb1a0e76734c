package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of a {@link Dot} layer (Keras and TF.js {@code Dot}). Create with {@link Layers#dot(int...)}.
 * Keras/TF.js defaults: normalize false. {@code axes} count the batch as axis 0; a negative axis counts from
 * the end of its input's rank (batch included). One axis applies to both inputs, as Keras stores it.
 *
 * @param axes      one axis for both inputs, or the first input's and the second input's axis; never 0
 * @param normalize whether each input is L2-normalised along its axis first (then the output is the cosine)
 * @param normFloor the smallest norm divided by when normalising: the three peers differ ({@link #KERAS3_NORM_FLOOR},
 *                  {@link #TF_KERAS_NORM_FLOOR}, {@link #TFJS_NORM_FLOOR}); only near-zero vectors see it
 * @param name      null for an automatic name
 */
public record DotConfig(List<Integer> axes, boolean normalize, double normFloor, String name)
        implements LayerConfig<DotConfig> {
    /** Keras 3 {@code ops.normalize}: {@code x * min(rsqrt(sum x²), 1/1e-7)}, a norm floor of 1e-7. */
    public static final double KERAS3_NORM_FLOOR = 1e-7;
    /** tf-keras 2 {@code tf.linalg.l2_normalize}: {@code x * rsqrt(max(sum x², 1e-12))}, a norm floor of 1e-6. */
    public static final double TF_KERAS_NORM_FLOOR = 1e-6;
    /** TF.js 4.22 {@code l2Normalize}: {@code x / sqrt(max(sum x², epsilon 1e-7))}, a norm floor of sqrt(1e-7). */
    public static final double TFJS_NORM_FLOOR = Math.sqrt(1e-7);

    /**
     * Validates the fields.
     *
     * @param axes      one axis for both inputs, or one per input; never 0
     * @param normalize whether inputs are L2-normalised along their axes first
     * @param normFloor the smallest norm divided by, {@code > 0}
     * @param name      null for an automatic name
     */
    public DotConfig {
        axes = List.copyOf(Objects.requireNonNull(axes, "axes"));
        if (axes.isEmpty() || axes.size() > 2) {
            throw new IllegalArgumentException("Dot axes must be one axis or two (one per input), got " + axes);
        }
        if (axes.contains(0)) {
            throw new IllegalArgumentException("Dot cannot take the dot product over the batch axis 0, got axes " + axes);
        }
        if (!(normFloor > 0)) {
            throw new IllegalArgumentException("Dot normFloor must be > 0, got " + normFloor);
        }
    }

    /**
     * A Dot over {@code axes} without normalisation, with the Keras 3 norm floor.
     *
     * @param axes one axis for both inputs or one per input
     * @return the configuration
     */
    public static DotConfig of(int... axes) {
        return new DotConfig(java.util.Arrays.stream(axes).boxed().toList(), false, KERAS3_NORM_FLOOR, null);
    }

    /**
     * The axis of input {@code index} (0 or 1) as written, possibly negative.
     *
     * @param index the input, 0 or 1
     * @return its axis
     */
    public int axis(int index) {
        return axes.get(axes.size() == 1 ? 0 : index);
    }

    /**
     * With or without L2 normalisation along the axes (cosine proximity).
     *
     * @param v the new {@code normalize}
     * @return a copy with {@code normalize} replaced
     */
    public DotConfig withNormalize(boolean v) {
        return new DotConfig(axes, v, normFloor, name);
    }

    /**
     * With the norm floor of one peer's normalisation.
     *
     * @param v the new {@code normFloor}, {@code > 0}
     * @return a copy with {@code normFloor} replaced
     */
    public DotConfig withNormFloor(double v) {
        return new DotConfig(axes, normalize, v, name);
    }

    /** Dot takes its shapes from its two inputs. */
    @Override
    public Shape inputShape() {
        return null;
    }

    /** Dot takes its shapes from its inputs, so only a null input shape is accepted. */
    @Override
    public DotConfig withIdentity(LayerIdentity id) {
        if (id.inputShape() != null) {
            throw new IllegalArgumentException("Dot takes its shapes from its two inputs; got inputShape " + id.inputShape());
        }
        return new DotConfig(axes, normalize, normFloor, id.name());
    }

    @Override
    public String defaultNamePrefix() {
        return "dot";
    }

    @Override
    public Layer create(String layerName) {
        return new Dot(layerName, this);
    }
}
