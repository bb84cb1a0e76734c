package dev.engram.io.keras.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.DeclaredLayer;
import dev.engram.io.DeclaredTensor;
import dev.engram.io.LoadLimits;
import dev.engram.io.LoadedModel;
import dev.engram.io.LoadedNetwork;
import dev.engram.io.ModelDescription;
import dev.engram.io.ModelFile;
import dev.engram.io.ModelFileException;
import dev.engram.io.ModelFiles;
import dev.engram.io.SaveSettings;
import dev.engram.io.TrainingState;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.layers.Layers;
import dev.engram.losses.Losses;
import dev.engram.models.Sequential;
import dev.engram.optimizers.Adam;
import dev.engram.optimizers.AdamEpsilon;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixturePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Keras-family {@link ModelFile}s as {@link ModelFiles} finds them through ServiceLoader. */
class KerasModelFilesTest {
    private static final Path RES = Path.of("src/test/resources");
    private static final Path TFJS = FixturePaths.tfjs("lstm_stack_rmsprop");
    private static final Path H5 = RES.resolve("keras/tfkeras2/lstm_sigmoid_dense.h5");
    private static final Path FUNCTIONAL_H5 = RES.resolve("keras/tfkeras2/functional_two_in_two_out.h5");
    private static final Path KERAS = RES.resolve("keras/keras3/lstm_sigmoid_dense.keras");
    private static final LoadLimits LIMITS = LoadLimits.defaults();

    @TempDir
    Path tmp;

    /**
     * A .keras archive stores model.weights.h5 uncompressed; when config.json's length puts that entry's data at one
     * of HDF5's user-block offsets (512, 1024, 2048, ...), the HDF5 signature sits there in the zip. It is still a .keras file
     * (a Keras 3.10 probe model was taken for HDF5 and refused as a corrupt one).
     */
    @Test
    void aKerasArchiveWhoseWeightsStartAtAUserBlockOffsetIsStillKeras() throws IOException {
        Path aligned = tmp.resolve("aligned.keras");
        java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (var zip = new java.util.zip.ZipFile(KERAS.toFile())) {
            for (String name : List.of("metadata.json", "config.json", "model.weights.h5")) {
                entries.put(name, zip.getInputStream(zip.getEntry(name)).readAllBytes());
            }
        }
        // write once to see where the weights' data starts, then pad config.json (JSON allows trailing spaces)
        // so that it starts at the next user-block offset
        long where = writeStored(aligned, entries);
        long at = 512;
        while (at < where) {
            at *= 2;
        }
        byte[] config = entries.get("config.json");
        byte[] padded = java.util.Arrays.copyOf(config, config.length + (int) (at - where));
        java.util.Arrays.fill(padded, config.length, padded.length, (byte) ' ');
        entries.put("config.json", padded);
        assertEquals(at, writeStored(aligned, entries), "the HDF5 signature sits at a user-block offset");
        assertEquals("keras", ModelFiles.detect(aligned).id());
        assertEquals(dev.engram.io.keras.KerasModels.load(KERAS).getWeights(),
                dev.engram.io.keras.KerasModels.load(aligned).getWeights());
    }

