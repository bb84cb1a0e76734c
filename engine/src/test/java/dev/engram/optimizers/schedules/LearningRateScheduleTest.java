package dev.engram.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.engram.layers.Parameter;
import dev.engram.optimizers.Optimizer;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Schedule values against the Keras closed forms, their 0-based use by optimizers, and validation. */
class LearningRateScheduleTest {
    private static final long[] STEPS = {0, 1, 2, 3, 7, 10, 11, 25, 100, 1000};

    @Test
    void exponentialDecay() {
        ExponentialDecay smooth = new ExponentialDecay(0.1, 10, 0.5, false);
        ExponentialDecay stairs = new ExponentialDecay(0.1, 10, 0.5, true);
        for (long s : STEPS) {
            assertEquals(0.1 * Math.pow(0.5, s / 10.0), smooth.rate(s), 1e-15, "step " + s);
            assertEquals(0.1 * Math.pow(0.5, Math.floor(s / 10.0)), stairs.rate(s), 1e-15, "step " + s);
        }
        assertEquals(0.1, stairs.rate(9));
        assertEquals(0.05, stairs.rate(10));
    }

    @Test
    void cosineDecay() {
        CosineDecay c = new CosineDecay(0.2, 50, 0.1);
        for (long s : STEPS) {
            double p = Math.min(s, 50) / 50.0;
            double expected = 0.2 * (0.9 * 0.5 * (1 + Math.cos(Math.PI * p)) + 0.1);
            assertEquals(expected, c.rate(s), 1e-15, "step " + s);
        }
        assertEquals(0.2, c.rate(0), 1e-15);
        assertEquals(0.11, c.rate(25), 1e-15);
        assertEquals(0.02, c.rate(50), 1e-15);
        assertEquals(0.02, c.rate(500), 1e-15);
        assertEquals(0.0, new CosineDecay(1, 4).rate(4), 1e-15);
    }

    @Test
    void piecewiseConstantBoundariesBelongToTheEarlierInterval() {
        PiecewiseConstantDecay p = new PiecewiseConstantDecay(new long[] {3, 7}, new double[] {1.0, 0.5, 0.1});
        double[] expected = {1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.1, 0.1};
        for (int s = 0; s < expected.length; s++) {
            assertEquals(expected[s], p.rate(s), "step " + s);
        }
        PiecewiseConstantDecay step = PiecewiseConstantDecay.stepDecay(0.4, 5, 0.5, 3);
        ExponentialDecay same = new ExponentialDecay(0.4, 5, 0.5, true);
        for (int s = 0; s < 20; s++) {
            assertEquals(same.rate(s), step.rate(s), 1e-15, "step " + s);
        }
        assertEquals(0.05, step.rate(1000), 1e-15);
        assertArrayEquals(new long[] {4, 9, 14}, step.boundaries());
    }

    @Test
    void optimizerUsesRateOfTheZeroBasedStepAndRestoresPosition() {
        List<Double> seen = new ArrayList<>();
        LearningRateSchedule recording = s -> {
            seen.add((double) s);
            return 0.1 * (s + 1);
        };
        Optimizer sgd = Optimizers.sgd(0.5).setSchedule(recording);
        Parameter p = new Parameter("d", "kernel", Tensor.of(new float[] {1f}), true);
        assertEquals(0.1, sgd.learningRate(), 1e-15);
        float before = p.data()[0];
        p.grad()[0] = 1f;
        sgd.step(List.of(p));
        assertEquals(before - 0.1f, p.data()[0], 1e-7);
        p.grad()[0] = 1f;
        sgd.step(List.of(p));
        assertEquals(before - 0.1f - 0.2f, p.data()[0], 1e-6);
        assertEquals(0.30000000000000004, sgd.learningRate(), 1e-15);
        sgd.setState(sgd.state(), 9);
        assertEquals(1.0, sgd.learningRate(), 1e-15);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sgd.setLearningRate(0.1));
        assertEquals(true, e.getMessage().startsWith("optimizer 'sgd' follows the schedule "), e.getMessage());
        sgd.setSchedule(null);
        sgd.setLearningRate(0.1);
        assertEquals(0.1, sgd.learningRate());
    }

    @Test
    void invalidSchedulesAndRates() {
        assertEquals("ExponentialDecay: decaySteps must be > 0, got 0",
                assertThrows(IllegalArgumentException.class, () -> new ExponentialDecay(0.1, 0, 0.5, false)).getMessage());
        assertEquals("CosineDecay: alpha must be in [0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> new CosineDecay(0.1, 10, 1.5)).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new PiecewiseConstantDecay(new long[] {5, 5}, new double[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> new PiecewiseConstantDecay(new long[] {5}, new double[] {1}));
        Optimizer o = Optimizers.sgd(0.1).setSchedule(s -> -1);
        Parameter p = new Parameter("d", "kernel", Tensor.of(new float[] {1f}), true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> o.step(List.of(p)));
        assertEquals(true, e.getMessage().contains("gave learning rate -1.0 at step 0"), e.getMessage());
    }
}
