package dev.engram.io.keras.h5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.hdf5.H5Output;
import dev.engram.io.keras.kerasv3.KerasV3Archive;
import dev.engram.io.keras.topology.KerasTopology;
import dev.engram.layers.Layers;
import dev.engram.models.Sequential;
import dev.engram.testing.hostile.OpenFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Untrusted input: each malformed file is a ModelFormatException naming the file and the HDF5 path. */
class MalformedH5Test {
    @TempDir
    Path tmp;

    /** Every hostile file read here was closed again, however its read ended. */
    @AfterEach
    void noHostileFileLeftOpen() throws IOException {
        assertEquals(List.of(), OpenFiles.under(tmp), "files left open by a failed read");
    }

    private static final Path GOOD = Path.of("src/test/resources/keras").resolve("tfkeras2/lstm_sigmoid_dense.h5");

    private static ModelFormatException readFails(Path f) {
        return assertThrows(ModelFormatException.class, () -> KerasH5Reader.read(f));
    }

    /** A full-model file for Dense(2) on [3] whose weights group is written by {@code weights}. */
    private Path crafted(String name, H5Output.Body weights) throws IOException {
        Sequential m = Sequential.seeded(1, Layers.dense(2).withName("dense").inputShape(3));
        String config = KerasTopology.toJson(m, KerasDialect.KERAS_2).toString();
        Path f = tmp.resolve(name);
        H5Output.writeAtomically(f, out -> {
            out.putAttribute("keras_version", "2.18.0");
            out.putAttribute("backend", "tensorflow");
            out.putAttribute("model_config", config);
            weights.write(out);
        });
        return f;
    }

    @Test
    void notHdf5AtAll() throws IOException {
        Path f = tmp.resolve("notes.h5");
        Files.writeString(f, "hello, this is not HDF5");
        ModelFormatException e = readFails(f);
        assertEquals("notes.h5", e.file());
        assertTrue(e.getMessage().contains("not an HDF5 file"), e.getMessage());
    }

    @Test
    void hdf5ThatIsNotKeras() throws IOException {
        Path f = tmp.resolve("data.h5");
        H5Output.writeAtomically(f, out -> out.putDataset("measurements", new float[] {1, 2, 3}));
        ModelFormatException e = readFails(f);
        assertEquals("data.h5: not a Keras model file: no model_config attribute at the root (attributes: [_jHDF],"
                + " members: [measurements])", e.getMessage().replace(" at /:", ":"));
    }

