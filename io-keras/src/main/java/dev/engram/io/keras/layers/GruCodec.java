package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.activations.Activation;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.GruConfig;

/**
 * {@code GRU}: the shared recurrent keys ({@link RecurrentCodec}), {@code recurrent_activation} and
 * {@code reset_after}, which defaults to false in TF.js, Keras 1 and standalone Keras 2.0-2.2 (whose
 * files predate the key or write it) and to true in Keras 3 (tf-keras 2 always writes it). TF.js has
 * no reset_after=true GRU (see {@link #writes}).
 */
final class GruCodec extends RecurrentCodec<GruConfig> {
    GruCodec() {
        super(GruConfig.class, "GRU");
    }

    @Override
    GruConfig create(Shared o, ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        boolean resetAfter = c.get("reset_after").asBoolean(d.isKeras3());
        return new GruConfig(o.units(), o.activation(), recurrentActivation(c, d), o.useBias(), resetAfter,
                o.returnSequences(), o.returnState(), o.goBackwards(), o.stateful(), o.dropout(), o.recurrentDropout(),
                o.kernel(), o.recurrent(), o.bias(), ctx.name(), ctx.inputShape(), o.rules());
    }

    @Override
    Shared shared(GruConfig g) {
        return new Shared(g.units(), g.activation(), g.useBias(), g.returnSequences(), g.returnState(),
                g.goBackwards(), g.stateful(), g.dropout(), g.recurrentDropout(), g.kernelInitializer(),
                g.recurrentInitializer(), g.biasInitializer(), g.weightRules());
    }

    @Override
    Activation recurrentActivation(GruConfig config) {
        return config.recurrentActivation();
    }

    @Override
    Boolean resetAfter(GruConfig config) {
        return config.resetAfter();
    }

    /** tfjs-layers supports reset_after false only (its GRU bias is [3u]). */
    @Override
    public boolean writes(GruConfig config, KerasDialect d) {
        return d != KerasDialect.KERAS_1 && !(d == KerasDialect.TFJS && config.resetAfter());
    }

    @Override
    public ObjectNode write(GruConfig g, KerasWriteContext ctx) throws ModelFormatException {
        if (!writes(g, ctx.dialect())) {
            throw ctx.at().error("GRU '" + ctx.name() + "' has resetAfter true (bias [2, 3u]), which TF.js cannot build"
                    + " (tfjs-layers supports reset_after false only); save it as Keras h5 or .keras instead");
        }
        return super.write(g, ctx);
    }
}
