package dev.engram.io.keras.h5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.io.keras.CompileStatus;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.training.TrainingConfigs;
import dev.engram.layers.Layers;
import dev.engram.models.Sequential;
import dev.engram.optimizers.RmsProp;
import dev.engram.optimizers.RmsPropForm;
import org.junit.jupiter.api.Test;

/**
 * Which Keras versions' RMSprop the engine computes exactly: standalone Keras 1 and 2.0-2.3 add
 * epsilon outside the square root and load uncompiled; TensorFlow's Keras ({@code -tf} versions,
 * tf-keras, Keras 3) add it inside and compile.
 */
class RmspropVersionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode config() throws Exception {
        return JSON.readTree("{\"loss\": \"mse\", \"optimizer_config\": {\"class_name\": \"RMSprop\","
                + " \"config\": {\"lr\": 0.001, \"rho\": 0.9, \"epsilon\": 1e-07, \"decay\": 0.0}}}");
    }

    private static Sequential model() {
        return Sequential.seeded(1, Layers.dense(2).inputShape(3));
    }

    @Test
    void standaloneKerasBefore24StaysUncompiledWithTheReason() throws Exception {
        for (String version : new String[] {"2.0.6", "2.1.3", "2.3.1"}) {
            CompileStatus s = TrainingConfigs.apply(model(), config(), KerasDialect.KERAS_2, version);
            assertFalse(s.compiled(), version);
            assertTrue(s.reason().contains("outside the square root") && s.reason().contains(version), s.reason());
        }
        CompileStatus keras1 = TrainingConfigs.apply(model(), config(), KerasDialect.KERAS_1, "1.2.2");
        assertFalse(keras1.compiled());
    }

    @Test
    void tensorflowKerasCompilesInTheKerasForm() throws Exception {
        for (String version : new String[] {"2.2.4-tf", "2.4.0", "2.10.0", "2.18.0"}) {
            Sequential m = model();
            CompileStatus s = TrainingConfigs.apply(m, config(), KerasDialect.KERAS_2, version);
            assertTrue(s.compiled(), version + ": " + s.reason());
            RmsProp r = assertInstanceOf(RmsProp.class, m.optimizer());
            assertEquals(RmsPropForm.KERAS, r.form());
            assertEquals(0.001, r.learningRate(), 1e-12);
        }
    }
}
