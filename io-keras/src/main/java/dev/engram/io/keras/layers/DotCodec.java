package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.DotConfig;
import java.util.List;

/**
 * {@code Dot} (TF.js, tf-keras 2, Keras 3): {@code axes} (one integer or a pair, written back as read),
 * {@code normalize} (default false). The peers floor the norm of {@code normalize} differently (Keras 3
 * 1e-7, tf-keras 2 1e-6 through {@code l2_normalize}'s 1e-12 on the squared sum, TF.js sqrt(1e-7) through its
 * epsilon on the squared sum), so the floor is the dialect's, and a normalising Dot with another dialect's
 * floor is not written. TF.js 4.22 refuses inputs of rank 4 and above at build time (its own error).
 */
final class DotCodec extends AbstractKerasLayerCodec<DotConfig> {
    DotCodec() {
        super(DotConfig.class, "Dot");
    }

    static double floor(KerasDialect d) {
        return d == KerasDialect.TFJS ? DotConfig.TFJS_NORM_FLOOR
                : d.isKeras3() ? DotConfig.KERAS3_NORM_FLOOR : DotConfig.TF_KERAS_NORM_FLOOR;
    }

    @Override
    public DotConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        ConfigNode a = c.get("axes");
        List<Integer> axes = SequenceKeys.ints(a, Integer.MIN_VALUE);
        if (axes.isEmpty() || axes.size() > 2 || axes.contains(0)) {
            throw a.expected("one non-batch axis or a pair of them");
        }
        return new DotConfig(axes, c.get("normalize").asBoolean(false), floor(ctx.dialect()), ctx.name());
    }

    @Override
    public boolean writes(DotConfig config, KerasDialect d) {
        return d != KerasDialect.KERAS_1 && (!config.normalize() || config.normFloor() == floor(d));
    }

    @Override
    public ObjectNode write(DotConfig dot, KerasWriteContext ctx) throws ModelFormatException {
        if (!writes(dot, ctx.dialect())) {
            throw ctx.at("normalize").error("layer '" + ctx.name() + "' (Dot) normalises with a norm floor of "
                    + dot.normFloor() + "; " + ctx.dialect() + " floors at " + floor(ctx.dialect()));
        }
        ObjectNode c = ctx.header();
        if (dot.axes().size() == 1) {
            c.put("axes", dot.axes().get(0));
        } else {
            c.set("axes", SequenceKeys.list(dot.axes()));
        }
        c.put("normalize", dot.normalize());
        return c;
    }
}
