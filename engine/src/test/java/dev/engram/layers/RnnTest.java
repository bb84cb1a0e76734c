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
import dev.engram.testing.ReferenceStackedCells;
import dev.engram.testing.ReferenceStackedCells.Cell;
import dev.engram.testing.ReferenceStackedCells.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RNN over stacked cells against a double reference that runs the cells interleaved step by step
 * (TF.js's StackedRNNCells in rnn()): outputs, final states in both state orders, the input
 * gradient, every weight gradient and the initial-state gradients, with goBackwards,
 * returnSequences, masks, T=1 and batch 1.
 */
class RnnTest extends LayerContractTest {
    private static final Activation ACT = Activations.tanh();
    private static final Activation REC = Activations.sigmoid();

    @Override
    protected Spec spec() {
        return spec(Layers.rnn(List.of(Layers.lstmCell(3), Layers.gruCell(2))).inputShape(4, 5), Shape.of(2),
                weight("RNNCell_0/kernel", 5, 12), weight("RNNCell_0/recurrentKernel", 3, 12),
                weight("RNNCell_0/bias", 12), weight("RNNCell_1/kernel", 3, 6),
                weight("RNNCell_1/recurrentKernel", 2, 6), weight("RNNCell_1/bias", 6));
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        Kind[][] stacks = {{Kind.LSTM, Kind.GRU}, {Kind.SIMPLE, Kind.LSTM, Kind.GRU}, {Kind.GRU}, {Kind.LSTM,
                Kind.LSTM}};
        int[][] sizes = {{2, 3, 2}, {1, 1, 3}, {3, 4, 1}, {2, 5, 2}};
        int n = 0;
        for (Kind[] stack : stacks) {
            for (boolean seq : new boolean[] {false, true}) {
                for (boolean back : new boolean[] {false, true}) {
                    int[] s = sizes[n % sizes.length];
                    RnnStateOrder order = n % 2 == 0 ? RnnStateOrder.LAST_CELL_FIRST : RnnStateOrder.FIRST_CELL_FIRST;
                    out.add(Arguments.of(stack, seq, back, n % 3 != 0, n % 4 == 1, order, s[0], s[1], s[2]));
                    n++;
                }
            }
        }
        return out.stream();
    }

    private static RecurrentLayerConfig<?> cell(Kind kind, int units) {
        return switch (kind) {
            case LSTM -> Layers.lstmCell(units).withRecurrentActivation(REC).withActivation(ACT);
            case GRU -> Layers.gruCell(units).withRecurrentActivation(REC).withActivation(ACT);
            case SIMPLE -> Layers.simpleRnnCell(units).withActivation(ACT);
        };
    }

    @ParameterizedTest(name = "{index}: seq={1} back={2} state={3} mask={4} {5} B{6} T{7} F{8}")
    @MethodSource("cases")
    void forwardAndGradientsMatchTheInterleavedReference(Kind[] stack, boolean seq, boolean back, boolean state,
            boolean masked, RnnStateOrder order, int batch, int steps, int features) {
        List<RecurrentLayerConfig<?>> cells = new ArrayList<>();
        int[] units = new int[stack.length];
        for (int k = 0; k < stack.length; k++) {
            units[k] = 2 + (k + steps) % 3;
            cells.add(cell(stack[k], units[k]));
        }
        RnnConfig config = Layers.rnn(cells).withReturnSequences(seq).withGoBackwards(back).withReturnState(state)
                .withStateOrder(order);
        Rnn layer = (Rnn) config.create("rnn");
        List<Shape> shapes = new ArrayList<>();
        shapes.add(Shape.of(steps, features));
        int[][] slots = slots(stack, order);
        boolean initial = state;
        if (initial) {
            for (int[] slot : slots) {
                shapes.add(Shape.of(units[slot[0]]));
            }
        }
        layer.buildAll(shapes, new SplittableRandom(3));
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(Tensor.wrap(Shape.of(batch, steps, features), randomFloats(batch * steps * features, 5, 1.2)));
        for (int i = 1; i < shapes.size(); i++) {
            inputs.add(Tensor.wrap(Shape.of(batch, shapes.get(i).dim(0)),
                    randomFloats(batch * shapes.get(i).dim(0), 20 + i, 0.7)));
        }
        float[] m = new float[batch * steps];
        for (int i = 0; i < m.length; i++) {
            m[i] = masked && (i % 3 == 1) ? 0f : 1f;
        }
        Tensor mask = masked ? Tensor.wrap(Shape.of(batch, steps), m) : null;
        int params = layer.parameters().size();
        LayerGradientCheck.check("rnn", layer, inputs, mask, Options.RANDOM_PARAMETERS, a -> {
            List<Cell> ref = new ArrayList<>();
            int p = 1;
            for (int k = 0; k < stack.length; k++) {
                ref.add(new Cell(stack[k], units[k], a[p], a[p + 1], a[p + 2]));
                p += 3;
            }
            double[][][] init = null;
            if (initial) {
                init = new double[stack.length][][];
                for (int k = 0; k < stack.length; k++) {
                    init[k] = new double[stack[k].states()][];
                }
                for (int i = 0; i < slots.length; i++) {
                    init[slots[i][0]][slots[i][1]] = a[1 + params + i];
                }
            }
            double[] dm = null;
            if (masked) {
                dm = new double[m.length];
                for (int i = 0; i < m.length; i++) {
                    dm[i] = m[i];
                }
            }
            List<double[]> r = ReferenceStackedCells.run(a[0], batch, steps, features, ref, init, dm, back, seq,
                    ACT::value, REC::value);
            List<double[]> outs = new ArrayList<>();
            outs.add(r.get(0));
            if (state) {
                List<double[]> perCell = r.subList(1, r.size());
                for (int[] slot : slots) {
                    int flat = 0;
                    for (int k = 0; k < slot[0]; k++) {
                        flat += stack[k].states();
                    }
                    outs.add(perCell.get(flat + slot[1]));
                }
            }
            return outs;
        });
    }

    private static int[][] slots(Kind[] stack, RnnStateOrder order) {
        List<int[]> out = new ArrayList<>();
        for (int j = 0; j < stack.length; j++) {
            int k = order == RnnStateOrder.LAST_CELL_FIRST ? stack.length - 1 - j : j;
            for (int s = 0; s < stack[k].states(); s++) {
                out.add(new int[] {k, s});
            }
        }
        return out.toArray(new int[0][]);
    }

    @Test
    void singleCellIsTheRecurrentLayerWithItsWeightNames() {
        LstmConfig lstm = Layers.lstm(3).withReturnSequences(true);
        Layer rnn = Layers.rnn(Layers.lstmCell(3)).withReturnSequences(true).create("single");
        Layer plain = lstm.create("single");
        rnn.build(Shape.of(4, 2), new SplittableRandom(9));
        plain.build(Shape.of(4, 2), new SplittableRandom(9));
        assertEquals(List.of("single/kernel", "single/recurrentKernel", "single/bias"),
                rnn.parameters().stream().map(Parameter::path).toList());
        Tensor x = Tensor.wrap(Shape.of(2, 4, 2), randomFloats(16, 1, 1.0));
        assertArrayEquals(plain.call(x).buffer(), rnn.call(x).buffer());
    }

    @Test
    void statesAreListedInTheConfiguredOrder() {
        List<RecurrentLayerConfig<?>> cells = List.of(Layers.lstmCell(8), Layers.gruCell(4));
        Layer tfjs = Layers.rnn(cells).withReturnState(true).create("a");
        Layer keras = Layers.rnn(cells).withReturnState(true).withStateOrder(RnnStateOrder.FIRST_CELL_FIRST)
                .create("b");
        assertEquals(List.of(Shape.of(4), Shape.of(4), Shape.of(8), Shape.of(8)),
                tfjs.buildAll(List.of(Shape.of(5, 3)), new SplittableRandom(1)));
        assertEquals(List.of(Shape.of(4), Shape.of(8), Shape.of(8), Shape.of(4)),
                keras.buildAll(List.of(Shape.of(5, 3)), new SplittableRandom(1)));
    }

    @Test
    void statefulCarriesEveryCellsStateUntilReset() {
        Rnn layer = (Rnn) Layers.rnn(List.of(Layers.lstmCell(3), Layers.simpleRnnCell(2))).withStateful(true)
                .create("s");
        layer.build(Shape.of(3, 2), new SplittableRandom(4));
        Tensor x = Tensor.wrap(Shape.of(2, 3, 2), randomFloats(12, 2, 1.0));
        float[] first = layer.call(x).toArray();
        float[] second = layer.call(x).toArray();
        assertTrue(!java.util.Arrays.equals(first, second), "the second call starts from the carried states");
        assertEquals(2, layer.cellLayers().get(0).states().size());
        layer.resetStates();
        assertArrayEquals(first, layer.call(x).toArray());
    }

    @Test
    void hostileConfigsAreRefusedWithPreciseMessages() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> Layers.rnn(List.of()));
        assertEquals("RNN needs at least one cell, got an empty cell list", empty.getMessage());
        IllegalArgumentException seq = assertThrows(IllegalArgumentException.class,
                () -> Layers.rnn(List.of(Layers.lstmCell(2), Layers.gruCell(2).withReturnSequences(true))));
        assertEquals("RNN cell 1 (Gru) sets returnSequences, returnState, goBackwards or stateful; these are "
                + "options of the RNN, not of its cells", seq.getMessage());
        Layer layer = Layers.rnn(List.of(Layers.lstmCell(3), Layers.gruCell(2))).create("r");
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> layer.buildAll(List.of(Shape.of(4, 2), Shape.of(2)), new SplittableRandom(1)));
        assertEquals("Layer 'r' (RNN) takes the sequence, optionally followed by the 3 initial state(s) of its "
                + "cells, [h of cell 1 [batch, 2], h of cell 0 [batch, 3], c of cell 0 [batch, 3]]; got 2 inputs",
                count.getMessage());
        IncompatibleShapeException wrong = assertThrows(IncompatibleShapeException.class,
                () -> layer.buildAll(List.of(Shape.of(4, 2), Shape.of(3), Shape.of(3), Shape.of(3)),
                        new SplittableRandom(1)));
        assertTrue(wrong.getMessage().startsWith("Layer 'r' input 1: expected shape [null, 2] (RNN initial states"),
                wrong.getMessage());
    }
}
