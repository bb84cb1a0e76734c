package dev.engram.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.layers.Layers;
import dev.engram.models.Model;
import dev.engram.models.ModelBuilder;
import dev.engram.models.Sequential;
import dev.engram.models.SymbolicTensor;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The format-neutral types of the file service: options, settings, descriptions, the network variant
 * of a loaded model, and {@link ModelFiles} when no format module is present (the engine alone).
 */
class ModelFileTypesTest {
    @TempDir
    Path tmp;

    @Test
    void saveOptionsCheckValuesAndSayWhy() {
        SaveOption opset = SaveOption.range("opset", 14, 21, 17);
        assertTrue(opset.isRange() && opset.accepts("21") && !opset.accepts("22") && !opset.accepts("x"));
        assertEquals("17", opset.valueIn(SaveSettings.defaults()));
        assertEquals("15", opset.valueIn(SaveSettings.defaults().with("opset", "15")));
        assertEquals("opset must be between 14 and 21, got 9", assertThrows(IllegalArgumentException.class,
                () -> opset.valueIn(SaveSettings.defaults().with("opset", "9"))).getMessage());
        SaveOption dialect = SaveOption.choice("dialect", "keras3", "a .keras archive is a Keras 3 format", "keras3");
        assertEquals("a .keras archive is a Keras 3 format; dialect 'keras2' is not one of [keras3]",
                assertThrows(IllegalArgumentException.class,
                        () -> dialect.valueIn(SaveSettings.defaults().with("dialect", "keras2"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SaveOption.choice("dialect", "keras9", "", "keras2"));
        assertThrows(IllegalArgumentException.class, () -> SaveOption.range("opset", 14, 21, 30));
    }

    @Test
    void saveSettingsAreValues() {
        SaveSettings s = SaveSettings.defaults().with("b", "2").with("a", "1").withProducer("tool", "1.0");
        assertEquals(List.of("a", "b"), List.copyOf(new java.util.TreeSet<>(s.options().keySet())));
        assertEquals("1", s.option("a"));
        assertNull(s.option("c"));
        assertTrue(s.includeTrainingConfig());
        assertFalse(s.withoutTrainingConfig().includeTrainingConfig());
        assertEquals("tool", s.withoutTrainingConfig().producerName());
        assertThrows(UnsupportedOperationException.class, () -> s.options().put("c", "3"));
    }

    @Test
    void aDescriptionListsItsUnsupportedLayersInFileOrder() {
        DeclaredLayer a = new DeclaredLayer("a", "Conv2D", false);
        DeclaredLayer b = new DeclaredLayer("b", "LSTM", true);
        DeclaredLayer c = new DeclaredLayer("c", "Attention", false);
        ModelDescription d = new ModelDescription("x", "X", null, null, true, List.of(a, b, c), List.of(), List.of(),
                List.of(), Map.of(), List.of());
        assertEquals(List.of(a, c), d.unsupported());
    }

    @Test
    void aLoadedSequentialNamesItsInputAsTfjsDoesAndBindsInputsByName() {
        Sequential s = new Sequential("s", 3).add(Layers.dense(2).inputShape(4).withName("d"));
        LoadedNetwork m = new LoadedNetwork(new ModelOrigin(tmp, new NoFormat(), null, null, null), s);
        assertEquals(List.of("d_input"), m.inputNames());
        assertEquals(List.of("d"), m.outputNames());
        assertEquals(List.of(Shape.of(4)), m.inputSampleShapes());
        Tensor x = Tensor.wrap(Shape.of(1, 4), new float[] {1, 2, 3, 4});
        assertArrayEquals(s.predict(x).toArray(), m.predict(Map.of("d_input", x)).get("d").toArray());
        assertEquals("the model has inputs [d_input] but the data gives [x]", assertThrows(
                IllegalArgumentException.class, () -> m.predict(Map.of("x", x))).getMessage());
        assertTrue(m.toNetwork() == s);
    }

    @Test
    void aLoadedFunctionalModelKeepsItsInputAndOutputOrder() {
        ModelBuilder b = new ModelBuilder("f", 1);
        SymbolicTensor p = b.input("p", 2);
        SymbolicTensor q = b.input("q", 3);
        SymbolicTensor y = b.apply(Layers.concatenate().withName("cat"), p, q);
        Model f = b.build(List.of(p, q), List.of(y));
        LoadedNetwork m = new LoadedNetwork(new ModelOrigin(tmp, new NoFormat(), null, null, null), f);
        assertEquals(List.of("p", "q"), m.inputNames());
        Map<String, Tensor> out = m.predict(Map.of("q", Tensor.wrap(Shape.of(1, 3), new float[] {3, 4, 5}),
                "p", Tensor.wrap(Shape.of(1, 2), new float[] {1, 2})));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5}, out.get(m.outputNames().get(0)).toArray());
    }

    @Test
    void withoutFormatModulesNothingIsDetectedAndTheMessageSaysWhy() throws IOException {
        assertTrue(ModelFiles.all().isEmpty(), ModelFiles.all()::toString);
        assertThrows(NoSuchFileException.class, () -> ModelFiles.detect(tmp.resolve("none")));
        Path f = Files.write(tmp.resolve("m.bin"), new byte[] {1, 2, (byte) 0xff});
        assertEquals("m.bin: not a model file: no model format is installed (add engram-io-keras or engram-io-onnx);"
                + " found bytes 0102ff", assertThrows(ModelFileException.class, () -> ModelFiles.detect(f)).getMessage());
        assertTrue(ModelFiles.forTarget(tmp.resolve("m.onnx")).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ModelFiles.forId("onnx"));
    }

    /** A format that reads nothing: the origin of models built in the test. */
    private static final class NoFormat implements ModelFile {
        @Override
        public String id() {
            return "none";
        }

        @Override
        public String name() {
            return "none";
        }

        @Override
        public String signature() {
            return "nothing";
        }

        @Override
        public List<String> extensions() {
            return List.of();
        }

        @Override
        public boolean detect(Path path) {
            return false;
        }

        @Override
        public ModelDescription describe(Path path, LoadLimits limits) throws IOException {
            throw new ModelFileException("", "", "no description");
        }

        @Override
        public LoadedModel load(Path path, LoadLimits limits) throws IOException {
            throw new ModelFileException("", "", "no model");
        }

        @Override
        public java.util.Set<String> supportedLayers() {
            return java.util.Set.of();
        }

        @Override
        public List<SaveOption> saveOptions() {
            return List.of();
        }

        @Override
        public List<String> save(dev.engram.models.Network network, Path path, SaveSettings settings) {
            throw new UnsupportedOperationException("read-only");
        }
    }
}
