package dev.engram.layers.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.layers.CustomLayer;
import dev.engram.layers.CustomLayerConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.Layers;
import dev.engram.losses.Losses;
import dev.engram.models.FitOptions;
import dev.engram.models.Sequential;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import dev.engram.testing.Numeric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The public extension base: a {@link CustomLayer} written outside the engine's package keeps the
 * layer contract, its backward pass passes the gradient check, a model containing it trains and
 * predicts from many threads, and the config's options are typed and checked.
 */
class CustomLayerTest extends LayerContractTest {
    private static CustomLayerConfig config() {
        return Layers.custom("test_pkg>SquareScale", SquareScale::new).withOption("offset", 0.125);
    }

    @Override
    protected Spec spec() {
        return spec(config().inputShape(2, 3), Shape.of(2, 3), weight("w", 3));
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Layer layer = built(config(), "square_scale", 4);
        Tensor x = Tensor.wrap(Shape.of(2, 2, 3), Numeric.randomFloats(12, 8, 1));
        LayerGradientCheck.check("custom", layer, x, null, (xd, p) -> {
            double[] y = new double[xd.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = p[0][i % 3] * xd[i] * xd[i] + xd[i] + 0.125;
            }
            return y;
        });
    }

    @Test
    void aModelWithTheLayerTrainsAndPredictsConcurrently() throws Exception {
        Sequential m = Sequential.seeded(3, Layers.dense(3).inputShape(4), config(), Layers.dense(1));
        assertEquals("square_scale", m.layers().get(1).name());
        assertEquals("SquareScale", m.layers().get(1).typeName());
        m.compile(Losses.meanSquaredError(), Optimizers.adam(0.01));
        Tensor x = Tensor.wrap(Shape.of(16, 4), Numeric.randomFloats(64, 5, 1));
        Tensor y = Tensor.wrap(Shape.of(16, 1), Numeric.randomFloats(16, 6, 1));
        double before = m.evaluate(x, y).get("loss");
        m.fit(x, y, FitOptions.epochs(20).withBatchSize(8).withShuffle(false));
        assertTrue(m.evaluate(x, y).get("loss") < before * 0.8, "loss falls");
        float[] once = m.predict(x).toArray();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                fs.add(pool.submit(() -> m.predict(x).toArray()));
            }
            for (Future<float[]> f : fs) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(once, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLayerWithoutATrainingPassPredictsAndRefusesToTrainNamingItself() {
        CustomLayerConfig c = Layers.custom("InferenceOnly", InferenceOnly::new);
        Sequential m = Sequential.seeded(1, c.inputShape(2), Layers.dense(1));
        Tensor x = Tensor.filled(Shape.of(2, 2), 1f);
        assertEquals(Shape.of(2, 1), m.predict(x).shape());
        m.compile(Losses.meanSquaredError(), Optimizers.sgd(0.1));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> m.fit(x, Tensor.zeros(Shape.of(2, 1)), FitOptions.epochs(1)));
        assertTrue(e.getMessage().startsWith("custom layer 'inference_only' (InferenceOnly) has no training pass:"
                + " override doForward (or doForwardAll) in " + InferenceOnly.class.getName()), e.getMessage());
    }

    @Test
    void optionsAreJsonLikeCopiesWithTypedGetters() {
        CustomLayerConfig c = Layers.custom("p>T", SquareScale::new).withName("t").withOption("n", 3)
                .withOption("list", List.of(1, 2.5, "a")).withOption("flag", true).withOption("none", null);
        assertEquals(Map.of("n", 3L, "list", List.of(1L, 2.5, "a"), "flag", true), withoutNull(c.options()));
        assertEquals(3, c.intOption("n"));
        assertEquals(3.0, c.doubleOption("n"));
        assertTrue(c.booleanOption("flag", false));
        assertEquals("x", c.stringOption("missing", "x"));
        assertEquals("T", c.simpleType());
        assertEquals("t", c.defaultNamePrefix());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.intOption("flag"));
        assertEquals("custom layer 't' (p>T) option 'flag' must be a number, got true", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.withOption("bad", new Object()));
        assertThrows(IllegalArgumentException.class, () -> Layers.custom(" ", SquareScale::new));
        assertThrows(UnsupportedOperationException.class, () -> c.options().put("x", 1));
        IllegalStateException wrong = assertThrows(IllegalStateException.class,
                () -> Layers.custom("p>T", (name, cfg) -> new SquareScale("other", cfg)).create("t"));
        assertEquals("the factory of custom layer type p>T must return a new layer named 't' built from the config"
                + " it was given", wrong.getMessage());
    }

    private static Map<String, Object> withoutNull(Map<String, Object> m) {
        Map<String, Object> out = new java.util.HashMap<>(m);
        assertTrue(out.containsKey("none") && out.remove("none") == null);
        return out;
    }

    /** A custom layer that only predicts. */
    public static final class InferenceOnly extends CustomLayer {
        /**
         * @param name   the layer name
         * @param config the config
         */
        public InferenceOnly(String name, CustomLayerConfig config) {
            super(name, config);
        }

        @Override
        protected Shape doBuild(Shape in, RandomGenerator random) {
            return in;
        }

        @Override
        protected Tensor doCall(Tensor x) {
            return x;
        }
    }
}
