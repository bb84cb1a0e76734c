package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.AlphaDropoutConfig;
import dev.engram.layers.GaussianDropoutConfig;
import dev.engram.layers.GaussianNoiseConfig;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.SpatialDropout1DConfig;
import dev.engram.tensor.Shape;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The regularisation layers that are the identity at inference: {@code SpatialDropout1D},
 * {@code GaussianNoise}, {@code GaussianDropout}, {@code AlphaDropout}. Each has one number
 * ({@code rate} or {@code stddev}) and (Keras 2/3) a {@code seed}; a {@code noise_shape} is refused.
 * Keys per dialect as each framework's {@code get_config} writes them. One instance per class.
 *
 * @param <C> the config type
 */
final class NoiseCodec<C extends LayerConfig<C>> implements KerasLayerCodec<C> {
    /** Builds the config from (value, seed, name, input shape). */
    private interface Factory<C> {
        C create(double value, Long seed, String name, Shape inputShape);
    }

    static final NoiseCodec<SpatialDropout1DConfig> SPATIAL_DROPOUT_1D = new NoiseCodec<>(SpatialDropout1DConfig.class,
            "SpatialDropout1D", "rate", true, SpatialDropout1DConfig::new, SpatialDropout1DConfig::rate,
            SpatialDropout1DConfig::seed);
    static final NoiseCodec<GaussianNoiseConfig> GAUSSIAN_NOISE = new NoiseCodec<>(GaussianNoiseConfig.class,
            "GaussianNoise", "stddev", false, GaussianNoiseConfig::new, GaussianNoiseConfig::stddev,
            GaussianNoiseConfig::seed);
    static final NoiseCodec<GaussianDropoutConfig> GAUSSIAN_DROPOUT = new NoiseCodec<>(GaussianDropoutConfig.class,
            "GaussianDropout", "rate", false, GaussianDropoutConfig::new, GaussianDropoutConfig::rate,
            GaussianDropoutConfig::seed);
    static final NoiseCodec<AlphaDropoutConfig> ALPHA_DROPOUT = new NoiseCodec<>(AlphaDropoutConfig.class,
            "AlphaDropout", "rate", false, AlphaDropoutConfig::new, AlphaDropoutConfig::rate, AlphaDropoutConfig::seed);

    private final Class<C> type;
    private final String cls;
    private final String key;
    private final boolean rate;
    private final Factory<C> factory;
    private final ToDoubleFunction<C> value;
    private final Function<C, Long> seed;

    private NoiseCodec(Class<C> type, String cls, String key, boolean tfjsSeed, Factory<C> factory,
            ToDoubleFunction<C> value, Function<C, Long> seed) {
        this.type = type;
        this.cls = cls;
        this.key = key;
        this.rate = tfjsSeed;
        this.factory = factory;
        this.value = value;
        this.seed = seed;
    }

    @Override
    public List<String> classNames() {
        return List.of(cls);
    }

    @Override
    public Class<C> configType() {
        return type;
    }

    @Override
    public C read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        SequenceKeys.noNoiseShape(c, ctx.name(), cls);
        ConfigNode v = c.get(key);
        double x = key.equals("rate") ? ConfigKeys.rate(v) : v.asDouble();
        if (!(x >= 0) || Double.isInfinite(x)) {
            throw v.expected("a finite " + key + " >= 0");
        }
        return factory.create(x, c.get("seed").asLongOrNull(), ctx.name(), ctx.inputShape());
    }

    @Override
    public ObjectNode write(C config, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        if (ctx.dialect().isKeras3() && cls.equals("SpatialDropout1D")) {
            // Keras parity: Keras 3.10's SpatialDropout1D takes no trainable argument (its get_config omits it).
            c.remove("trainable");
        }
        c.put(key, value.applyAsDouble(config));
        boolean tfjs = ctx.is(KerasDialect.TFJS);
        // TF.js writes a seed (and noise_shape) only for SpatialDropout1D, which extends its Dropout.
        if (!tfjs || rate) {
            Long s = seed.apply(config);
            if (s == null) {
                c.putNull("seed");
            } else {
                c.put("seed", s);
            }
        }
        if (rate && !ctx.dialect().isKeras3() || cls.equals("AlphaDropout") && ctx.dialect().isKeras3()) {
            c.putNull("noise_shape");
        }
        return c;
    }

    @Override
    public List<String> weightNames(C config) {
        return List.of();
    }
}
