package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.UnitNormalizationConfig;
import java.util.List;

/**
 * {@code UnitNormalization} (Keras 2.9+ and 3; not in TF.js): {@code axis}, one or several. The floor
 * under the norm is the dialect's: Keras 3.10 divides by {@code max(norm, 1e-12)}, tf-keras 2.18
 * multiplies by {@code rsqrt(max(sum of squares, 1e-12))}, i.e. a norm floor of 1e-6. A model whose
 * floor is the other generation's is not written (the two differ for vectors of norm below 1e-6).
 */
final class UnitNormalizationCodec implements KerasLayerCodec<UnitNormalizationConfig> {
    @Override
    public List<String> classNames() {
        return List.of("UnitNormalization");
    }

    @Override
    public Class<UnitNormalizationConfig> configType() {
        return UnitNormalizationConfig.class;
    }

    private static double floor(KerasDialect d) {
        return d.isKeras3() ? UnitNormalizationConfig.KERAS3_NORM_FLOOR : UnitNormalizationConfig.TF_KERAS_NORM_FLOOR;
    }

    @Override
    public UnitNormalizationConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        List<Integer> axes = SequenceKeys.ints(c.get("axis"), Integer.MIN_VALUE);
        if (axes.contains(0)) {
            throw c.get("axis").expected("non-batch axes");
        }
        return new UnitNormalizationConfig(axes.isEmpty() ? List.of(-1) : axes, floor(ctx.dialect()), ctx.name(),
                ctx.inputShape());
    }

    @Override
    public boolean writes(UnitNormalizationConfig u, KerasDialect d) {
        return (d == KerasDialect.KERAS_2 || d == KerasDialect.KERAS_3) && u.normFloor() == floor(d);
    }

    @Override
    public ObjectNode write(UnitNormalizationConfig u, KerasWriteContext ctx) throws ModelFormatException {
        if (!writes(u, ctx.dialect())) {
            throw ctx.at("axis").error("layer '" + ctx.name() + "' (UnitNormalization) floors the norm at "
                    + u.normFloor() + ", which " + ctx.dialect() + " does not (" + (ctx.is(KerasDialect.TFJS)
                    ? "TF.js has no UnitNormalization" : "its floor is " + floor(ctx.dialect())) + ")");
        }
        ObjectNode c = ctx.header();
        if (u.axes().size() == 1) {
            c.put("axis", u.axes().get(0));
        } else {
            c.set("axis", SequenceKeys.list(u.axes()));
        }
        return c;
    }

    @Override
    public List<String> weightNames(UnitNormalizationConfig config) {
        return List.of();
    }
}
