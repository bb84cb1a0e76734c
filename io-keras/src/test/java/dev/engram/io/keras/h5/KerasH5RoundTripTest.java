package dev.engram.io.keras.h5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.activations.Activations;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.KerasH5Options;
import dev.engram.io.keras.LoadedKerasModel;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.hdf5.H5Input;
import dev.engram.io.keras.hdf5.H5Output;
import dev.engram.io.keras.kerasv3.KerasV3Archive;
import dev.engram.layers.Layers;
import dev.engram.layers.Parameter;
import dev.engram.losses.Losses;
import dev.engram.models.Sequential;
import dev.engram.optimizers.AdamEpsilon;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engine -> file -> engine: predictions, compile settings and file layout survive. */
class KerasH5RoundTripTest {
    @TempDir
    Path tmp;

    /** LSTM(5, return_sequences, go_backwards) -> LSTM(3, hard_sigmoid 0.2) -> Dropout -> Dense(2, softmax). */
    static Sequential sample() {
        Sequential m = Sequential.seeded(7,
                Layers.lstm(5).withReturnSequences(true).withGoBackwards(true).inputShape(4, 3),
                Layers.lstm(3).withRecurrentActivation(Activations.hardSigmoid(0.2, 0.5)).withUnitForgetBias(true),
                Layers.dropout(0.25),
                Layers.dense(2).withActivation(Activations.softmax()));
        int k = 0;
        for (Parameter p : m.parameters()) {
            float[] v = new float[p.shape().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (0.5 * Math.sin(0.7 * i + 1.1 * k) + 0.1 * Math.cos(0.3 * i));
            }
            p.assign(Tensor.of(p.shape(), v));
            k++;
        }
        return m;
    }

    static Tensor input() {
        float[] v = new float[2 * 4 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(0.9 * i) * 1.5f;
        }
        return Tensor.of(Shape.of(2, 4, 3), v);
    }

    @Test
    void fullModelRoundTripsInKeras2Dialect() throws IOException {
        Sequential m = sample();
        m.compile(Losses.categoricalCrossentropy(), Optimizers.adam(0.003, 0.8, 0.99, 1e-6).withEpsilonForm(AdamEpsilon.EPSILON_HAT));
        Path f = tmp.resolve("m.h5");
        KerasH5Writer.write(m, f);
        LoadedKerasModel back = KerasH5Reader.load(f);
        assertEquals(KerasDialect.KERAS_2, back.dialect());
        assertEquals("2.18.0", back.kerasVersion());
        assertTrue(back.compile().compiled(), back.compile().toString());
        assertEquals(0.003, back.sequential().optimizer().learningRate(), 1e-12);
        assertEquals(m.predict(input()), back.sequential().predict(input()));
        try (H5Input in = H5Input.open(f)) {
            var weights = in.group(in.root(), "model_weights", "");
            // weightless layers (the Dropout) are not listed: see KerasH5Writer
            assertEquals(List.of("lstm", "lstm_1", "dense"), in.nameListAttribute(weights, "layer_names"));
            var lstm = in.group(weights, "lstm", "");
            assertEquals(List.of("lstm/lstm_cell/kernel:0", "lstm/lstm_cell/recurrent_kernel:0", "lstm/lstm_cell/bias:0"),
                    in.nameListAttribute(lstm, "weight_names"));
        }
        assertNoTempFiles();
    }

    @Test
    void keras3DialectRefusesHardSigmoidItCannotName() {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> KerasH5Writer.write(sample(), tmp.resolve("k3.h5"), KerasH5Options.keras3()));
        assertTrue(e.getMessage().contains("hard"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("k3.h5")));
    }

    @Test
    void keras3DialectAndKerasArchiveRoundTrip() throws IOException {
        Sequential m = Sequential.seeded(3, Layers.lstm(4).withRecurrentActivation(Activations.sigmoid()).inputShape(3, 2),
                Layers.dropout(0.1), Layers.dense(1).withActivation(Activations.tanh()));
        m.compile(Losses.meanSquaredError(), Optimizers.sgd(0.05, 0.9, true));
        Tensor x = Tensor.of(new float[][][] {{{1, 2}, {0.5f, -1}, {3, 0}}});
        Path h5 = tmp.resolve("k3.h5");
        KerasH5Writer.write(m, h5, KerasH5Options.keras3());
        LoadedKerasModel a = KerasH5Reader.load(h5);
        assertEquals(KerasDialect.KERAS_3, a.dialect());
        assertEquals(m.predict(x), a.sequential().predict(x));
        assertTrue(a.compile().compiled());
        Path zip = tmp.resolve("m.keras");
        KerasV3Archive.write(m, zip);
        LoadedKerasModel b = KerasV3Archive.load(zip);
        assertEquals(m.predict(x), b.sequential().predict(x));
        assertTrue(b.compile().compiled(), b.compile().toString());
        assertNoTempFiles();
    }

    @Test
    void weightsOnlyFilesRoundTripByPosition() throws IOException {
        Sequential m = sample();
        Path legacy = tmp.resolve("w.h5");
        Path v3 = tmp.resolve("w.weights.h5");
        KerasH5Writer.writeWeights(m, legacy);
        KerasV3Archive.writeWeights(m, v3);
        for (Path f : List.of(legacy, v3)) {
            Sequential other = sample();
            GeneratedFixturesTest.scramble(other);
            KerasH5Reader.readWeights(f, other);
            assertEquals(m.predict(input()), other.predict(input()), f.toString());
        }
    }

    @Test
    void tfjsAdamFormIsNotWrittenAsKerasAdam() {
        Sequential m = sample();
        m.compile(Losses.meanSquaredError(), Optimizers.adam());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasH5Writer.write(m, tmp.resolve("x.h5")));
        assertTrue(e.getMessage().contains("EPSILON_HAT"), e.getMessage());
        // ... but the model itself can still be saved without its training config
        Path f = tmp.resolve("y.h5");
        assertDoesNotThrow(() -> KerasH5Writer.write(m, f, KerasH5Options.defaults().withoutTrainingConfig()));
    }

    private static void assertDoesNotThrow(org.junit.jupiter.api.function.Executable e) {
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(e);
    }

    @Test
    void longNameListsAreChunkedLikeKeras() throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            names.add("x".repeat(1000) + "_" + i);
        }
        Path f = tmp.resolve("chunks.h5");
        H5Output.writeAtomically(f, out -> H5Output.putNameList(out.putGroup("g"), "layer_names", names));
        try (H5Input in = H5Input.open(f)) {
            var g = in.group(in.root(), "g", "");
            assertFalse(in.hasAttribute(g, "layer_names"));
            assertTrue(in.hasAttribute(g, "layer_names1"));
            assertFalse(in.hasAttribute(g, "layer_names2"));
            assertEquals(names, in.nameListAttribute(g, "layer_names"));
        }
    }

    @Test
    void groupsTooLargeForJhdfAreRefusedNotCorrupted() {
        Sequential m = Sequential.seeded(1, Layers.dense(2).withName("d".repeat(1500) + 0).inputShape(3));
        for (int i = 1; i < 60; i++) {
            m.add(Layers.dense(2).withName("d".repeat(1500) + i));
        }
        Path f = tmp.resolve("big.h5");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasH5Writer.write(m, f));
        assertTrue(e.getMessage().contains("shorter layer names"), e.getMessage());
        assertFalse(Files.exists(f));
    }

    private void assertNoTempFiles() throws IOException {
        List<String> leftovers = new ArrayList<>();
        try (Stream<Path> s = Files.list(tmp)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).forEach(leftovers::add);
        }
        assertEquals(List.of(), leftovers);
    }
}
