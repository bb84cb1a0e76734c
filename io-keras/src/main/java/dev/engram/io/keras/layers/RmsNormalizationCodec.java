package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.initializers.Initializers;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.RmsNormalizationConfig;
import java.util.List;

/**
 * {@code RMSNormalization} (Keras 3.9+; not in tf-keras 2.18 or TF.js 4.22, whose writers refuse it): {@code axis}
 * (an integer, or the list Keras 3 saves once built) and {@code epsilon} (default 1e-6); one weight {@code scale},
 * initialised to ones (Keras has no option for it). A scale initializer other than ones has no Keras form.
 */
final class RmsNormalizationCodec extends AbstractKerasLayerCodec<RmsNormalizationConfig> {
    RmsNormalizationCodec() {
        super(RmsNormalizationConfig.class, "RMSNormalization");
    }

    @Override
    public RmsNormalizationConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        List<Integer> axes = SequenceKeys.ints(c.get("axis"), Integer.MIN_VALUE);
        if (axes.contains(0)) {
            throw c.get("axis").expected("non-batch axes");
        }
        return new RmsNormalizationConfig(axes.isEmpty() ? List.of(-1) : axes, c.get("epsilon").asDouble(1e-6),
                Initializers.ones(), ctx.name(), ctx.inputShape());
    }

    @Override
    public boolean writes(RmsNormalizationConfig r, KerasDialect d) {
        return d == KerasDialect.KERAS_3 && r.scaleInitializer().equals(Initializers.ones());
    }

    @Override
    public ObjectNode write(RmsNormalizationConfig r, KerasWriteContext ctx) throws ModelFormatException {
        if (!writes(r, ctx.dialect())) {
            throw ctx.at("axis").error("layer '" + ctx.name() + "' (RMSNormalization) has no " + ctx.dialect()
                    + " form: " + (ctx.is(KerasDialect.KERAS_3) ? "Keras initialises its scale to ones, this layer to "
                    + r.scaleInitializer() : "only Keras 3 has RMSNormalization; save it as .keras or Keras 3 h5"));
        }
        ObjectNode c = ctx.header();
        c.set("axis", SequenceKeys.list(r.axes()));
        c.put("epsilon", r.epsilon());
        return c;
    }

    @Override
    public List<String> weightNames(RmsNormalizationConfig config) {
        return List.of("scale");
    }
}
