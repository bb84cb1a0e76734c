package dev.engram.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.testing.ActivationTestCases;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Names, value-based equality, element-wise flags and argument validation. */
class ActivationNamingTest {

    @Test
    void names() {
        List<String> names = List.of(Activations.linear(), Activations.relu(), Activations.relu6(),
                Activations.elu(), Activations.elu(0.5), Activations.selu(), Activations.tanh(),
                Activations.sigmoid(), Activations.hardSigmoid(), Activations.hardSigmoid(1.0 / 6, 0.5),
                Activations.softmax(), Activations.softplus(), Activations.softsign(), Activations.swish(),
                Activations.gelu(), Activations.gelu(true)).stream().map(Activation::name).toList();
        assertEquals(List.of("linear", "relu", "relu6", "elu(1.0)", "elu(0.5)", "selu", "tanh", "sigmoid",
                "hardSigmoid(0.2, 0.5)", "hardSigmoid(0.16666666666666666, 0.5)", "softmax", "softplus",
                "softsign", "swish", "gelu", "gelu(approximate=true)"), names);
        assertEquals(List.of("logSoftmax", "exponential", "mish", "logSigmoid", "hardSilu", "leakyRelu(0.2)", "celu",
                "hardTanh", "tanhShrink", "hardShrink(0.5)", "softShrink(0.5)", "squareplus(4)", "sparsePlus",
                "sparseSigmoid"), List.of(Activations.logSoftmax(), Activations.exponential(), Activations.mish(),
                Activations.logSigmoid(), Activations.hardSilu(), Activations.leakyRelu(), Activations.celu(),
                Activations.hardTanh(), Activations.tanhShrink(), Activations.hardShrink(), Activations.softShrink(),
                Activations.squareplus(), Activations.sparsePlus(), Activations.sparseSigmoid()).stream()
                .map(Activation::name).toList());
        assertEquals(Activations.mish(), Activations.mish());
        assertNotEquals(Activations.mish(), Activations.exponential());
        assertFalse(Activations.logSoftmax().isElementwise());
    }

    @Test
    void equalityIsValueBased() {
        assertEquals(Activations.hardSigmoid(), Activations.hardSigmoid());
        assertEquals(Activations.hardSigmoid(), Activations.hardSigmoid(0.2, 0.5));
        assertEquals(Activations.hardSigmoid().hashCode(), Activations.hardSigmoid(0.2, 0.5).hashCode());
        assertNotEquals(Activations.hardSigmoid(), Activations.hardSigmoid(1.0 / 6, 0.5));
        assertEquals(Activations.elu(), Activations.elu(1.0));
        assertNotEquals(Activations.elu(), Activations.elu(0.5));
        assertEquals(Activations.gelu(), Activations.gelu(false));
        assertNotEquals(Activations.gelu(), Activations.gelu(true));
        assertEquals(Activations.tanh(), new Tanh());
        assertNotEquals(Activations.tanh(), Activations.sigmoid());
    }

    @Test
    void parametersAreReadable() {
        HardSigmoid keras3 = Activations.hardSigmoid(1.0 / 6, 0.5);
        assertEquals(1.0 / 6, keras3.slope());
        assertEquals(0.5, keras3.offset());
        assertEquals(0.5, Activations.elu(0.5).alpha());
        assertTrue(Activations.gelu(true).approximate());
    }

    @Test
    void onlySoftmaxIsNotElementwise() {
        ActivationTestCases.elementwiseActivations().forEach(a -> assertTrue(a.isElementwise(), a.name()));
        assertFalse(Activations.softmax().isElementwise());
        var e = assertThrows(UnsupportedOperationException.class, () -> Activations.softmax().value(1.0));
        assertTrue(e.getMessage().contains("softmax"), e.getMessage());
    }

    @Test
    void invalidParametersAreRejectedNamingTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> Activations.elu(Double.NaN));
        assertEquals("elu alpha must be finite, got NaN", e.getMessage());
        var h = assertThrows(IllegalArgumentException.class,
                () -> Activations.hardSigmoid(Double.POSITIVE_INFINITY, 0.5));
        assertEquals("hardSigmoid slope and offset must be finite, got slope Infinity, offset 0.5", h.getMessage());
    }
}
