package dev.engram.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Invalid hyper-parameters are rejected with a message naming the optimizer, the field and the value. */
class HyperParameterValidationTest {

    private static void rejects(String message, Executable make) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, make).getMessage());
    }

    @Test
    void learningRates() {
        rejects("sgd: learningRate must be a finite number > 0, got 0.0", () -> Optimizers.sgd(0));
        rejects("momentum: learningRate must be a finite number > 0, got -0.1", () -> Optimizers.sgd(-0.1, 0.9, false));
        rejects("adam: learningRate must be a finite number > 0, got NaN", () -> Optimizers.adam(Double.NaN));
        rejects("rmsprop: learningRate must be a finite number > 0, got Infinity",
                () -> Optimizers.rmsprop(Double.POSITIVE_INFINITY));
        rejects("adagrad: learningRate must be a finite number > 0, got -1.0", () -> Optimizers.adagrad(-1));
    }

    @Test
    void ratesOutsideTheUnitInterval() {
        rejects("adam: beta1 must be in [0, 1), got 1.0", () -> Optimizers.adam(0.001, 1.0, 0.999, 1e-7));
        rejects("adam: beta2 must be in [0, 1), got -0.1", () -> Optimizers.adam(0.001, 0.9, -0.1, 1e-7));
        rejects("rmsprop: decay must be in [0, 1), got 1.5", () -> Optimizers.rmsprop(0.001, 1.5, 0, 1e-7, false));
    }

    @Test
    void negativeValues() {
        rejects("adam: epsilon must be a finite number >= 0, got -1.0E-7", () -> Optimizers.adam(0.001, 0.9, 0.999, -1e-7));
        rejects("momentum: momentum must be a finite number >= 0, got -0.5", () -> Optimizers.sgd(0.1, -0.5, false));
        rejects("rmsprop: momentum must be a finite number >= 0, got -1.0", () -> Optimizers.rmsprop(0.001, 0.9, -1, 1e-7, false));
        rejects("adagrad: initialAccumulatorValue must be a finite number >= 0, got -0.1",
                () -> Optimizers.adagrad(0.01, -0.1));
    }

    @Test
    void adamaxAdadeltaNadamAdamW() {
        rejects("adamax: learningRate must be a finite number > 0, got 0.0", () -> Optimizers.adamax(0));
        rejects("adamax: decay must be a finite number >= 0, got -1.0", () -> Optimizers.adamax(0.1, 0.9, 0.99, 1e-7, -1));
        rejects("adadelta: rho must be in [0, 1), got 1.0", () -> Optimizers.adadelta(1, 1, 1e-7));
        rejects("nadam: beta2 must be in [0, 1), got 2.0", () -> Optimizers.nadam(0.1, 0.9, 2, 1e-7));
        rejects("adamw: weightDecay must be a finite number >= 0, got -0.1", () -> Optimizers.adamw(0.1, -0.1));
        rejects("adadelta: form must not be null", () -> Optimizers.adadelta().withForm(null));
    }
}
