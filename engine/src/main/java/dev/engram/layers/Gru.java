package dev.engram.layers;

import dev.engram.initializers.Initializer;
import dev.engram.internal.recurrent.GruKernel;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Gated recurrent unit (Cho et al., 2014) over {@code [batch, timesteps, features]} input, with the
 * TF.js/Keras layout: {@code kernel [features, 3u]}, {@code recurrentKernel [u, 3u]}, column blocks z
 * (update), r (reset), h (candidate), and one of two cells:
 *
 * <pre>
 * resetAfter = false (TF.js, default), bias [3u]:
 *   z = σr(x·Kz + h·Rz + bz)   r = σr(x·Kr + h·Rr + br)   h̃ = act(x·Kh + (r⊙h)·Rh + bh)
 * resetAfter = true (Keras 2.3+/3), bias [2, 3u] (input bias row, recurrent bias row):
 *   a = h·R + b_rec   z = σr(x·Kz + bz + a_z)   r = σr(x·Kr + br + a_r)   h̃ = act(x·Kh + bh + r⊙a_h)
 * h' = z⊙h + (1−z)⊙h̃
 * </pre>
 *
 * Output {@code [batch, u]}, or {@code [batch, timesteps, u]} with returnSequences; with returnState the
 * final h follows. Initial state ({@code [x, h0]}), masking, dropout and stateful operation as
 * described in {@link RecurrentLayer}. TF.js parity: with recurrent dropout the dropped h also feeds
 * the carry {@code z⊙h}, as tfjs-layers' GRUCell does.
 */
public final class Gru extends RecurrentLayer {
    private final GruConfig config;

    Gru(String name, GruConfig config) {
        super(name, new GruKernel(config.activation(), config.recurrentActivation(), config.resetAfter()), config);
        this.config = config;
    }

    @Override
    public GruConfig config() {
        return config;
    }

    @Override
    Shape biasShape() {
        if (!config.useBias()) {
            return null;
        }
        return config.resetAfter() ? Shape.of(2, gateWidth()) : Shape.of(gateWidth());
    }

    @Override
    Tensor initialBias(RandomGenerator random) {
        return config.biasInitializer().initialize(biasShape(), random);
    }
}
