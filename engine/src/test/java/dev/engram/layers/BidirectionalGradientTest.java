package dev.engram.layers;

import static dev.engram.testing.Numeric.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import dev.engram.testing.LayerGradientCheck.Options;
import dev.engram.testing.Numeric;
import dev.engram.testing.ReferenceLstm;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bidirectional(LSTM) against a double reference built from two six-equation LSTMs (the backward one
 * reading last to first, its sequence output re-reversed) merged in double: outputs, input gradient
 * and all six weight gradients, for every merge mode, with and without returnSequences and
 * returnState, an inner layer that itself goes backwards, T=1 and batch 1.
 */
class BidirectionalGradientTest extends LayerContractTest {
    @Override
    protected Spec spec() {
        return spec(Layers.bidirectional(Layers.lstm(2)).inputShape(3, 4), Shape.of(4),
                weight("forward_lstm/kernel", 4, 8), weight("forward_lstm/recurrentKernel", 2, 8),
                weight("forward_lstm/bias", 8), weight("backward_lstm/kernel", 4, 8),
                weight("backward_lstm/recurrentKernel", 2, 8), weight("backward_lstm/bias", 8));
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        int[][] sizes = {{2, 3, 2, 3}, {1, 1, 2, 2}, {3, 4, 1, 2}, {1, 5, 3, 1}};
        int n = 0;
        for (BidirectionalMergeMode mode : BidirectionalMergeMode.values()) {
            for (boolean seq : new boolean[] {false, true}) {
                int[] s = sizes[n % sizes.length];
                out.add(Arguments.of(mode, seq, n % 3 == 1, n % 4 == 3, s[0], s[1], s[2], s[3]));
                n++;
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} seq={1} state={2} innerBackwards={3} B{4} T{5} F{6} u{7}")
    @MethodSource("cases")
    void forwardAndGradientsMatchTheReference(BidirectionalMergeMode mode, boolean seq, boolean state,
            boolean innerBackwards, int batch, int steps, int features, int units) {
        Activation act = Activations.tanh();
        Activation rec = Activations.sigmoid();
        LstmConfig lstm = Layers.lstm(units).withReturnSequences(seq).withReturnState(state)
                .withGoBackwards(innerBackwards).withActivation(act).withRecurrentActivation(rec);
        Layer layer = Layers.bidirectional(lstm, mode).create("bidi");
        layer.build(Shape.of(steps, features), new SplittableRandom(3));
        Tensor x = Tensor.wrap(Shape.of(batch, steps, features), randomFloats(batch * steps * features, 5, 1.2));

        LayerGradientCheck.check(mode + "", layer, x, null, Options.RANDOM_PARAMETERS, a -> {
            ReferenceLstm.Result f = ReferenceLstm.run(a[0], batch, steps, features, units, a[1], a[2], a[3],
                    act::value, rec::value, innerBackwards, seq);
            ReferenceLstm.Result b = ReferenceLstm.run(a[0], batch, steps, features, units, a[4], a[5], a[6],
                    act::value, rec::value, !innerBackwards, seq);
            double[] y = f.output();
            double[] r = seq ? Numeric.reverseTime(b.output(), batch, steps) : b.output();
            List<double[]> outs = new ArrayList<>(merged(mode, y, r, units));
            if (state) {
                outs.add(f.lastH());
                outs.add(f.lastC());
                outs.add(b.lastH());
                outs.add(b.lastC());
            }
            return outs;
        });
    }

    /** The two directions' outputs (input time order) merged in double as {@code mode} says. */
    static List<double[]> merged(BidirectionalMergeMode mode, double[] y, double[] r, int units) {
        switch (mode) {
            case CONCAT -> {
                double[] c = new double[2 * y.length];
                for (int row = 0; row < y.length / units; row++) {
                    System.arraycopy(y, row * units, c, 2 * row * units, units);
                    System.arraycopy(r, row * units, c, (2 * row + 1) * units, units);
                }
                return List.of(c);
            }
            case NONE -> {
                return List.of(y, r);
            }
            default -> {
                double[] m = new double[y.length];
                for (int i = 0; i < m.length; i++) {
                    m[i] = mode == BidirectionalMergeMode.SUM ? y[i] + r[i]
                            : mode == BidirectionalMergeMode.MUL ? y[i] * r[i] : 0.5 * (y[i] + r[i]);
                }
                return List.of(m);
            }
        }
    }

    @Test
    void subLayersAndWeightsAreNamedAsTfjsAndKeras() {
        Bidirectional layer = (Bidirectional) Layers.bidirectional(Layers.lstm(3).withName("lstm_LSTM1"))
                .create("bidirectional_Bidirectional1");
        layer.build(Shape.of(4, 2), new SplittableRandom(1));
        assertEquals("forward_lstm_LSTM1", layer.forwardLayer().name());
        assertEquals("backward_lstm_LSTM1", layer.backwardLayer().name());
        assertEquals(List.of("bidirectional_Bidirectional1/forward_lstm_LSTM1/kernel",
                "bidirectional_Bidirectional1/forward_lstm_LSTM1/recurrentKernel",
                "bidirectional_Bidirectional1/forward_lstm_LSTM1/bias",
                "bidirectional_Bidirectional1/backward_lstm_LSTM1/kernel",
                "bidirectional_Bidirectional1/backward_lstm_LSTM1/recurrentKernel",
                "bidirectional_Bidirectional1/backward_lstm_LSTM1/bias"),
                layer.parameters().stream().map(Parameter::path).toList());
        assertTrue(((LstmConfig) layer.backwardLayer().config()).goBackwards());
        assertEquals(Shape.of(6), layer.outputShape());
        assertEquals(2 * (2 * 12 + 3 * 12 + 12), layer.parameterCount());
    }

    @Test
    void rejectsWrongRankNamingTheWrapperAndBothShapes() {
        Layer layer = Layers.bidirectional(Layers.lstm(3)).create("bidi");
        layer.build(Shape.of(4, 2), new SplittableRandom(1));
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> layer.call(Tensor.zeros(Shape.of(5, 2))));
        assertTrue(e.getMessage().startsWith("Layer 'bidi' input 0: expected shape [null, null, 2]"), e.getMessage());
        assertTrue(e.getMessage().endsWith("found shape [5, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Layers.bidirectional(Layers.dense(2)));
    }

    /**
     * zeroMaskedSteps (Keras semantics): the outputs are the TF.js-semantics outputs with masked steps
     * zeroed, and the gradients are those of the TF.js-semantics layer (checked against the reference
     * above) given upstream gradients zeroed at the masked steps.
     */
    @ParameterizedTest(name = "zeroMaskedSteps {0}")
    @org.junit.jupiter.params.provider.EnumSource(BidirectionalMergeMode.class)
    void zeroedMaskedStepsAreConstantZeros(BidirectionalMergeMode mode) {
        int batch = 3;
        int steps = 4;
        int features = 2;
        LstmConfig lstm = Layers.lstm(3).withReturnSequences(true).withRecurrentActivation(Activations.sigmoid());
        Layer keras = Layers.bidirectional(lstm, mode).withZeroMaskedSteps(true).create("bidi");
        Layer tfjs = Layers.bidirectional(lstm, mode).create("bidi");
        keras.build(Shape.of(steps, features), new SplittableRandom(3));
        tfjs.build(Shape.of(steps, features), new SplittableRandom(3));
        for (int i = 0; i < keras.parameters().size(); i++) {
            tfjs.parameters().get(i).assign(keras.parameters().get(i).value());
        }
        float[] m = {1, 1, 1, 0, 1, 1, 0, 0, 1, 0, 1, 1};
        Tensor mask = Tensor.wrap(Shape.of(batch, steps), m);
        Tensor x = Tensor.wrap(Shape.of(batch, steps, features), randomFloats(batch * steps * features, 5, 1.2));
        TrainingContext ctx = new TrainingContext(new SplittableRandom(1));
        ForwardPass kp = keras.forward(List.of(x), mask, ctx);
        ForwardPass tp = tfjs.forward(List.of(x), mask, ctx);
        List<Tensor> kGrads = new ArrayList<>();
        List<Tensor> tGrads = new ArrayList<>();
        for (int o = 0; o < kp.outputs().size(); o++) {
            float[] k = kp.outputs().get(o).buffer();
            float[] t = tp.outputs().get(o).buffer();
            int units = k.length / m.length;
            float[] g = randomFloats(k.length, 40 + o, 1.0);
            float[] gz = g.clone();
            for (int i = 0; i < k.length; i++) {
                boolean masked = m[i / units] == 0f;
                assertEquals(masked ? 0f : t[i], k[i], 0f, "output " + o + " element " + i);
                if (masked) {
                    gz[i] = 0f;
                }
            }
            kGrads.add(Tensor.wrap(kp.outputs().get(o).shape(), g));
            tGrads.add(Tensor.wrap(kp.outputs().get(o).shape(), gz));
        }
        Tensor dxK = kp.backwardAll(kGrads).get(0);
        List<float[]> pk = keras.parameters().stream().map(p -> p.grad().clone()).toList();
        keras.parameters().forEach(Parameter::zeroGrad);
        Tensor dxT = tp.backwardAll(tGrads).get(0);
        assertArrayEquals(dxT.buffer(), dxK.buffer(), 1e-6f);
        for (int i = 0; i < pk.size(); i++) {
            assertArrayEquals(tfjs.parameters().get(i).grad(), pk.get(i), 1e-6f);
        }
    }
}
