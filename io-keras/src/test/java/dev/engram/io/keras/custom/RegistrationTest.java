package dev.engram.io.keras.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.keras.KerasCustomLayers;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.UnsupportedLayerException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link KerasCustomLayers}: the registration rules, their messages, concurrency and services. */
class RegistrationTest {

    @Test
    void aDuplicateIsRefused() {
        KerasCustomLayers.register("dup_pkg>Twice", ScaleShift::new);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> KerasCustomLayers.register("dup_pkg>Twice", ScaleShift::new));
            assertEquals("custom layer type dup_pkg>Twice is already registered (registering it again by register);"
                    + " unregister it first to replace it", e.getMessage());
        } finally {
            assertTrue(KerasCustomLayers.unregister("dup_pkg>Twice"));
        }
        assertFalse(KerasCustomLayers.unregister("dup_pkg>Twice"));
    }

    @Test
    void builtInClassNamesAreRefused() {
        for (String type : List.of("Dense", "my_pkg>LSTM", "InputLayer", "Lambda", "Sequential")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> KerasCustomLayers.register(type, ScaleShift::new), type);
            assertTrue(e.getMessage().startsWith("custom layer type " + type + " (registered by register) clashes with"
                    + " the built-in Keras class "), e.getMessage());
        }
        assertFalse(KerasCustomLayers.registeredTypes().contains("Dense"));
    }

    @Test
    void malformedTypesAreRefused() {
        for (String type : List.of("", " ", "a>b>C", ">C", "pkg>", "my Layer")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> KerasCustomLayers.register(type, ScaleShift::new), type);
            assertEquals("custom layer type '" + type + "' must be ClassName or package>ClassName (no spaces)",
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> KerasCustomLayers.register("pkg>NoFactory", null));
    }

    @Test
    void concurrentRegistrationsOfOneTypeLetExactlyOneWin() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                String type = "race_pkg>Layer" + round;
                CountDownLatch start = new CountDownLatch(1);
                AtomicInteger wins = new AtomicInteger();
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    fs.add(pool.submit(() -> {
                        start.await();
                        try {
                            KerasCustomLayers.register(type, ScaleShift::new);
                            wins.incrementAndGet();
                        } catch (IllegalArgumentException expected) {
                            // lost the race: the duplicate error
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : fs) {
                    f.get();
                }
                assertEquals(1, wins.get(), type);
                assertTrue(KerasCustomLayers.unregister(type));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void servicesRegisterTheirTypes() {
        // src/test/resources/META-INF/services lists ServiceLayersProvider.
        assertTrue(KerasCustomLayers.registeredTypes().contains(ServiceLayersProvider.TYPE), KerasCustomLayers.registeredTypes()
                .toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KerasCustomLayers.register(ServiceLayersProvider.TYPE, ScaleShift::new));
        assertTrue(e.getMessage().contains("is already registered"), e.getMessage());
    }

    @Test
    void theLambdaRefusalPointsAtTheExtensionPoint() {
        UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class,
                () -> KerasModels.load(Path.of("src/test/resources/keras/keras3/lambda_refused.keras")));
        assertTrue(e.getMessage().contains("layer 'double' is a Lambda layer"), e.getMessage());
        assertTrue(e.getMessage().contains("register a Java dev.engram.layers.CustomLayer under the same name with"
                + " dev.engram.io.keras.KerasCustomLayers.register"), e.getMessage());
    }
}
