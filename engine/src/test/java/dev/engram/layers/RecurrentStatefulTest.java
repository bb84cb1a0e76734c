package dev.engram.layers;

import static dev.engram.testing.Numeric.assertClose;
import static dev.engram.testing.Numeric.dot;
import static dev.engram.testing.Numeric.numericGradient;
import static dev.engram.testing.Numeric.randomFloats;
import static dev.engram.testing.Numeric.toDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.RecurrentOptions;
import dev.engram.testing.RecurrentResult;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stateful recurrent layers across two consecutive batches (the second batch's gradients with respect
 * to its own inputs and the weights, the carried state a constant), state carried through inference
 * calls, resetStates, the fixed-batch error; dropout is the identity at inference; validation messages.
 */
class RecurrentStatefulTest {
    private static final int B = 2;
    private static final int T = 3;
    private static final int F = 2;
    private static final int U = 3;

    private static Layer build(RecurrentCase kind, boolean stateful, double dropout) {
        Activation rec = Activations.sigmoid();
        Layer layer = kind.config(U, false, true, false, stateful, dropout, dropout, Activations.tanh(), rec)
                .create("rnn");
        layer.build(Shape.of(T, F), new SplittableRandom(5));
        long seed = 21;
        for (Parameter p : layer.parameters()) {
            p.assign(Tensor.wrap(p.shape(), randomFloats(p.shape().size(), seed++, 0.7)));
        }
        return layer;
    }

    private static RecurrentResult reference(RecurrentCase kind, Layer layer, double[] x, double[][] params,
            double[][] initial) {
        return kind.reference(x, B, T, F, U, params[0], params[1], params.length > 2 ? params[2] : null,
                Activations.tanh(), Activations.sigmoid(), new RecurrentOptions(null, initial, null, null, false, true));
    }

    private static double[][] params(Layer layer) {
        return layer.parameters().stream().map(p -> toDouble(p.data())).toArray(double[][]::new);
    }

    @ParameterizedTest
    @EnumSource(RecurrentCase.class)
    void secondBatchStartsFromTheFirstBatchsStateAndItsGradientsCheck(RecurrentCase kind) {
        Layer layer = build(kind, true, 0);
        RecurrentLayer rnn = (RecurrentLayer) layer;
        TrainingContext ctx = new TrainingContext(new SplittableRandom(1));
        float[] x1 = randomFloats(B * T * F, 1, 1.2);
        float[] x2 = randomFloats(B * T * F, 2, 1.2);
        layer.forward(Tensor.wrap(Shape.of(B, T, F), x1), ctx);
        RecurrentResult r1 = reference(kind, layer, toDouble(x1), params(layer), null);
        List<Tensor> carried = rnn.states();
        assertEquals(kind.states, carried.size());
        for (int i = 0; i < kind.states; i++) {
            assertClose("carried state " + i, r1.states()[i], carried.get(i).buffer(), 1e-5, 1e-6);
        }

        ForwardPass pass = layer.forward(Tensor.wrap(Shape.of(B, T, F), x2), ctx);
        float[] w = randomFloats(pass.output().size(), 9, 1);
        layer.parameters().forEach(Parameter::zeroGrad);
        Tensor dx = pass.backward(Tensor.wrap(pass.output().shape(), w));
        double[][] p = params(layer);
        RecurrentResult r2 = reference(kind, layer, toDouble(x2), p, r1.states());
        assertClose("second batch output", r2.output(), pass.output().buffer(), 1e-5, 1e-6);

        List<double[]> all = new ArrayList<>(List.of(toDouble(x2)));
        List<float[]> analytic = new ArrayList<>(List.of(dx.buffer()));
        for (int i = 0; i < p.length; i++) {
            all.add(p[i]);
            analytic.add(layer.parameters().get(i).grad());
        }
        double[][] base = all.toArray(new double[0][]);
        for (int i = 0; i < base.length; i++) {
            final int which = i;
            double[] numeric = numericGradient(base[i], 1e-6, v -> {
                double[][] c = base.clone();
                c[which] = v;
                double[][] ps = java.util.Arrays.copyOfRange(c, 1, c.length);
                return dot(toDouble(w), reference(kind, layer, c[0], ps, r1.states()).output());
            });
            assertClose("gradient " + i, numeric, analytic.get(i), 1e-3, 2e-5);
        }
    }

