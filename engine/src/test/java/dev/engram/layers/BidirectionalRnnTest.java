package dev.engram.layers;

import static dev.engram.testing.Numeric.assertClose;
import static dev.engram.testing.Numeric.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Bidirectional around the generic RNN over stacked cells: outputs, input gradient and every cell's
 * weight gradients in double precision against two stacked six-equation LSTMs per direction (the first
 * cell reads the sequence in the half's direction, the second reads the first's outputs in processing
 * order; the backward half's sequence output re-reversed), for every merge mode, with and without
 * returnSequences and returnState (states forward half first, each half's in its state order), an RNN
 * that itself goes backwards; parameter names; and a one-cell RNN equals the LSTM layer under the
 * same weights and a mask, with Keras's zeroed masked steps.
 */
class BidirectionalRnnTest extends LayerContractTest {
    @Override
    protected Spec spec() {
        return spec(Layers.bidirectional(Layers.rnn(List.of(Layers.lstmCell(3), Layers.gruCell(2)))).inputShape(4, 3),
                Shape.of(4), weight("forward_rnn/RNNCell_0/kernel", 3, 12),
                weight("forward_rnn/RNNCell_0/recurrentKernel", 3, 12), weight("forward_rnn/RNNCell_0/bias", 12),
                weight("forward_rnn/RNNCell_1/kernel", 3, 6), weight("forward_rnn/RNNCell_1/recurrentKernel", 2, 6),
                weight("forward_rnn/RNNCell_1/bias", 6), weight("backward_rnn/RNNCell_0/kernel", 3, 12),
                weight("backward_rnn/RNNCell_0/recurrentKernel", 3, 12), weight("backward_rnn/RNNCell_0/bias", 12),
                weight("backward_rnn/RNNCell_1/kernel", 3, 6), weight("backward_rnn/RNNCell_1/recurrentKernel", 2, 6),
                weight("backward_rnn/RNNCell_1/bias", 6));
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        int n = 0;
        for (BidirectionalMergeMode mode : BidirectionalMergeMode.values()) {
            for (boolean seq : new boolean[] {false, true}) {
                out.add(Arguments.of(mode, seq, n % 3 == 1, n % 4 == 3, n % 2 == 0 ? RnnStateOrder.LAST_CELL_FIRST
                        : RnnStateOrder.FIRST_CELL_FIRST, 1 + n % 3, 1 + n % 4));
                n++;
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} seq={1} state={2} rnnBackwards={3} {4} B{5} T{6}")
    @MethodSource("cases")
    void stackedCellsMatchTwoStackedReferenceLstmsPerDirection(BidirectionalMergeMode mode, boolean seq, boolean state,
            boolean backwards, RnnStateOrder order, int batch, int steps) {
        int features = 3;
        int u0 = 3;
        int u1 = 2;
        Activation act = Activations.tanh();
        Activation rec = Activations.sigmoid();
        RnnConfig rnn = Layers.rnn(List.of(Layers.lstmCell(u0).withRecurrentActivation(rec),
                Layers.lstmCell(u1).withRecurrentActivation(rec))).withReturnSequences(seq).withReturnState(state)
                .withGoBackwards(backwards).withStateOrder(order);
        Layer layer = Layers.bidirectional(rnn, mode).create("bidi");
        layer.build(Shape.of(steps, features), new SplittableRandom(3));
        Tensor x = Tensor.wrap(Shape.of(batch, steps, features), randomFloats(batch * steps * features, 5, 1.2));
        LayerGradientCheck.check(mode + "", layer, x, null, Options.RANDOM_PARAMETERS, a -> {
            ReferenceLstm.Result[] f = stacked(a, 1, a[0], batch, steps, features, u0, u1, act, rec, backwards, seq);
            ReferenceLstm.Result[] b = stacked(a, 7, a[0], batch, steps, features, u0, u1, act, rec, !backwards, seq);
            double[] y = f[1].output();
            double[] r = seq ? Numeric.reverseTime(b[1].output(), batch, steps) : b[1].output();
            List<double[]> outs = new ArrayList<>(BidirectionalGradientTest.merged(mode, y, r, u1));
            if (state) {
                for (ReferenceLstm.Result[] half : List.of(f, b)) {
                    for (int k : order == RnnStateOrder.LAST_CELL_FIRST ? new int[] {1, 0} : new int[] {0, 1}) {
                        outs.add(half[k].lastH());
                        outs.add(half[k].lastC());
                    }
                }
            }
            return outs;
        });
    }

    /** Two LSTM cells stacked: the first over {@code x} (in {@code backwards} order), the second over its outputs. */
    private static ReferenceLstm.Result[] stacked(double[][] a, int first, double[] x, int batch, int steps,
            int features, int u0, int u1, Activation act, Activation rec, boolean backwards, boolean seq) {
        ReferenceLstm.Result c0 = ReferenceLstm.run(x, batch, steps, features, u0, a[first], a[first + 1],
                a[first + 2], act::value, rec::value, backwards, true);
        ReferenceLstm.Result c1 = ReferenceLstm.run(c0.output(), batch, steps, u0, u1, a[first + 3], a[first + 4],
                a[first + 5], act::value, rec::value, false, seq);
        return new ReferenceLstm.Result[] {c0, c1};
    }

    @Test
    void cellParametersAreScopedUnderEachHalf() {
        Bidirectional layer = (Bidirectional) Layers.bidirectional(Layers.rnn(Layers.lstmCell(2)).withName("rnn_1"))
                .create("bidirectional_2");
        layer.build(Shape.of(4, 3), new SplittableRandom(1));
        assertEquals(List.of("bidirectional_2/forward_rnn_1/kernel", "bidirectional_2/forward_rnn_1/recurrentKernel",
                "bidirectional_2/forward_rnn_1/bias", "bidirectional_2/backward_rnn_1/kernel",
                "bidirectional_2/backward_rnn_1/recurrentKernel", "bidirectional_2/backward_rnn_1/bias"),
                layer.parameters().stream().map(Parameter::path).toList());
        assertEquals(List.of(Direction.FORWARD, Direction.FORWARD, Direction.FORWARD, Direction.BACKWARD,
                Direction.BACKWARD, Direction.BACKWARD), layer.parameters().stream().map(Parameter::direction).toList());
        assertTrue(((RnnConfig) layer.backwardLayer().config()).goBackwards());
    }

    /** A one-cell RNN is the LSTM layer: same numbers under a mask, in TF.js and Keras mask semantics. */
    @Test
    void oneCellRnnEqualsTheLstmLayerUnderAMask() {
        int batch = 3;
        int steps = 4;
        Activation rec = Activations.sigmoid();
        for (boolean zero : new boolean[] {false, true}) {
            Layer viaRnn = Layers.bidirectional(Layers.rnn(Layers.lstmCell(3).withRecurrentActivation(rec))
                    .withReturnSequences(true), BidirectionalMergeMode.SUM).withZeroMaskedSteps(zero).create("a");
            Layer viaLstm = Layers.bidirectional(Layers.lstm(3).withRecurrentActivation(rec).withReturnSequences(true),
                    BidirectionalMergeMode.SUM).withZeroMaskedSteps(zero).create("b");
            viaRnn.build(Shape.of(steps, 2), new SplittableRandom(3));
            viaLstm.build(Shape.of(steps, 2), new SplittableRandom(4));
            LayerGradientCheck.randomize(viaRnn, 9, 0.8, 0);
            for (int i = 0; i < viaRnn.parameters().size(); i++) {
                viaLstm.parameters().get(i).assign(viaRnn.parameters().get(i).value());
            }
            Tensor x = Tensor.wrap(Shape.of(batch, steps, 2), randomFloats(batch * steps * 2, 5, 1.2));
            Tensor mask = Tensor.wrap(Shape.of(batch, steps), new float[] {1, 1, 1, 0, 1, 1, 0, 0, 1, 0, 1, 1});
            assertClose("masked output, zeroMaskedSteps " + zero, viaLstm.callAll(List.of(x), mask).get(0).buffer(),
                    viaRnn.callAll(List.of(x), mask).get(0).buffer(), 0, 0);
        }
    }
}
