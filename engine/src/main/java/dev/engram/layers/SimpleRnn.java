package dev.engram.layers;

import dev.engram.initializers.Initializer;
import dev.engram.internal.recurrent.SimpleRnnKernel;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Fully-connected recurrent layer (Elman, 1990), TF.js/Keras {@code SimpleRNN}:
 * {@code h' = act(x·kernel + h·recurrentKernel + bias)} with {@code kernel [features, u]},
 * {@code recurrentKernel [u, u]}, {@code bias [u]}. Output {@code [batch, u]}, or {@code [batch,
 * timesteps, u]} with returnSequences; with returnState the final h follows. Initial state
 * ({@code [x, h0]}), masking, dropout and stateful operation as described in {@link RecurrentLayer}.
 */
public final class SimpleRnn extends RecurrentLayer {
    private final SimpleRnnConfig config;

    SimpleRnn(String name, SimpleRnnConfig config) {
        super(name, new SimpleRnnKernel(config.activation()), config);
        this.config = config;
    }

    @Override
    public SimpleRnnConfig config() {
        return config;
    }

    @Override
    Shape biasShape() {
        if (!config.useBias()) {
            return null;
        }
        return Shape.of(config.units());
    }

    @Override
    Tensor initialBias(RandomGenerator random) {
        return config.biasInitializer().initialize(biasShape(), random);
    }
}
