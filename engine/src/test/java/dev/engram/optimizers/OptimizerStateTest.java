package dev.engram.optimizers;

import static dev.engram.optimizers.OptimizerFixture.W0;
import static dev.engram.optimizers.OptimizerFixture.parameter;
import static dev.engram.optimizers.OptimizerFixture.step;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.layers.Parameter;
import dev.engram.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** State save/restore, frozen parameters, the iteration counter, slot names and learning-rate changes. */
class OptimizerStateTest {
    private static final List<Supplier<Optimizer>> ALL = List.of(
            () -> Optimizers.sgd(0.1),
            () -> Optimizers.sgd(0.05, 0.9, false),
            () -> Optimizers.sgd(0.05, 0.9, true),
            () -> Optimizers.adam(0.05),
            () -> Optimizers.adam(0.05).withEpsilonForm(AdamEpsilon.EPSILON_HAT),
            () -> Optimizers.rmsprop(0.01, 0.9, 0.5, 1e-7, false),
            () -> Optimizers.rmsprop(0.01, 0.9, 0.5, 1e-7, true),
            () -> Optimizers.adagrad(0.05),
            () -> Optimizers.adamax(0.05, 0.9, 0.999, 1e-7, 0.1),
            () -> Optimizers.adadelta(0.5),
            () -> Optimizers.adadelta(0.5).withForm(AdadeltaForm.KERAS),
            () -> Optimizers.nadam(0.05),
            () -> Optimizers.adamw(0.05, 0.1),
            () -> Optimizers.adam(0.05).setSchedule(new dev.engram.optimizers.schedules.CosineDecay(0.05, 4, 0.1)));

    @Test
    void stateRoundTripResumesBitForBit() {
        for (Supplier<Optimizer> make : ALL) {
            Optimizer straight = make.get();
            Parameter a = parameter("dense");
            for (int t = 1; t <= 5; t++) {
                step(straight, a, t);
            }
            Optimizer first = make.get();
            Parameter b = parameter("dense");
            step(first, b, 1);
            step(first, b, 2);
            Map<String, Tensor> saved = new LinkedHashMap<>(first.state());
            Optimizer resumed = make.get();
            resumed.setState(saved, first.iterations());
            assertEquals(2, resumed.iterations());
            for (int t = 3; t <= 5; t++) {
                step(resumed, b, t);
            }
            assertArrayEquals(a.data(), b.data(), 0f, straight + " resumed from state");
            assertEquals(straight.state().keySet(), resumed.state().keySet());
            straight.state().forEach((k, v) -> assertArrayEquals(v.toArray(), resumed.state().get(k).toArray(), 0f, k));
        }
    }

    @Test
    void slotNamesAreTheTfjsVariableSuffixes() {
        assertEquals(List.of(), stateKeys(Optimizers.sgd(0.1)));
        assertEquals(List.of("dense/kernel/momentum"), stateKeys(Optimizers.sgd(0.1, 0, false)));
        assertEquals(List.of("dense/kernel/m", "dense/kernel/v"), stateKeys(Optimizers.adam()));
        assertEquals(List.of("dense/kernel/rms", "dense/kernel/momentum"), stateKeys(Optimizers.rmsprop(0.01)));
        assertEquals(List.of("dense/kernel/rms", "dense/kernel/momentum", "dense/kernel/mg"),
                stateKeys(Optimizers.rmsprop(0.01, 0.9, 0, 1e-7, true)));
        assertEquals(List.of("dense/kernel/accumulator"), stateKeys(Optimizers.adagrad(0.01)));
        assertEquals(List.of("dense/kernel/m", "dense/kernel/v"), stateKeys(Optimizers.adamax()));
        assertEquals(List.of("dense/kernel/accum_grad", "dense/kernel/accum_var"), stateKeys(Optimizers.adadelta()));
        assertEquals(List.of("dense/kernel/momentum", "dense/kernel/velocity"), stateKeys(Optimizers.nadam()));
        assertEquals(List.of("dense/kernel/m", "dense/kernel/v"), stateKeys(Optimizers.adamw()));
    }

    private static List<String> stateKeys(Optimizer o) {
        step(o, parameter("dense"), 1);
        return List.copyOf(o.state().keySet());
    }

