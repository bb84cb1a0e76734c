package dev.engram.layers;

import static dev.engram.testing.Numeric.assertClose;
import static dev.engram.testing.Numeric.dot;
import static dev.engram.testing.Numeric.numericGradient;
import static dev.engram.testing.Numeric.randomFloats;
import static dev.engram.testing.Numeric.toDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.engram.activations.Activation;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.RecurrentOptions;
import dev.engram.testing.RecurrentResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recurrent layer (LSTM, GRU with resetAfter false and true, SimpleRNN) in every mode against
 * its double-precision reference: forward outputs and final states at rtol 1e-5, and the gradients
 * of x, kernel, recurrent kernel, bias and the initial-state inputs against central differences of
 * the reference (step 1e-6), at |analytic - numeric| <= 1e-3 |numeric| + 2e-5 (analytic side float32).
 * Modes: goBackwards, returnSequences, returnState, masks (a fully masked row, a masked first step, a
 * masked middle step), initial states given as inputs, dropout and recurrent dropout (the backward is
 * checked against the same sampled masks, which the test redraws from the same seed in the documented
 * order), T = 1 and batch 1.
 */
class RecurrentGradientTest {
    private static final double RTOL = 1e-3;
    private static final double ATOL = 2e-5;
    private static final long DROPOUT_SEED = 77;

