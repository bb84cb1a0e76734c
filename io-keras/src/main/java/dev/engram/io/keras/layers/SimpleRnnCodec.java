package dev.engram.io.keras.layers;

import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.SimpleRnnConfig;

/** {@code SimpleRNN}: the shared recurrent keys ({@link RecurrentCodec}) only; no {@code implementation} key. */
final class SimpleRnnCodec extends RecurrentCodec<SimpleRnnConfig> {
    SimpleRnnCodec() {
        super(SimpleRnnConfig.class, "SimpleRNN");
    }

    @Override
    SimpleRnnConfig create(Shared o, ConfigNode c, KerasReadContext ctx) {
        return new SimpleRnnConfig(o.units(), o.activation(), o.useBias(), o.returnSequences(), o.returnState(),
                o.goBackwards(), o.stateful(), o.dropout(), o.recurrentDropout(), o.kernel(), o.recurrent(), o.bias(),
                ctx.name(), ctx.inputShape(), o.rules());
    }

    @Override
    Shared shared(SimpleRnnConfig s) {
        return new Shared(s.units(), s.activation(), s.useBias(), s.returnSequences(), s.returnState(),
                s.goBackwards(), s.stateful(), s.dropout(), s.recurrentDropout(), s.kernelInitializer(),
                s.recurrentInitializer(), s.biasInitializer(), s.weightRules());
    }

    @Override
    boolean writesImplementation() {
        return false;
    }
}