    /** Writes the entries uncompressed; returns where the HDF5 signature of the weights entry is. */
    private static long writeStored(Path file, java.util.Map<String, byte[]> entries) throws IOException {
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            for (var e : entries.entrySet()) {
                var entry = new java.util.zip.ZipEntry(e.getKey());
                entry.setMethod(java.util.zip.ZipEntry.STORED);
                entry.setSize(e.getValue().length);
                var crc = new java.util.zip.CRC32();
                crc.update(e.getValue());
                entry.setCrc(crc.getValue());
                out.putNextEntry(entry);
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        byte[] signature = {(byte) 0x89, 'H', 'D', 'F'};
        for (int i = 0; i + 4 <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + 4, signature, 0, 4)) {
                return i;
            }
        }
        throw new AssertionError("no HDF5 signature in " + file);
    }

    @Test
    void theThreeFormatsAreFoundByServiceLoaderAndRecogniseTheirFilesByContent() throws IOException {
        List<String> ids = ModelFiles.all().stream().map(ModelFile::id).toList();
        assertTrue(ids.containsAll(List.of("h5", "keras", "tfjs")), ids::toString);
        assertEquals("tfjs", ModelFiles.detect(TFJS).id());
        assertEquals("tfjs", ModelFiles.detect(TFJS.resolve("model.json")).id());
        assertEquals("h5", ModelFiles.detect(H5).id());
        assertEquals("keras", ModelFiles.detect(KERAS).id());
        // Content, not the name: a JSON model saved as .h5 is TF.js, HDF5 behind a 512-byte user block is h5.
        Path json = Files.copy(TFJS.resolve("model.json"), tmp.resolve("model.h5"));
        assertEquals("tfjs", ModelFiles.detect(json).id());
        byte[] h5 = Files.readAllBytes(H5);
        byte[] withUserBlock = new byte[512 + h5.length];
        System.arraycopy(h5, 0, withUserBlock, 512, h5.length);
        assertEquals("h5", ModelFiles.detect(Files.write(tmp.resolve("ub.bin"), withUserBlock)).id());
    }

    @Test
    void aZipWithoutConfigJsonOrUnknownBytesIsNoModelFile() throws IOException {
        Path zip = tmp.resolve("x.keras");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("readme.txt"));
            z.write("hello".getBytes());
            z.closeEntry();
        }
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.detect(zip));
        assertTrue(e.getMessage().startsWith("x.keras: not a model file: expected Keras HDF5 (\\x89HDF), a .keras zip"
                + " (PK)") && e.getMessage().endsWith("; found bytes 504b030414000808"), e::getMessage);
        Path text = Files.writeString(tmp.resolve("m.h5"), "hello");
        assertTrue(assertThrows(ModelFileException.class, () -> ModelFiles.detect(text)).getMessage()
                .endsWith("found bytes 68656c6c6f"));
    }

    @Test
    void describeListsEveryDeclaredLayerOfAFileTheReaderRefuses() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("conv2d"));
        Files.writeString(dir.resolve("model.json"), Files.readString(TFJS.resolve("model.json"))
                .replaceFirst("\"class_name\": ?\"LSTM\"", "\"class_name\": \"LocallyConnected2D\""));
        Files.copy(TFJS.resolve("weights.bin"), dir.resolve("weights.bin"));
        ModelFile f = ModelFiles.detect(dir);
        ModelDescription d = f.describe(dir, LIMITS);
        assertEquals("tfjs (tfjs-layers 4.22.0)", d.dialect());
        assertTrue(d.producer().startsWith("TensorFlow.js tfjs-layers"), d.producer());
        assertEquals(new DeclaredLayer("lstm_LSTM1", "LocallyConnected2D", false), d.layers().get(0));
        assertEquals(List.of(d.layers().get(0)), d.unsupported());
        assertTrue(d.layers().size() > 1 && d.layers().subList(1, d.layers().size()).stream()
                .allMatch(DeclaredLayer::supported), d.layers()::toString);
        assertEquals(List.of(new DeclaredTensor("lstm_LSTM1_input", "float32", List.of(-1, 5, 3), "[null, 5, 3]")),
                d.inputs());
        assertTrue(f.supportedLayers().contains("LSTM") && !f.supportedLayers().contains("LocallyConnected2D"));
        assertInstanceOf(UnsupportedLayerException.class, assertThrows(ModelFileException.class,
                () -> f.load(dir, LIMITS)));
    }

    @Test
    void describeReadsH5AndKerasConfigsWithoutBuildingThem() throws IOException {
        ModelDescription h5 = ModelFiles.describe(FUNCTIONAL_H5, LIMITS);
        assertEquals("keras2", h5.dialect());
        assertEquals("Keras 2.18.0", h5.producer());
        assertEquals("Keras HDF5", h5.kind());
        assertEquals(List.of("series", "lstm", "features", "shared", "add", "concatenate", "price", "trend"),
                h5.layers().stream().map(DeclaredLayer::name).toList());
        assertEquals(List.of(List.of(-1, 5, 3), List.of(-1, 3)), h5.inputs().stream().map(DeclaredTensor::dims).toList());
        assertEquals(List.of("price", "trend"), h5.outputs().stream().map(DeclaredTensor::name).toList());
        ModelDescription k = ModelFiles.describe(KERAS, LIMITS);
        assertEquals("keras3", k.dialect());
        assertTrue(k.producer().startsWith("Keras 3."), k.producer());
        assertTrue(k.architecture() && k.unsupported().isEmpty() && !k.layers().isEmpty(), k::toString);
    }

    @Test
    void aWeightsOnlyH5IsDescribedTensorByTensor() throws IOException {
        ModelDescription d = ModelFiles.describe(RES.resolve("keras/tfkeras2/lstm_sigmoid_dense.legacy_weights.h5"),
                LIMITS);
        assertFalse(d.architecture());
        assertTrue(d.kind().contains("weights only (save_weights)"), d.kind());
        assertTrue(d.weights().stream().anyMatch(t -> t.name().endsWith("kernel:0") && t.dims().equals(List.of(3, 24))),
                d.weights()::toString);
        assertTrue(d.layers().isEmpty());
    }

    @Test
    void loadGivesTheNetworkWithWhatTheFileSaysAboutItself() throws IOException {
        LoadedModel m = ModelFiles.load(H5, LIMITS);
        LoadedNetwork n = assertInstanceOf(LoadedNetwork.class, m);
        assertEquals("keras2", m.origin().dialect());
        assertEquals("Keras 2.18.0", m.origin().producer());
        assertEquals("h5", m.origin().format().id());
        assertEquals(List.of(Shape.of(5, 3)), m.inputSampleShapes());
        Tensor x = Tensor.wrap(Shape.of(1, 5, 3), new float[] {.1f, .2f, .3f, .4f, .5f, .6f, .7f, .8f, .9f, 1, 1.1f,
            1.2f, 1.3f, 1.4f, 1.5f});
        Map<String, Tensor> y = m.predict(Map.of(m.inputNames().get(0), x));
        assertEquals(m.outputNames(), List.copyOf(y.keySet()));
        assertArrayEquals(n.network().predict(List.of(x)).get(0).toArray(), y.values().iterator().next().toArray());
        assertThrows(IllegalArgumentException.class, () -> m.predict(Map.of("nope", x)));
        LoadedModel t = ModelFiles.load(TFJS, LIMITS);
        assertEquals("tfjs (tfjs-layers 4.22.0)", t.origin().dialect());
        assertEquals(new TrainingState(false, null, null, "the file has no trainingConfig"), t.origin().training());
    }

    @Test
    void targetsAreChosenByExtensionOrAsAFolder() throws IOException {
        assertEquals("h5", ModelFiles.forTarget(tmp.resolve("m.HDF5")).orElseThrow().id());
        assertEquals("keras", ModelFiles.forTarget(tmp.resolve("m.keras")).orElseThrow().id());
        assertEquals("tfjs", ModelFiles.forTarget(tmp.resolve("web/model.json")).orElseThrow().id());
        assertEquals("tfjs", ModelFiles.forTarget(tmp.resolve("web")).orElseThrow().id());
        assertEquals("tfjs", ModelFiles.forTarget(Files.createDirectory(tmp.resolve("a.b"))).orElseThrow().id());
        assertTrue(ModelFiles.forTarget(tmp.resolve("m.bin")).isEmpty());
        assertEquals("h5", ModelFiles.forId("H5").id());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelFiles.forId("pickle")).getMessage()
                .startsWith("unknown format 'pickle'; expected one of h5, keras"));
    }

    @Test
    void saveWritesTheDialectAskedForAndRefusesOptionsTheFormatDoesNotTake() throws IOException {
        Sequential s = new Sequential("s", 1).add(Layers.dense(2).inputShape(3));
        ModelFile h5 = ModelFiles.forId("h5");
        Path out = tmp.resolve("k3.h5");
        assertEquals(List.of(), h5.save(s, out, SaveSettings.defaults().with("dialect", "keras3")));
        assertEquals("keras3", ModelFiles.load(out, LIMITS).origin().dialect());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> h5.save(s, tmp.resolve("x.h5"),
                SaveSettings.defaults().with("dialect", "keras9"))).getMessage().contains("keras9"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelFiles.forId("tfjs").save(s, tmp.resolve("w"),
                SaveSettings.defaults().with("dialect", "keras2"))).getMessage().contains("takes no option 'dialect'"));
        String refusal = assertThrows(IllegalArgumentException.class, () -> ModelFiles.forId("keras").save(s,
                tmp.resolve("x.keras"), SaveSettings.defaults().with("dialect", "keras2"))).getMessage();
        assertTrue(refusal.startsWith("a .keras archive is a Keras 3 format"), refusal);
        assertFalse(Files.exists(tmp.resolve("x.h5")) || Files.exists(tmp.resolve("x.keras")));
        // TF.js: a target named model.json means its folder.
        ModelFiles.forId("tfjs").save(s, tmp.resolve("web/model.json"), SaveSettings.defaults());
        assertTrue(Files.isRegularFile(tmp.resolve("web/model.json")) && Files.isRegularFile(tmp.resolve("web/weights.bin")));
    }

    @Test
    void aTrainingConfigTheTargetCannotExpressIsLeftOutWithANote() throws IOException {
        Sequential s = new Sequential("s", 1).add(Layers.dense(2).inputShape(3));
        // TF.js's Adam form (epsilon inside the square root) has no Keras equivalent.
        s.compile(Losses.meanSquaredError(), Optimizers.adam());
        Path out = tmp.resolve("m.keras");
        List<String> notes = ModelFiles.forId("keras").save(s, out, SaveSettings.defaults());
        assertEquals(1, notes.size(), notes::toString);
        assertTrue(notes.get(0).startsWith("written without the training configuration: "), notes::toString);
        assertFalse(ModelFiles.load(out, LIMITS).origin().training().compiled());
        // Asked to leave it out, the writer has nothing to note.
        assertEquals(List.of(), ModelFiles.forId("keras").save(s, tmp.resolve("n.keras"),
                SaveSettings.defaults().withoutTrainingConfig().with("dialect", "keras3")));
        assertFalse(ModelFiles.load(tmp.resolve("n.keras"), LIMITS).origin().training().compiled());
    }

    @Test
    void kerasTargetsTrainAdamInTheFormTheyRecord() {
        Adam adam = Optimizers.adam();
        assertEquals(AdamEpsilon.EPSILON_HAT, ((Adam) ModelFiles.forId("keras").recordable(adam)).epsilonForm());
        assertEquals(AdamEpsilon.EPSILON_HAT, ((Adam) ModelFiles.forId("h5").recordable(adam)).epsilonForm());
        assertEquals(adam, ModelFiles.forId("tfjs").recordable(adam));
    }
}
