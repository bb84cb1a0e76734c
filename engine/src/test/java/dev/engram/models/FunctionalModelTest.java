package dev.engram.models;

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
import dev.engram.layers.ForwardPass;
import dev.engram.layers.Layer;
import dev.engram.layers.Layers;
import dev.engram.layers.Parameter;
import dev.engram.layers.TrainingContext;
import dev.engram.losses.Losses;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.ReferenceDense;
import dev.engram.testing.ReferenceLstm;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Functional models: two inputs (a sequence and static features) and two outputs, a shared layer
 * (fan-out), training and prediction, and gradients of the whole graph against central
 * differences of a double-precision re-implementation of the same graph.
 */
class FunctionalModelTest {
    private static final int B = 3;
    private static final int T = 4;
    private static final int F = 2;
    private static final int S = 3;
    private static final int U = 5;

    /** seq -> LSTM(5); [h, static] -> concat -> Dense(6, tanh) = z; out1 = Dense(1)(z); out2 = Dense(3, softmax)(z + shared(z)). */
    static Model twoByTwo(long seed) {
        ModelBuilder b = new ModelBuilder("two_by_two", seed);
        SymbolicTensor seq = b.input("sequence", T, F);
        SymbolicTensor stat = b.input("static", S);
        SymbolicTensor h = b.apply(Layers.lstm(U).withRecurrentActivation(Activations.sigmoid()), seq);
        SymbolicTensor joined = b.apply(Layers.concatenate(), h, stat);
        SymbolicTensor z = b.apply(Layers.dense(6).withActivation(Activations.tanh()), joined);
        Layer shared = b.layer(Layers.dense(6).withName("shared"));
        SymbolicTensor twice = b.apply(shared, b.apply(shared, z));
        SymbolicTensor sum = b.apply(Layers.add(), z, twice);
        SymbolicTensor out1 = b.apply(Layers.dense(1).withName("value"), z);
        SymbolicTensor out2 = b.apply(Layers.dense(3).withActivation(Activations.softmax()).withName("classes"), sum);
        return b.build(List.of(seq, stat), List.of(out1, out2));
    }

    @Test
    void gradientsOfTheWholeGraphMatchFiniteDifferences() {
        Model m = twoByTwo(1);
        List<Parameter> ps = m.parameters();
        assertEquals(List.of("lstm/kernel", "lstm/recurrentKernel", "lstm/bias", "dense/kernel", "dense/bias",
                "value/kernel", "value/bias", "shared/kernel", "shared/bias", "classes/kernel", "classes/bias"),
                ps.stream().map(Parameter::path).toList());
        for (int i = 0; i < ps.size(); i++) {
            Parameter p = ps.get(i);
            p.assign(Tensor.wrap(p.shape(), randomFloats(p.shape().size(), 70 + i, 0.6)));
        }
        float[] seq = randomFloats(B * T * F, 1, 1);
        float[] stat = randomFloats(B * S, 2, 1);
        List<Tensor> xs = List.of(Tensor.wrap(Shape.of(B, T, F), seq), Tensor.wrap(Shape.of(B, S), stat));
        ForwardPass pass = m.forward(xs, new TrainingContext(new SplittableRandom(1)));
        float[] w1 = randomFloats(B, 3, 1);
        float[] w2 = randomFloats(B * 3, 4, 1);
        ps.forEach(Parameter::zeroGrad);
        List<Tensor> dx = pass.backwardAll(List.of(Tensor.wrap(Shape.of(B, 1), w1), Tensor.wrap(Shape.of(B, 3), w2)));

        double[][] all = new double[ps.size() + 2][];
        all[0] = toDouble(seq);
        all[1] = toDouble(stat);
        for (int i = 0; i < ps.size(); i++) {
            all[i + 2] = toDouble(ps.get(i).data());
        }
        double[][] refOut = reference(all);
        assertClose("value", refOut[0], pass.outputs().get(0).buffer(), 1e-5, 1e-6);
        assertClose("classes", refOut[1], pass.outputs().get(1).buffer(), 1e-5, 1e-6);
        double[] w1d = toDouble(w1);
        double[] w2d = toDouble(w2);
        for (int i = 0; i < all.length; i++) {
            final int which = i;
            double[] numeric = numericGradient(all[i], 1e-6, v -> {
                double[][] c = all.clone();
                c[which] = v;
                double[][] o = reference(c);
                return dot(w1d, o[0]) + dot(w2d, o[1]);
            });
            float[] analytic = i < 2 ? dx.get(i).buffer() : ps.get(i - 2).grad();
            assertClose(i < 2 ? "d input " + i : "d " + ps.get(i - 2).path(), numeric, analytic, 1e-3, 2e-5);
        }
    }

    /** The same graph in double precision; {@code a} = [seq, static, lstm k, r, b, dense k, b, value k, b, shared k, b, classes k, b]. */
    private static double[][] reference(double[][] p) {
        double[][] a = p.clone();
        // reorder to [.., shared, value, ..] for readability below
        a[7] = p[9];
        a[8] = p[10];
        a[9] = p[7];
        a[10] = p[8];
        Activation sig = Activations.sigmoid();
        Activation tanh = Activations.tanh();
        double[] h = ReferenceLstm.run(a[0], B, T, F, U, a[2], a[3], a[4], tanh::value, sig::value, false, false).output();
        double[] joined = new double[B * (U + S)];
        for (int r = 0; r < B; r++) {
            System.arraycopy(h, r * U, joined, r * (U + S), U);
            System.arraycopy(a[1], r * S, joined, r * (U + S) + U, S);
        }
        double[] z = ReferenceDense.run(joined, a[5], a[6], B, U + S, 6, tanh);
        double[] once = ReferenceDense.run(z, a[7], a[8], B, 6, 6, Activations.linear());
        double[] twice = ReferenceDense.run(once, a[7], a[8], B, 6, 6, Activations.linear());
        double[] sum = new double[z.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = z[i] + twice[i];
        }
        return new double[][] {ReferenceDense.run(z, a[9], a[10], B, 6, 1, Activations.linear()),
            ReferenceDense.run(sum, a[11], a[12], B, 6, 3, Activations.softmax())};
    }

