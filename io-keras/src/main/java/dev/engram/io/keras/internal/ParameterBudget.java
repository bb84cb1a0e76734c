package dev.engram.io.keras.internal;

import dev.engram.initializers.DeferredInitialization;
import dev.engram.io.LoadLimits;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.ActivityRegularizedConfig;
import dev.engram.layers.BatchNormalizationConfig;
import dev.engram.layers.BidirectionalConfig;
import dev.engram.layers.Conv1DConfig;
import dev.engram.layers.ConvLstm2DConfig;
import dev.engram.layers.DenseConfig;
import dev.engram.layers.EmbeddingConfig;
import dev.engram.layers.GruConfig;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.LayerNormalizationConfig;
import dev.engram.layers.LstmConfig;
import dev.engram.layers.RnnConfig;
import dev.engram.layers.SimpleRnnConfig;
import dev.engram.layers.TimeDistributedConfig;
import dev.engram.tensor.Shape;

/**
 * Counts, before a layer is built, the parameters its config implies for its input shape (LSTM
 * {@code 4u(f + u + 1)}, an RNN's cells in a chain, ConvLSTM2D {@code 4F(kh·kw·(C + F) + 1)}, Embedding {@code inputDim * outputDim}, ...) and refuses the layer when the
 * model would exceed {@link LoadLimits#parameterBytes()}, a single weight would exceed
 * {@link LoadLimits#tensorElements()}, or the model would need more parameters than the file holds
 * weights for. So a 2 KB config asking for an LSTM of 20,000 units fails with a message instead of
 * an {@link OutOfMemoryError}. Layer types without parameters count 0.
 */
public final class ParameterBudget {
    private final LoadLimits limits;
    private final long supplied;
    private final int maxLayers;
    private long used;
    private long required;
    private int layers;

    /**
     * @param limits   the limits to hold the model to
     * @param supplied how many parameter values the file holds (its weights' elements), or -1 when
     *                 the file holds no weights to compare with (a config-only model)
     */
    public ParameterBudget(LoadLimits limits, long supplied) {
        this.limits = limits;
        this.supplied = supplied;
        this.maxLayers = limits.layers();
    }

    /**
     * A budget with the default limits and nothing to compare with.
     *
     * @return a budget that checks only the default limits
     */
    public static ParameterBudget unchecked() {
        return new ParameterBudget(LoadLimits.defaults(), -1);
    }

    /**
     * The source of initial weights for the model this budget checks: initializers deferred, and every
     * weight a layer allocates reserved against the same limits and file size. This bounds layers the
     * per-type count above does not know (it counts 0 for them) at the moment they allocate.
     *
     * @param seed the seed of any weight read before it is assigned
     * @return a new bounded source
     */
    public DeferredInitialization initialization(long seed) {
        return new DeferredInitialization(seed, limits, supplied);
    }

    /**
     * The limits this budget holds the model to.
     *
     * @return the limits
     */
    public LoadLimits limits() {
        return limits;
    }

    /**
     * Counts one more layer entry against {@link LoadLimits#layers()}.
     *
     * @param at the layer's config, named in the error
     * @throws ModelFormatException when the model has more layers than the limit
     */
    public void countLayer(ConfigNode at) throws ModelFormatException {
        if (++layers > maxLayers) {
            throw at.error(LoadLimits.exceeded("the model's layers", layers, maxLayers, "--max-layers"));
        }
    }

    /**
     * Charges the parameters {@code c} creates for {@code input} (a sample shape, or null when not yet
     * known: nothing is charged then and the layer is not built either).
     *
     * @param c the layer's config
     * @param input the layer's per-sample input shape, or null
     * @param at the layer's config node, named in the error
     * @throws ModelFormatException when the model would exceed {@link LoadLimits#parameterBytes()}, one weight
     *                              {@link LoadLimits#tensorElements()}, or the weights the file holds
     */
    public void charge(LayerConfig<?> c, Shape input, ConfigNode at) throws ModelFormatException {
        if (input == null) {
            return;
        }
        long[] need = count(c, input);
        String layer = c.name() == null ? c.defaultNamePrefix() : c.name();
        if (need[1] > limits.tensorElements()) {
            throw at.error("layer '" + layer + "' for input " + input + ": " + LoadLimits.exceeded(
                    "its largest weight's elements", need[1], limits.tensorElements(), "--max-tensor-elements"));
        }
        used = add(used, need[0]);
        if (used > limits.parameterBytes() / Float.BYTES) {
            throw at.error("layer '" + layer + "' for input " + input + " brings the model to " + used + " parameters: "
                    + LoadLimits.exceeded("they", mul(used, Float.BYTES), limits.parameterBytes(), "--max-param-bytes")
                    + " bytes");
        }
        required = add(required, need[2]);
        if (supplied >= 0 && required > supplied) {
            throw at.error("layer '" + layer + "' for input " + input + " brings the model to at least " + required
                    + " parameters, but the file holds only " + supplied + " weight values");
        }
    }

