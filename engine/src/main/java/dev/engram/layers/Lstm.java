package dev.engram.layers;

import dev.engram.initializers.Initializer;
import dev.engram.internal.recurrent.LstmKernel;
import dev.engram.layers.recurrent.LstmGate;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Long short-term memory layer (Hochreiter and Schmidhuber, 1997) over {@code [batch, timesteps,
 * features]} input, with the TF.js/Keras equations and weight layout:
 *
 * <pre>
 * z = x·kernel + h·recurrentKernel + bias          column blocks i, f, c, o
 * i = σr(z_i)  f = σr(z_f)  o = σr(z_o)  g = act(z_c)
 * c' = f⊙c + i⊙g      h' = o⊙act(c')
 * </pre>
 *
 * Parameters: {@code kernel [features, 4u]}, {@code recurrentKernel [u, 4u]}, {@code bias [4u]}. Output
 * {@code [batch, u]}, or {@code [batch, timesteps, u]} with returnSequences; with returnState two more
 * outputs follow, the final h and c. Initial states, masking, dropout and stateful operation as
 * described in {@link RecurrentLayer} (initial states {@code [x, h0, c0]}).
 */
public final class Lstm extends RecurrentLayer {
    private final LstmConfig config;

    Lstm(String name, LstmConfig config) {
        super(name, new LstmKernel(config.activation(), config.recurrentActivation()), config);
        this.config = config;
    }

    @Override
    public LstmConfig config() {
        return config;
    }

    @Override
    Shape biasShape() {
        return config.useBias() ? Shape.of(gateWidth()) : null;
    }

    @Override
    Tensor initialBias(RandomGenerator random) {
        int u = config.units();
        Tensor b = config.biasInitializer().initialize(Shape.of(gateWidth()), random);
        if (config.unitForgetBias()) {
            // Keras and TF.js parity: the forget block starts at one, the others use the bias initializer.
            float[] v = b.toArray();
            java.util.Arrays.fill(v, LstmGate.F.offset(u), LstmGate.F.offset(u) + u, 1f);
            b = Tensor.wrap(b.shape(), v);
        }
        return b;
    }
}