    @Test
    void adagradAccumulatorStartsAtTheInitialValue() {
        Optimizer o = Optimizers.adagrad(0.01);
        step(o, parameter("dense"), 1);
        float[] acc = o.state().get("dense/kernel/accumulator").toArray();
        for (int i = 0; i < acc.length; i++) {
            float g = OptimizerFixture.gradient(1, i);
            assertEquals(0.1f + g * g, acc[i], 0f);
        }
    }

    @Test
    void frozenParametersAreUntouchedAndHaveNoState() {
        for (Supplier<Optimizer> make : ALL) {
            Optimizer o = make.get();
            Parameter trained = parameter("dense");
            Parameter frozen = parameter("frozen");
            frozen.setTrainable(false);
            for (int t = 1; t <= 3; t++) {
                float[] g = frozen.grad();
                for (int i = 0; i < g.length; i++) {
                    g[i] = 1f;
                }
                step(o, trained, t);
                o.step(List.of(frozen, trained));
            }
            assertArrayEquals(W0, frozen.data(), 0f, o + " changed a frozen parameter");
            assertFalse(o.state().keySet().stream().anyMatch(k -> k.startsWith("frozen/")), o.state().keySet().toString());
            assertEquals(6, o.iterations());
        }
    }

    @Test
    void iterationCounterCountsSteps() {
        Optimizer o = Optimizers.adam();
        assertEquals(0, o.iterations());
        o.step(List.of());
        step(o, parameter("dense"), 2);
        assertEquals(2, o.iterations());
        o.setState(Map.of(), 7);
        assertEquals(7, o.iterations());
    }

    @Test
    void learningRateCanChangeBetweenSteps() {
        Sgd o = Optimizers.sgd(0.1);
        Parameter p = parameter("dense");
        step(o, p, 1);
        o.setLearningRate(0.01);
        assertEquals(0.01, o.learningRate());
        step(o, p, 2);
        for (int i = 0; i < W0.length; i++) {
            double expected = W0[i] - 0.1 * OptimizerFixture.gradient(1, i) - 0.01 * OptimizerFixture.gradient(2, i);
            assertEquals(expected, p.data()[i], 1e-6);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> o.setLearningRate(0));
        assertEquals("sgd: learningRate must be a finite number > 0, got 0.0", e.getMessage());
    }

    @Test
    void setStateRejectsForeignSlotsAndMissingSlots() {
        Optimizer adam = Optimizers.adam();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam.setState(Map.of("dense/kernel/accumulator", Tensor.of(new float[6])), 1));
        assertEquals("optimizer 'adam' has slots [m, v]; cannot restore state entry 'dense/kernel/accumulator'",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> adam.setState(Map.of("dense/kernel/m", Tensor.of(new float[6])), 1));
        assertEquals("optimizer state for 'dense/kernel' lacks slot 'v'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> adam.setState(Map.of(), -1));
    }

    @Test
    void defaultsAndAccessorsMatchTfjs() {
        Adam adam = Optimizers.adam();
        assertEquals(0.001, adam.learningRate());
        assertEquals(0.9, adam.beta1());
        assertEquals(0.999, adam.beta2());
        assertEquals(1e-7, adam.epsilon());
        assertEquals(AdamEpsilon.BIAS_CORRECTED, adam.epsilonForm());
        RmsProp rms = Optimizers.rmsprop(0.002);
        assertEquals(0.9, rms.decay());
        assertEquals(0.0, rms.momentum());
        assertEquals(1e-7, rms.epsilon());
        assertFalse(rms.centered());
        assertEquals(0.001, Optimizers.rmsprop().learningRate());
        assertEquals(0.1, Optimizers.adagrad(0.5).initialAccumulatorValue());
        assertEquals(0.01, Optimizers.adagrad().learningRate());
        assertEquals(0.01, Optimizers.sgd().learningRate());
        Sgd momentum = Optimizers.sgd(0.1, 0.9, true);
        assertEquals(0.9, momentum.momentum());
        assertTrue(momentum.nesterov());
        assertTrue(momentum.usesMomentum());
        assertFalse(Optimizers.sgd(0.1).usesMomentum());
        assertEquals("momentum", momentum.name());
        assertEquals("sgd", Optimizers.sgd(0.1).name());
    }
}
