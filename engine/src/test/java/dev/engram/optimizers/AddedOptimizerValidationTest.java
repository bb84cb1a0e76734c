package dev.engram.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Invalid hyper-parameters of Adamax, Adadelta, Nadam and AdamW name the optimizer, field and value. */
class AddedOptimizerValidationTest {

    private static void rejects(String message, Executable make) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, make).getMessage());
    }

    @Test
    void invalidValues() {
        rejects("adamax: learningRate must be a finite number > 0, got 0.0", () -> Optimizers.adamax(0));
        rejects("adamax: decay must be a finite number >= 0, got -1.0", () -> Optimizers.adamax(0.1, 0.9, 0.99, 1e-7, -1));
        rejects("adadelta: rho must be in [0, 1), got 1.0", () -> Optimizers.adadelta(1, 1, 1e-7));
        rejects("nadam: beta2 must be in [0, 1), got 2.0", () -> Optimizers.nadam(0.1, 0.9, 2, 1e-7));
        rejects("adamw: weightDecay must be a finite number >= 0, got -0.1", () -> Optimizers.adamw(0.1, -0.1));
        rejects("adadelta: form must not be null", () -> Optimizers.adadelta().withForm(null));
    }
}
