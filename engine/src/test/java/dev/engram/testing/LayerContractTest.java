package dev.engram.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.layers.ForwardPass;
import dev.engram.layers.IncompatibleShapeException;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Parameter;
import dev.engram.layers.TrainingContext;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract every layer keeps (Keras's {@code run_layer_test}): a layer test extends this class,
 * states its configuration, input and expected output shapes and weights in one {@link Spec}, and
 * inherits the checks:
 * <ul>
 *   <li>the built and the computed output shapes;</li>
 *   <li>weight paths ({@code layer/[sublayer/]role}) and shapes, in order;</li>
 *   <li>a configuration round trip through the engine API ({@code layer.config()} creates an equal
 *       layer with the same weights and outputs);</li>
 *   <li>an input of the wrong rank is refused with an {@link IncompatibleShapeException} naming the
 *       layer, the input, the expected and the found shape;</li>
 *   <li>the same seed gives the same weights and outputs;</li>
 *   <li>one gradient step on {@code 0.5 * |y - t|^2} lowers the loss, for the weights and (for
 *       real-valued inputs) the input: the backward pass points downhill.</li>
 * </ul>
 * Numeric gradient checks against a double-precision reference stay in the layer's own test,
 * through {@link LayerGradientCheck}.
 */
public abstract class LayerContractTest {
    private static final int BATCH = 3;
    private static final double STEP = 1e-2;

    /** One expected weight: its path below the layer ({@code kernel}, {@code forward_lstm/kernel}) and shape. */
    protected record Weight(String name, Shape shape) {
    }

    /**
     * What a layer test states about its layer.
     *
     * @param config      the configuration under test (name left to the test)
     * @param inputShapes the per-sample input shapes the layer is built for
     * @param outputShape the expected per-sample output shape (batch excluded)
     * @param weights     the expected weights, in the layer's order (empty for weightless layers)
     */
    protected record Spec(LayerConfig config, List<Shape> inputShapes, Shape outputShape, List<Weight> weights) {
    }

    /** The layer under test and what it must build. */
    protected abstract Spec spec();

    /** A single-input spec: {@code config} carries its input shape. */
    protected static Spec spec(LayerConfig config, Shape outputShape, Weight... weights) {
        return new Spec(config, List.of(config.inputShape()), outputShape, List.of(weights));
    }

    /** A spec for a layer with several inputs. */
    protected static Spec spec(LayerConfig config, List<Shape> inputShapes, Shape outputShape, Weight... weights) {
        return new Spec(config, inputShapes, outputShape, List.of(weights));
    }

    /** Shorthand for one expected weight. */
    protected static Weight weight(String name, int... shape) {
        return new Weight(name, Shape.of(shape));
    }

    /** A batch of valid inputs: deterministic values in [-1, 1]. Layers taking ids override. */
    protected List<Tensor> inputs(int batch, long seed) {
        List<Tensor> xs = new ArrayList<>();
        for (Shape s : spec().inputShapes()) {
            Shape full = s.prepend(batch);
            xs.add(Tensor.wrap(full, Numeric.randomFloats(full.size(), seed + xs.size(), 1.0)));
        }
        return xs;
    }

    /** Inputs of the wrong rank: the first input without its last axis. */
    protected List<Tensor> wrongRankInputs() {
        List<Tensor> xs = new ArrayList<>(inputs(2, 5));
        Shape s = xs.get(0).shape();
        int[] dims = Arrays.copyOf(s.toArray(), s.rank() - 1);
        xs.set(0, Tensor.zeros(Shape.of(dims)));
        return xs;
    }

    /**
     * Whether the layer trains; a layer that refuses training (a random augmentation Engram does not reproduce)
     * must instead refuse the training forward pass with an {@link UnsupportedOperationException} naming it.
     */
    protected boolean trains() {
        return true;
    }

    /** Whether the input is real-valued, so that a step along its gradient must lower the loss. */
    protected boolean differentiableInput() {
        return true;
    }

    /** A built layer: {@code config} created as {@code name} and built with {@code seed} for the spec's inputs. */
    protected final Layer built(LayerConfig config, String name, long seed) {
        Layer layer = config.create(name);
        layer.buildAll(spec().inputShapes(), new SplittableRandom(seed));
        return layer;
    }

    private Layer built(long seed) {
        return built(spec().config(), "under_test", seed);
    }

    @Test
    void outputShapeIsBuiltAndComputed() {
        Layer layer = built(1);
        assertEquals(spec().outputShape(), layer.outputShape(), "built output shape");
        Tensor y = layer.callAll(inputs(BATCH, 2), null).get(0);
        assertEquals(spec().outputShape().prepend(BATCH), y.shape(), "computed output shape");
    }

    @Test
    void weightNamesAndShapes() {
        Layer layer = built(1);
        List<Weight> got = new ArrayList<>();
        String prefix = layer.name() + "/";
        for (Parameter p : layer.parameters()) {
            assertTrue(p.path().startsWith(prefix) && p.path().endsWith("/" + p.name()), p.path());
            got.add(new Weight(p.path().substring(prefix.length()), p.shape()));
        }
        assertEquals(spec().weights(), got);
    }

    @Test
    void configRoundTripsThroughTheEngine() {
        Layer layer = built(3);
        Layer again = built(layer.config(), layer.name(), 3);
        assertEquals(layer.config(), again.config(), "config() of a layer created from config()");
        assertEquals(layer.outputShape(), again.outputShape());
        List<Tensor> x = inputs(BATCH, 4);
        assertArrayEquals(layer.callAll(x, null).get(0).toArray(), again.callAll(x, null).get(0).toArray(),
                "outputs of the layer created from config()");
    }

    @Test
    void wrongRankNamesLayerAndShapes() {
        Layer layer = built(1);
        List<Tensor> bad = wrongRankInputs();
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class, () -> layer.callAll(bad, null));
        assertEquals(layer.name(), e.layerName());
        assertEquals(bad.get(0).shape(), e.found());
        assertTrue(e.getMessage().startsWith("Layer '" + layer.name() + "' input 0: expected shape "),
                e.getMessage());
        assertTrue(e.getMessage().contains(bad.get(0).shape().toString()), e.getMessage());
    }

    @Test
    void sameSeedSameWeightsAndOutputs() {
        Layer a = built(42);
        Layer b = built(42);
        for (int i = 0; i < a.parameters().size(); i++) {
            assertArrayEquals(a.parameters().get(i).data(), b.parameters().get(i).data(),
                    a.parameters().get(i).path());
        }
        List<Tensor> x = inputs(BATCH, 6);
        assertArrayEquals(a.callAll(x, null).get(0).toArray(), b.callAll(x, null).get(0).toArray());
    }

    @Test
    void oneGradientStepLowersTheLoss() {
        Layer layer = built(7);
        List<Tensor> x = inputs(BATCH, 8);
        if (!trains()) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> layer.forward(x, null, new TrainingContext(new SplittableRandom(1))));
            assertTrue(e.getMessage().contains("'" + layer.name() + "'"), e.getMessage());
            return;
        }
        Tensor target = Tensor.wrap(spec().outputShape().prepend(BATCH),
                Numeric.randomFloats(spec().outputShape().prepend(BATCH).size(), 9, 1.0));
        for (Parameter p : layer.parameters()) {
            p.zeroGrad();
        }
        ForwardPass pass = layer.forward(x, null, new TrainingContext(new SplittableRandom(1)));
        double before = loss(pass.output(), target);
        float[] residual = pass.output().toArray();
        float[] t = target.buffer();
        for (int i = 0; i < residual.length; i++) {
            residual[i] -= t[i];
        }
        Tensor dx = pass.backward(Tensor.wrap(pass.output().shape(), residual));

        boolean stepped = false;
        for (Parameter p : layer.parameters()) {
            if (p.trainable()) {
                float[] w = p.data().clone();
                float[] g = p.grad();
                for (int i = 0; i < w.length; i++) {
                    w[i] -= (float) (STEP * g[i]);
                }
                p.assign(Tensor.wrap(p.shape(), w));
                stepped = true;
            }
        }
        List<Tensor> xs = x;
        if (differentiableInput()) {
            float[] moved = x.get(0).toArray();
            float[] g = dx.buffer();
            assertEquals(moved.length, g.length, "input gradient size");
            for (int i = 0; i < moved.length; i++) {
                moved[i] -= (float) (STEP * g[i]);
            }
            xs = new ArrayList<>(x);
            xs.set(0, Tensor.wrap(x.get(0).shape(), moved));
            stepped = true;
        }
        assertTrue(stepped, "nothing to step: declare differentiableInput() or trainable weights");
        double after = loss(layer.forward(xs, null, new TrainingContext(new SplittableRandom(1))).output(), target);
        assertTrue(after < before, "loss " + before + " -> " + after + " after one step along the gradient");
    }

    private static double loss(Tensor y, Tensor target) {
        float[] a = y.buffer();
        float[] b = target.buffer();
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += 0.5 * (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }
}