    /**
     * {at most this many parameters, elements of the largest weight, at least this many parameters
     * (the weights every variant of the layer has: kernels, embeddings, moving statistics)};
     * saturates instead of overflowing.
     */
    static long[] count(LayerConfig<?> c, Shape in) {
        if (c instanceof ActivityRegularizedConfig a) {
            return count(a.layer(), in);
        }
        long f = in.rank() == 0 ? 1 : Math.max(0, in.dim(in.rank() - 1));
        if (c instanceof DenseConfig d) {
            long k = mul(f, d.units());
            return new long[] {add(k, d.units()), k, k};
        }
        if (c instanceof LstmConfig l) {
            return recurrent(f, l.units(), 4, 1);
        }
        if (c instanceof GruConfig g) {
            return recurrent(f, g.units(), 3, 2);
        }
        if (c instanceof SimpleRnnConfig r) {
            return recurrent(f, r.units(), 1, 1);
        }
        if (c instanceof EmbeddingConfig e) {
            long k = mul(e.inputDim(), e.outputDim());
            return new long[] {k, k, k};
        }
        if (c instanceof Conv1DConfig cv) {
            long channels = cv.dataFormat() == dev.engram.layers.DataFormat.CHANNELS_FIRST && in.rank() == 2
                    ? Math.max(0, in.dim(0)) : f;
            long k = mul(mul(cv.kernelSize(), channels / cv.groups()), cv.filters()); // a grouped kernel is [k, C/G, F]
            return new long[] {add(k, cv.filters()), k, k};
        }
        if (c instanceof BatchNormalizationConfig) {
            return new long[] {mul(4, f), f, mul(2, f)};
        }
        if (c instanceof LayerNormalizationConfig) {
            return new long[] {mul(2, f), f, 0};
        }
        if (c instanceof RnnConfig r) {
            // The cells chain: each reads the previous one's units.
            long[] sum = {0, 0, 0};
            long inDim = f;
            for (LayerConfig<?> cell : r.cells()) {
                long[] one = count(cell, Shape.of((int) Math.min(inDim, Integer.MAX_VALUE)));
                sum = new long[] {add(sum[0], one[0]), Math.max(sum[1], one[1]), add(sum[2], one[2])};
                inDim = ((dev.engram.layers.RecurrentLayerConfig<?>) cell).units();
            }
            return sum;
        }
        if (c instanceof ConvLstm2DConfig cl) {
            long channels = cl.dataFormat() == dev.engram.layers.DataFormat.CHANNELS_FIRST && in.rank() == 4
                    ? Math.max(0, in.dim(1)) : f;
            long taps = mul(cl.window().kernelHeight(), cl.window().kernelWidth());
            long width = mul(4, cl.filters());
            long kernel = mul(mul(taps, channels), width);
            long rec = mul(mul(taps, cl.filters()), width);
            return new long[] {add(add(kernel, rec), width), Math.max(kernel, rec), add(kernel, rec)};
        }
        if (c instanceof BidirectionalConfig b) {
            long[] one = count(b.layer(), in);
            return new long[] {mul(2, one[0]), one[1], mul(2, one[2])};
        }
        if (c instanceof TimeDistributedConfig t) {
            return in.rank() > 1 ? count(t.layer(), in.dropFirst()) : new long[] {0, 0, 0};
        }
        return new long[] {0, 0, 0};
    }

    /** Kernel [f, g*u], recurrent kernel [u, g*u], bias up to [biasRows, g*u]. */
    private static long[] recurrent(long f, long u, int gates, int biasRows) {
        long width = mul(gates, u);
        long kernel = mul(f, width);
        long rec = mul(u, width);
        return new long[] {add(add(kernel, rec), mul(biasRows, width)), Math.max(kernel, rec), add(kernel, rec)};
    }

    private static long mul(long a, long b) {
        long r = LoadLimits.elements(a, b);
        return r < 0 ? Long.MAX_VALUE : r;
    }

    private static long add(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }
}