    /** One mode. */
    record Mode(String name, int batch, int steps, boolean goBackwards, boolean returnSequences,
            boolean returnState, boolean mask, boolean initialState, boolean dropout) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Mode> MODES = List.of(
            new Mode("plain", 2, 3, false, false, false, false, false, false),
            new Mode("goBackwards", 2, 3, true, false, false, false, false, false),
            new Mode("returnSequences", 2, 3, false, true, false, false, false, false),
            new Mode("returnSequences+goBackwards+returnState", 2, 4, true, true, true, false, false, false),
            new Mode("returnState", 3, 3, false, false, true, false, false, false),
            new Mode("mask", 3, 4, false, false, true, true, false, false),
            new Mode("mask+returnSequences+goBackwards", 3, 4, true, true, false, true, false, false),
            new Mode("initialState+returnState", 2, 3, false, false, true, false, true, false),
            new Mode("initialState+mask+returnSequences", 3, 4, false, true, true, true, true, false),
            new Mode("dropout+recurrentDropout+returnSequences", 3, 3, false, true, true, false, false, true),
            new Mode("dropout+initialState+mask+goBackwards", 3, 4, true, false, true, true, true, true),
            new Mode("T1", 2, 1, false, true, true, false, false, false),
            new Mode("batch1", 1, 4, true, false, false, false, false, false));

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        int n = 0;
        for (RecurrentCase kind : RecurrentCase.values()) {
            for (Mode m : MODES) {
                out.add(Arguments.of(kind, m, n % 2 == 0 ? "hardSigmoid" : "sigmoid", n % 5 == 3 ? "relu" : "tanh",
                        n % 7 != 4));
                n++;
            }
        }
        return out.stream();
    }

    /** The mask used by masking modes: row 0 has a masked first and middle step, row 1 is fully masked. */
    static float[] mask(int batch, int steps) {
        float[] m = new float[batch * steps];
        Arrays.fill(m, 1f);
        if (batch > 0) {
            m[0] = 0;
            if (steps > 2) {
                m[2] = 0;
            }
        }
        if (batch > 1) {
            Arrays.fill(m, steps, 2 * steps, 0f);
        }
        if (batch > 2) {
            m[3 * steps - 1] = 0; // last step of row 2
        }
        return m;
    }

    /** Redraws the dropout masks the layer drew: input [B, F] first, then recurrent [B, u]. */
    static double[][] dropoutMasks(int batch, int features, int units, double rate, double recRate) {
        SplittableRandom r = new SplittableRandom(DROPOUT_SEED);
        return new double[][] {draw(r, batch * features, rate), draw(r, batch * units, recRate)};
    }

    private static double[] draw(SplittableRandom r, int n, double rate) {
        float keep = (float) (1 - rate);
        float scale = 1f / keep;
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = r.nextFloat() < keep ? scale : 0f;
        }
        return m;
    }

    @ParameterizedTest(name = "{0} {1} rec={2} act={3} bias={4}")
    @MethodSource("cases")
    void forwardAndGradientsMatchTheReference(RecurrentCase kind, Mode m, String recName, String actName,
            boolean useBias) {
        int batch = m.batch();
        int steps = m.steps();
        int features = 3;
        int units = 3;
        Activation rec = RecurrentCase.activation(recName);
        Activation act = RecurrentCase.activation(actName);
        double rate = m.dropout() ? 0.3 : 0;
        double recRate = m.dropout() ? 0.4 : 0;
        LayerConfig<?> config = kind.config(units, m.goBackwards(), m.returnSequences(), m.returnState(), false, rate,
                recRate, act, rec);
        config = withUseBias(config, useBias);
        Layer layer = config.create("rnn");
        List<Shape> shapes = new ArrayList<>(List.of(Shape.of(steps, features)));
        if (m.initialState()) {
            for (int i = 0; i < kind.states; i++) {
                shapes.add(Shape.of(units));
            }
        }
        layer.buildAll(shapes, new SplittableRandom(3));
        List<Parameter> ps = layer.parameters();
        long seed = 11;
        for (Parameter p : ps) {
            p.assign(Tensor.wrap(p.shape(), randomFloats(p.shape().size(), seed++, 0.8)));
        }
        float[] x = randomFloats(batch * steps * features, 99, 1.5);
        List<Tensor> inputs = new ArrayList<>(List.of(Tensor.wrap(Shape.of(batch, steps, features), x)));
        if (m.initialState()) {
            for (int i = 0; i < kind.states; i++) {
                inputs.add(Tensor.wrap(Shape.of(batch, units), randomFloats(batch * units, 300 + i, 0.9)));
            }
        }
        Tensor maskTensor = m.mask() ? Tensor.wrap(Shape.of(batch, steps), mask(batch, steps)) : null;
        ForwardPass pass = layer.forward(inputs, maskTensor, new TrainingContext(new SplittableRandom(DROPOUT_SEED)));
        if (maskTensor != null) {
            Tensor outMask = layer.computeMask(inputs, maskTensor);
            if (m.returnSequences()) {
                assertSame(maskTensor, outMask);
            } else {
                assertNull(outMask);
            }
        }
        List<Tensor> outs = pass.outputs();
        assertEquals(m.returnState() ? 1 + kind.states : 1, outs.size());
        List<Tensor> grads = new ArrayList<>();
        List<double[]> weights = new ArrayList<>();
        for (int i = 0; i < outs.size(); i++) {
            float[] w = randomFloats(outs.get(i).size(), 500 + i, 1.0);
            grads.add(Tensor.wrap(outs.get(i).shape(), w));
            weights.add(toDouble(w));
        }
        ps.forEach(Parameter::zeroGrad);
        List<Tensor> dIn = pass.backwardAll(grads);
        assertEquals(inputs.size(), dIn.size());

        double[][] drop = m.dropout() ? dropoutMasks(batch, features, units, rate, recRate) : new double[2][];
        double[] maskD = maskTensor == null ? null : toDouble(maskTensor.buffer());
        int nParams = ps.size();
        // all = [x, kernel, recurrent, (bias), h0, (c0)]
        List<double[]> all = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<float[]> analytic = new ArrayList<>();
        all.add(toDouble(x));
        names.add("dx");
        analytic.add(dIn.get(0).buffer());
        for (Parameter p : ps) {
            all.add(toDouble(p.data()));
            names.add("d" + p.name());
            analytic.add(p.grad());
        }
        for (int i = 1; i < inputs.size(); i++) {
            all.add(toDouble(inputs.get(i).buffer()));
            names.add("dInitialState" + (i - 1));
            analytic.add(dIn.get(i).buffer());
        }
        java.util.function.Function<double[][], RecurrentResult> run = a -> {
            double[][] init = null;
            if (m.initialState()) {
                init = Arrays.copyOfRange(a, 1 + nParams, a.length);
            }
            RecurrentOptions o = new RecurrentOptions(maskD, init, drop[0], drop[1], m.goBackwards(),
                    m.returnSequences());
            return kind.reference(a[0], batch, steps, features, units, a[1], a[2], nParams > 2 ? a[3] : null, act,
                    rec, o);
        };
        double[][] base = all.toArray(new double[0][]);
        RecurrentResult ref = run.apply(base);
        assertClose("output", ref.output(), outs.get(0).buffer(), 1e-5, 1e-6);
        if (m.returnState()) {
            for (int i = 0; i < kind.states; i++) {
                assertClose("state " + i, ref.states()[i], outs.get(1 + i).buffer(), 1e-5, 1e-6);
            }
        }
        for (int i = 0; i < base.length; i++) {
            final int which = i;
            double[] numeric = numericGradient(base[i], 1e-6, v -> {
                double[][] copy = base.clone();
                copy[which] = v;
                RecurrentResult r = run.apply(copy);
                double s = dot(weights.get(0), r.output());
                if (m.returnState()) {
                    for (int k = 0; k < kind.states; k++) {
                        s += dot(weights.get(1 + k), r.states()[k]);
                    }
                }
                return s;
            });
            assertClose(names.get(i), numeric, analytic.get(i), RTOL, ATOL);
        }
    }

    static LayerConfig<?> withUseBias(LayerConfig<?> c, boolean useBias) {
        return ((RecurrentLayerConfig<?>) c).withUseBias(useBias);
    }
}
