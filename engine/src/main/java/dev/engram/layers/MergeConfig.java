package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.Locale;
import java.util.Objects;

/**
 * Configuration of a {@link Merge} layer. Create with {@link Layers#concatenate()},
 * {@link Layers#add()}, {@link Layers#multiply()} or {@link Layers#average()}.
 *
 * @param mode how inputs combine
 * @param axis the concatenation axis of the per-sample shape plus batch (negative counts from the
 *             end; default -1); ignored by the element-wise modes
 * @param name null for an automatic name
 * @param maskRule how the inputs' time-step masks combine (the peers differ; default {@link MergeMaskRule#ALL})
 */
public record MergeConfig(MergeMode mode, int axis, String name, MergeMaskRule maskRule)
        implements LayerConfig<MergeConfig> {

    /**
     * Validates the fields.
     *
     * @param mode how inputs combine
     * @param axis the concatenation axis of the per-sample shape plus batch (negative counts from the
     *             end; default -1); ignored by the element-wise modes
     * @param name null for an automatic name
     * @param maskRule how the inputs' masks combine
     */
    public MergeConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(maskRule, "maskRule");
        if (axis == 0) {
            throw new IllegalArgumentException("cannot merge along the batch axis 0");
        }
    }

    /**
     * A config with the default mask rule ({@link MergeMaskRule#ALL}).
     *
     * @param mode how inputs combine
     * @param axis the concatenation axis (see the record's doc)
     * @param name null for an automatic name
     */
    public MergeConfig(MergeMode mode, int axis, String name) {
        this(mode, axis, name, MergeMaskRule.ALL);
    }

    /**
     * A copy combining masks by {@code rule}; readers set the rule of the file's origin.
     *
     * @param rule how the inputs' masks combine
     * @return the changed config
     */
    public MergeConfig withMaskRule(MergeMaskRule rule) {
        return new MergeConfig(mode, axis, name, rule);
    }

    /** Merge layers take their shapes from their inputs. */
    @Override
    public Shape inputShape() {
        return null;
    }

    /** Merge layers take their shapes from their inputs, so only a null input shape is accepted. */
    @Override
    public MergeConfig withIdentity(LayerIdentity id) {
        if (id.inputShape() != null) {
            throw new IllegalArgumentException("a merge layer takes its shapes from its inputs; got inputShape "
                    + id.inputShape());
        }
        return new MergeConfig(mode, axis, id.name(), maskRule);
    }

    @Override
    public String defaultNamePrefix() {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public Layer create(String layerName) {
        return new Merge(layerName, this);
    }
}
