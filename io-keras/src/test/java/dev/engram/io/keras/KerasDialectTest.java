package dev.engram.io.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KerasDialectTest {
    @Test
    void versionsMapToDialects() {
        assertEquals(KerasDialect.TFJS, KerasDialect.fromKerasVersion("tfjs-layers 4.22.0"));
        assertEquals(KerasDialect.KERAS_1, KerasDialect.fromKerasVersion("1.2.2"));
        assertEquals(KerasDialect.KERAS_2, KerasDialect.fromKerasVersion("2.2.4-tf"));
        assertEquals(KerasDialect.KERAS_2, KerasDialect.fromKerasVersion("2.10.0"));
        assertEquals(KerasDialect.KERAS_3, KerasDialect.fromKerasVersion("3.13.2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KerasDialect.fromKerasVersion("4.0"));
        assertEquals("unrecognised keras_version \"4.0\" (expected \"tfjs-layers x.y.z\", \"1.x\", \"2.x\" or \"3.x\")",
                e.getMessage());
    }

    @Test
    void hardSigmoidSlopePerDialect() {
        assertEquals(0.2, KerasDialect.TFJS.hardSigmoid().slope());
        assertEquals(0.2, KerasDialect.KERAS_2.hardSigmoid().slope());
        assertEquals(1.0 / 6, KerasDialect.KERAS_3.hardSigmoid().slope());
    }
}