    @Test
    void weightsOnlyFileGivenToRead() {
        ModelFormatException e = readFails(Path.of("src/test/resources/keras").resolve("tfkeras2/lstm_sigmoid_dense.legacy_weights.h5"));
        assertTrue(e.getMessage().contains("readWeights"), e.getMessage());
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] all = Files.readAllBytes(GOOD);
        for (int keep : new int[] {all.length / 2, 4096, 600, 40}) {
            Path f = tmp.resolve("cut" + keep + ".h5");
            Files.write(f, Arrays.copyOf(all, keep));
            ModelFormatException e = readFails(f);
            assertEquals("cut" + keep + ".h5", e.file(), e.getMessage());
        }
    }

    @Test
    void datasetShapeDisagreesWithLayer() throws IOException {
        Path f = crafted("shape.h5", out -> {
            var mw = out.putGroup("model_weights");
            mw.putAttribute("layer_names", new String[] {"dense"});
            var g = mw.putGroup("dense");
            g.putAttribute("weight_names", new String[] {"dense/kernel:0", "dense/bias:0"});
            var d = g.putGroup("dense");
            d.putDataset("kernel:0", new float[4][2]);
            d.putDataset("bias:0", new float[2]);
        });
        ModelFormatException e = readFails(f);
        assertEquals("shape.h5", e.file());
        assertTrue(e.location().startsWith("/model_weights/dense"), e.getMessage());
        assertTrue(e.getMessage().contains("[4,2]") && e.getMessage().contains("[3,2]"), e.getMessage());
    }

    @Test
    void missingWeightDataset() throws IOException {
        Path f = crafted("missing.h5", out -> {
            var mw = out.putGroup("model_weights");
            mw.putAttribute("layer_names", new String[] {"dense"});
            var g = mw.putGroup("dense");
            g.putAttribute("weight_names", new String[] {"dense/kernel:0", "dense/bias:0"});
            g.putGroup("dense").putDataset("kernel:0", new float[3][2]);
        });
        ModelFormatException e = readFails(f);
        assertEquals("missing.h5 at /model_weights/dense/dense/bias:0: missing dataset", e.getMessage());
    }

    @Test
    void missingLayerGroupAndMissingWeights() throws IOException {
        Path f = crafted("nolayer.h5", out -> out.putGroup("model_weights").putAttribute("layer_names", new String[] {"dense"}));
        assertEquals("nolayer.h5 at /model_weights/dense: layer_names lists layer 'dense' but there is no such group",
                readFails(f).getMessage());
        Path g = crafted("noweights.h5", out -> {
            var mw = out.putGroup("model_weights");
            mw.putAttribute("layer_names", new String[] {"other"});
            mw.putGroup("other").putGroup("x").putDataset("y", new float[] {1});
        });
        ModelFormatException e = readFails(g);
        assertTrue(e.getMessage().contains("but the file holds only 0 weight values"), e.getMessage());
    }

    @Test
    void integerDatasetWhereFloatsBelong() throws IOException {
        Path f = crafted("ints.h5", out -> {
            var mw = out.putGroup("model_weights");
            mw.putAttribute("layer_names", new String[] {"dense"});
            var g = mw.putGroup("dense");
            g.putAttribute("weight_names", new String[] {"kernel:0", "bias:0"});
            g.putDataset("kernel:0", new int[3][2]);
            g.putDataset("bias:0", new float[2]);
        });
        ModelFormatException e = readFails(f);
        assertTrue(e.getMessage().startsWith("ints.h5 at /model_weights/dense/kernel:0: expected a float32 dataset"),
                e.getMessage());
    }

    @Test
    void hugeDeclaredSize() throws IOException {
        Path f = crafted("huge.h5", out -> {
            var mw = out.putGroup("model_weights");
            mw.putAttribute("layer_names", new String[] {"dense"});
            var g = mw.putGroup("dense");
            g.putAttribute("weight_names", new String[] {"kernel:0", "bias:0"});
            g.putDataset("kernel:0", new float[3][2]);
            g.putDataset("bias:0", new float[12345]);
        });
        byte[] bytes = Files.readAllBytes(f);
        byte[] dim = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(12345).array();
        byte[] huge = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array();
        int patched = 0;
        for (int i = 0; i + 8 <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + 8, dim, 0, 8)) {
                System.arraycopy(huge, 0, bytes, i, 8);
                patched++;
            }
        }
        assertTrue(patched > 0);
        Files.write(f, bytes);
        // jhdf verifies the object header checksum, so the patched header is reported as corrupt
        ModelFormatException e = readFails(f);
        assertEquals("huge.h5", e.file());
        assertTrue(e.location().startsWith("/model_weights/dense"), e.getMessage());
    }

    @Test
    void declaredSizeBeyondTheEndOfTheFile() throws IOException {
        Path f = crafted("short.h5", out -> {
            var mw = out.putGroup("model_weights");
            mw.putAttribute("layer_names", new String[] {"dense"});
            var g = mw.putGroup("dense");
            g.putAttribute("weight_names", new String[] {"kernel:0", "bias:0"});
            g.putDataset("kernel:0", new float[3][2]);
            g.putDataset("bias:0", new float[50000]);
        });
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(bytes, bytes.length - 150000)); // headers intact, the data cut off
        ModelFormatException e = readFails(f);
        assertTrue(e.getMessage().startsWith("short.h5 at /: truncated HDF5 file: the superblock says the data ends at"
                + " byte "), e.getMessage());
    }

    @Test
    void malformedModelConfigJson() throws IOException {
        Path f = tmp.resolve("json.h5");
        H5Output.writeAtomically(f, out -> {
            out.putAttribute("keras_version", "2.18.0");
            out.putAttribute("model_config", "{\"class_name\": \"Sequential\", ");
        });
        assertTrue(readFails(f).getMessage().startsWith("json.h5 at / (attribute model_config): malformed JSON"));
    }

    @Test
    void unknownKerasVersion() throws IOException {
        Path f = tmp.resolve("v9.h5");
        H5Output.writeAtomically(f, out -> {
            out.putAttribute("keras_version", "9.1");
            out.putAttribute("model_config", "{}");
        });
        assertTrue(readFails(f).getMessage().startsWith("v9.h5 at / (attribute keras_version): unrecognised"));
    }

    @Test
    void brokenKerasArchives() throws IOException {
        Path cut = tmp.resolve("cut.keras");
        byte[] all = Files.readAllBytes(Path.of("src/test/resources/keras").resolve("keras3/lstm_sigmoid_dense.keras"));
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasV3Archive.read(cut));
        assertEquals("cut.keras", e.file());
        Path empty = tmp.resolve("empty.keras");
        try (var zos = new java.util.zip.ZipOutputStream(Files.newOutputStream(empty))) {
            zos.putNextEntry(new java.util.zip.ZipEntry("metadata.json"));
            zos.write("{\"keras_version\": \"3.10.0\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zos.closeEntry();
        }
        e = assertThrows(ModelFormatException.class, () -> KerasV3Archive.read(empty));
        assertTrue(e.getMessage().startsWith("empty.keras: missing entry config.json"), e.getMessage());
    }

    @Test
    void weightsFileForAnotherArchitecture() {
        Sequential other = Sequential.seeded(1, Layers.dense(3).inputShape(2));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasH5Reader.readWeights(
                Path.of("src/test/resources/keras").resolve("keras3/lstm_sigmoid_dense.weights.h5"), other));
        assertTrue(e.getMessage().startsWith("lstm_sigmoid_dense.weights.h5 at /layers/dense/vars"), e.getMessage());
        e = assertThrows(ModelFormatException.class, () -> KerasH5Reader.readWeights(
                Path.of("src/test/resources/keras").resolve("tfkeras2/lstm_sigmoid_dense.legacy_weights.h5"), other));
        assertTrue(e.getMessage().contains("the file has weights for 2 layers [lstm, dense] but the model has 1"),
                e.getMessage());
    }
}
