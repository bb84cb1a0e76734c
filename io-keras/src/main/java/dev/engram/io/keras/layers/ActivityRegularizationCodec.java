package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.ActivityRegularizationConfig;
import dev.engram.regularizers.ActivityRegularizer;
import dev.engram.regularizers.L1L2;
import java.util.List;

/**
 * {@code ActivityRegularization} (tf-keras 2 and Keras 3; not in TF.js 4.22): {@code l1}, {@code l2}
 * (default 0), the identity whose output is penalised by {@code L1L2(l1, l2)} in the dialect's scaling
 * ({@link ActivityRegularizerKeys}: tf-keras divides by the batch size, Keras 3 does not). Written only in
 * the dialect whose scaling the layer has; refused in TF.js and Keras 1 files, and with an
 * {@code activity_regularizer} key besides l1/l2 (both Keras constructors reject the two together).
 */
final class ActivityRegularizationCodec implements KerasLayerCodec<ActivityRegularizationConfig> {
    @Override
    public List<String> classNames() {
        return List.of("ActivityRegularization");
    }

    @Override
    public Class<ActivityRegularizationConfig> configType() {
        return ActivityRegularizationConfig.class;
    }

    @Override
    public ActivityRegularizationConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        String cls = ctx.className();
        if (d == KerasDialect.TFJS || d == KerasDialect.KERAS_1) {
            throw new UnsupportedLayerException(c.file(), c.pointer(), ctx.name(), cls, cls + " '" + ctx.name()
                    + "' in a " + d + " file: " + (d == KerasDialect.TFJS ? "TF.js 4.22 has no such layer"
                            : "Keras 1 activity regularizers are not read"));
        }
        ConfigKeys.refuse(c, ctx.name(), cls, ActivityRegularizerKeys.KEY,
                "ActivityRegularization takes l1 and l2 (Keras refuses both forms together)");
        L1L2 r = new L1L2(c.get("l1").asDouble(0), c.get("l2").asDouble(0));
        return new ActivityRegularizationConfig(new ActivityRegularizer(r, ActivityRegularizerKeys.scaling(d)),
                ctx.name(), ctx.inputShape());
    }

    @Override
    public boolean writes(ActivityRegularizationConfig config, KerasDialect d) {
        return d != KerasDialect.TFJS && d != KerasDialect.KERAS_1
                && config.regularizer().scaling() == ActivityRegularizerKeys.scaling(d)
                && config.regularizer().regularizer() instanceof L1L2;
    }

    @Override
    public ObjectNode write(ActivityRegularizationConfig config, KerasWriteContext ctx) throws ModelFormatException {
        ActivityRegularizerKeys.checkWritable(config.regularizer(), ctx.name(), ctx.dialect(), ctx.at("l1"));
        if (!(config.regularizer().regularizer() instanceof L1L2 r)) {
            throw ctx.at("l1").error("ActivityRegularization '" + ctx.name() + "' has the regularizer "
                    + config.regularizer().regularizer() + "; Keras's layer takes only l1 and l2");
        }
        ObjectNode c = ctx.header();
        c.put("l1", r.l1());
        c.put("l2", r.l2());
        return c;
    }
}
