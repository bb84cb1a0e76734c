package dev.engram.io.keras.layers;

import dev.engram.activations.Activation;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.LstmConfig;

/**
 * {@code LSTM}: the shared recurrent keys ({@link RecurrentCodec}), {@code recurrent_activation}
 * and {@code unit_forget_bias} (Keras 1 {@code forget_bias_init}; TF.js writes null for unset, which
 * it treats as false).
 */
final class LstmCodec extends RecurrentCodec<LstmConfig> {
    LstmCodec() {
        super(LstmConfig.class, "LSTM");
    }

    @Override
    LstmConfig create(Shared o, ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        boolean unitForgetBias = d == KerasDialect.KERAS_1 ? "one".equals(c.get("forget_bias_init").asString("one"))
                : c.get("unit_forget_bias").asBoolean(d != KerasDialect.TFJS);
        return new LstmConfig(o.units(), o.activation(), recurrentActivation(c, d), o.useBias(), unitForgetBias,
                o.returnSequences(), o.returnState(), o.goBackwards(), o.stateful(), o.dropout(), o.recurrentDropout(),
                o.kernel(), o.recurrent(), o.bias(), ctx.name(), ctx.inputShape(), o.rules());
    }

    @Override
    Shared shared(LstmConfig l) {
        return new Shared(l.units(), l.activation(), l.useBias(), l.returnSequences(), l.returnState(),
                l.goBackwards(), l.stateful(), l.dropout(), l.recurrentDropout(), l.kernelInitializer(),
                l.recurrentInitializer(), l.biasInitializer(), l.weightRules());
    }

    @Override
    Activation recurrentActivation(LstmConfig config) {
        return config.recurrentActivation();
    }

    @Override
    Boolean unitForgetBias(LstmConfig config) {
        return config.unitForgetBias();
    }
}