    @ParameterizedTest
    @EnumSource(RecurrentCase.class)
    void inferenceCarriesStateUntilResetAndKeepsTheBatchSize(RecurrentCase kind) {
        Layer layer = build(kind, true, 0);
        RecurrentLayer rnn = (RecurrentLayer) layer;
        Tensor x = Tensor.wrap(Shape.of(B, T, F), randomFloats(B * T * F, 3, 1));
        Tensor first = layer.call(x);
        Tensor second = layer.call(x);
        double[][] p = params(layer);
        RecurrentResult r1 = reference(kind, layer, toDouble(x.buffer()), p, null);
        RecurrentResult r2 = reference(kind, layer, toDouble(x.buffer()), p, r1.states());
        assertClose("first call", r1.output(), first.buffer(), 1e-5, 1e-6);
        assertClose("second call continues", r2.output(), second.buffer(), 1e-5, 1e-6);

        Tensor other = Tensor.wrap(Shape.of(B + 1, T, F), randomFloats((B + 1) * T * F, 4, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> layer.call(other));
        assertEquals("Layer 'rnn' (" + layer.typeName() + ") is stateful and carries states for batch size 2, got a "
                + "batch of 3; stateful layers need the same batch size every call (call resetStates() to start over)",
                e.getMessage());
        rnn.resetStates();
        assertTrue(rnn.states().isEmpty());
        assertClose("after reset", r1.output(), layer.call(x).buffer(), 1e-5, 1e-6);
        rnn.resetStates();
        assertEquals(B + 1, layer.call(other).shape().dim(0));
    }

    @ParameterizedTest
    @EnumSource(RecurrentCase.class)
    void dropoutIsTheIdentityAtInferenceAndStatelessLayersDoNotCarry(RecurrentCase kind) {
        Layer plain = build(kind, false, 0);
        Layer dropped = build(kind, false, 0.5);
        Tensor x = Tensor.wrap(Shape.of(B, T, F), randomFloats(B * T * F, 3, 1));
        float[] a = plain.call(x).buffer();
        assertClose("dropout at inference", a, dropped.call(x).buffer(), 0, 0);
        assertClose("stateless second call", a, plain.call(x).buffer(), 0, 0);
        assertTrue(((RecurrentLayer) plain).states().isEmpty());
    }

    @Test
    void shapeErrorsNameTheLayerAndBothShapes() {
        Layer gru = Layers.gru(4).create("gru");
        gru.buildAll(List.of(Shape.of(5, 3), Shape.of(4)), new SplittableRandom(1));
        Tensor x = Tensor.wrap(Shape.of(2, 5, 3), new float[30]);
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> gru.callAll(List.of(x, Tensor.wrap(Shape.of(2, 3), new float[6])), null));
        assertEquals("Layer 'gru' input 1: expected shape [null, 4] initial state 1 [batch, units] with units = 4, "
                + "found shape [2, 3]", e.getMessage());
        Layer rnn = Layers.simpleRnn(2).create("simple_rnn");
        IncompatibleShapeException e2 = assertThrows(IncompatibleShapeException.class,
                () -> rnn.build(Shape.of(7), new SplittableRandom(1)));
        assertEquals("Layer 'simple_rnn' input 0: expected shape [null, null, null] [batch, timesteps, features] "
                + "with features = ? (recurrent layers take rank-3 input), found shape [null, 7]", e2.getMessage());
        Layer lstm = Layers.lstm(2).create("lstm");
        IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class,
                () -> lstm.buildAll(List.of(Shape.of(3, 2), Shape.of(2)), new SplittableRandom(1)));
        assertEquals("Layer 'lstm' (Lstm) takes the sequence, optionally followed by 2 initial state(s) [batch, 2]; "
                + "got 2 inputs", e3.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Layers.gru(2).withDropout(1.0));
        assertEquals(List.of(Shape.of(2, 3)), parameterShapes(Layers.gru(1).withResetAfter(true), 2).subList(2, 3));
    }

    private static List<Shape> parameterShapes(LayerConfig<?> c, int features) {
        Layer l = c.create("x");
        l.build(Shape.of(4, features), new SplittableRandom(1));
        return l.parameters().stream().map(Parameter::shape).toList();
    }
}