    @Test
    void trainsAndPredictsWithTwoInputsAndTwoOutputs() {
        Model m = twoByTwo(2);
        m.compile(List.of(Losses.meanSquaredError(), Losses.categoricalCrossentropy()), Optimizers.adam(0.01),
                Metrics.accuracy());
        int n = 64;
        Tensor seq = Tensor.wrap(Shape.of(n, T, F), randomFloats(n * T * F, 5, 1));
        Tensor stat = Tensor.wrap(Shape.of(n, S), randomFloats(n * S, 6, 1));
        float[] y1 = new float[n];
        float[] y2 = new float[n * 3];
        for (int i = 0; i < n; i++) {
            y1[i] = seq.buffer()[i * T * F] + stat.buffer()[i * S];
            y2[i * 3 + (stat.buffer()[i * S + 1] > 0 ? 0 : 1)] = 1;
        }
        History h = m.fit(List.of(seq, stat), List.of(Tensor.wrap(Shape.of(n, 1), y1), Tensor.wrap(Shape.of(n, 3), y2)),
                FitOptions.epochs(40).withBatchSize(16).withSeed(3).withVerbosity(Verbosity.SILENT));
        assertEquals(List.of("loss", "value_loss", "classes_loss", "value_accuracy", "classes_accuracy"),
                new ArrayList<>(h.keys()));
        List<Double> loss = h.get("loss");
        assertTrue(loss.get(loss.size() - 1) < 0.5 * loss.get(0), "loss fell: " + loss);
        for (int e = 0; e < loss.size(); e++) {
            assertEquals(loss.get(e), h.get("value_loss").get(e) + h.get("classes_loss").get(e), 1e-5);
        }
        List<Tensor> out = m.predict(List.of(seq, stat));
        assertEquals(Shape.of(n, 1), out.get(0).shape());
        assertEquals(Shape.of(n, 3), out.get(1).shape());
        assertTrue(h.get("classes_accuracy").get(39) > 0.9, "accuracy " + h.get("classes_accuracy"));
    }

    @Test
    void summaryShowsConnectionsAndSharedLayersCountOnce() {
        Model m = twoByTwo(3);
        String s = m.summary();
        assertTrue(s.contains("Connected to"), s);
        assertTrue(s.contains("concatenate (Concatenate)") && s.contains("lstm, static"), s);
        assertTrue(s.contains("add (Add)") && s.contains("dense, shared"), s);
        long lstm = 4 * U * (F + U + 1);
        long expected = lstm + (U + S) * 6 + 6 + 6 * 6 + 6 + 6 + 1 + 6 * 3 + 3;
        assertEquals(expected, m.countParams());
        assertTrue(s.contains("Total params: " + expected), s);
    }

    @Test
    void errorsNameTheProblem() {
        ModelBuilder b = new ModelBuilder("m", 1);
        SymbolicTensor a = b.input("a", 4);
        SymbolicTensor c = b.input("c", 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.apply(Layers.add(), a, c));
        assertTrue(e.getMessage().contains("'add'") && e.getMessage().contains("[null, 5]"), e.getMessage());
        Layer shared = b.layer(Layers.dense(2));
        b.apply(shared, a);
        e = assertThrows(IllegalArgumentException.class, () -> b.apply(shared, c));
        assertEquals("layer 'dense' was built for inputs [[4]] and cannot be applied to [[5]]", e.getMessage());
        SymbolicTensor out = b.apply(Layers.dense(1), c);
        e = assertThrows(IllegalArgumentException.class, () -> b.build(List.of(a), List.of(out)));
        assertEquals("the outputs depend on input 'c', which is not among the model's inputs", e.getMessage());
        Model m = b.build(List.of(c), List.of(out));
        e = assertThrows(IllegalArgumentException.class, () -> m.predict(Tensor.zeros(Shape.of(2, 4))));
        assertTrue(e.getMessage().contains("[null, 5]") && e.getMessage().contains("[2, 4]"), e.getMessage());
    }

    @Test
    void returnStateOutputsFeedOtherLayers() {
        ModelBuilder b = new ModelBuilder("states", 4);
        SymbolicTensor seq = b.input("seq", T, F);
        List<SymbolicTensor> outs = b.applyAll(Layers.lstm(U).withReturnState(true), seq);
        assertEquals(3, outs.size());
        SymbolicTensor joined = b.apply(Layers.concatenate(), outs.get(1), outs.get(2));
        Model m = b.build(seq, b.apply(Layers.dense(2), joined));
        Tensor x = Tensor.wrap(Shape.of(2, T, F), randomFloats(2 * T * F, 9, 1));
        assertEquals(Shape.of(2, 2), m.predict(x).shape());
        m.compile(Losses.meanSquaredError(), Optimizers.sgd(0.1));
        m.fit(x, Tensor.zeros(Shape.of(2, 2)), FitOptions.epochs(2).withVerbosity(Verbosity.SILENT));
    }
}
