package dev.engram.io.keras.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.LoadLimits;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.TfjsWriteOptions;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.layers.Layers;
import dev.engram.models.Sequential;
import dev.engram.testing.hostile.OpenFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Untrusted model.json / shards: each defect is a ModelFormatException naming file, location and problem. */
class TfjsMalformedInputTest {
    @TempDir
    Path dir;
    Path json;

    /** Every hostile file read here was closed again, however its read ended. */
    @AfterEach
    void noHostileFileLeftOpen() throws IOException {
        assertEquals(List.of(), OpenFiles.under(dir), "files left open by a failed read");
    }

    @BeforeEach
    void writeValidModel() throws IOException {
        Sequential m = new Sequential("m", 1);
        m.add(Layers.lstm(2).withName("lstm").inputShape(3, 1));
        m.add(Layers.dense(1).withName("dense"));
        TfjsModelWriter.write(m, dir, TfjsWriteOptions.defaults());
        json = dir.resolve("model.json");
    }

    private void edit(String from, String to) throws IOException {
        String s = Files.readString(json);
        if (!s.contains(from)) {
            throw new AssertionError("fixture text not found: " + from);
        }
        Files.writeString(json, s.replace(from, to));
    }

    private ModelFormatException fails() {
        return assertThrows(ModelFormatException.class, () -> TfjsModelReader.read(json));
    }

    @Test
    void truncatedShard() throws IOException {
        byte[] b = Files.readAllBytes(dir.resolve("weights.bin"));
        Files.write(dir.resolve("weights.bin"), java.util.Arrays.copyOf(b, b.length - 10));
        assertEquals("model.json at /weightsManifest/0/weights/3: weight 'dense/kernel' needs 8 bytes at offset 128"
                + " but the group's shards [weights.bin] hold only 130 bytes (truncated shard or wrong shape)",
                fails().getMessage());
    }

    @Test
    void hugeDeclaredShape() throws IOException {
        edit("\"shape\":[1,8]", "\"shape\":[100000,100000,100000]");
        assertEquals("model.json at /weightsManifest/0/weights/0/shape: weight 'lstm/kernel' declares the shape"
                + " [100000,100000,100000]: its elements need 10000000000, over the limit of " + LoadLimits.defaults()
                .tensorElements() + " (raise it with --max-tensor-elements)", fails().getMessage());
    }

    /**
     * A layer type whose parameters the per-type budget does not count (PReLU: alpha takes the input's shape) is
     * still bounded, when it allocates: by the tensor limit, and by the weight values the file holds.
     */
    @Test
    void anyLayersWeightsAreBoundedWhenAllocated() throws IOException {
        Sequential m = new Sequential("p", 1);
        m.add(Layers.prelu().withName("p").inputShape(2, 2));
        TfjsModelWriter.write(m, dir, TfjsWriteOptions.defaults());
        edit("[null,2,2]", "[null,60000,60000]");
        assertEquals("model.json at /modelTopology/config/layers/0: cannot build layer 'p': weight 'p/alpha' of shape"
                + " [60000, 60000]: its elements need 3600000000, over the limit of " + LoadLimits.defaults()
                .tensorElements() + " (raise it with --max-tensor-elements)", fails().getMessage());
        edit("[null,60000,60000]", "[null,200,200]");
        assertEquals("model.json at /modelTopology/config/layers/0: cannot build layer 'p': weight 'p/alpha' of shape"
                + " [200, 200] brings the model to 40000 parameters, but the file holds only 4 weight values",
                fails().getMessage());
    }

    @Test
    void largeShapeBeyondTheBytesPresent() throws IOException {
        edit("\"shape\":[1,8]", "\"shape\":[1000,8000]");
        assertEquals("model.json at /weightsManifest/0/weights/0: weight 'lstm/kernel' needs 32000000 bytes at offset 0"
                + " but the group's shards [weights.bin] hold only 140 bytes (truncated shard or wrong shape)",
                fails().getMessage());
    }

    @Test
    void unknownLayer() throws IOException {
        edit("\"class_name\":\"Dense\"", "\"class_name\":\"LocallyConnected2D\"");
        UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class, () -> TfjsModelReader.read(json));
        // the supported list is the registry's, in its order (every layer added extends it)
        assertEquals("model.json at /modelTopology/config/layers/1: layer 'dense' has class LocallyConnected2D, which"
                + " Engram does not support yet; supported: " + dev.engram.io.keras.layers.KerasLayers.supportedClassNames(),
                e.getMessage());
        assertEquals("LocallyConnected2D", e.className());
    }

    @Test
    void missingWeight() throws IOException {
        edit("{\"name\":\"lstm/recurrent_kernel\",\"shape\":[2,8],\"dtype\":\"float32\"},", "");
        edit("\"shape\":[8],\"dtype\":\"float32\"}", "\"shape\":[24],\"dtype\":\"float32\"}"); // keep byte count equal
        assertEquals("model.json at layer 'lstm': file has 2 weights [kernel [1,8], bias [24]] but the layer expects"
                + " 3 [kernel [1,8], recurrentKernel [2,8], bias [8]]", fails().getMessage());
    }

    @Test
    void wrongShape() throws IOException {
        edit("\"shape\":[2,1]", "\"shape\":[1,2]");
        assertEquals("model.json at layer 'dense': file has 2 weights [kernel [1,2], bias [1]] but the layer expects"
                + " 2 [kernel [2,1], bias [1]]", fails().getMessage());
    }

    @Test
    void unknownDtype() throws IOException {
        edit("\"name\":\"dense/bias\",\"shape\":[1],\"dtype\":\"float32\"", "\"name\":\"dense/bias\",\"shape\":[1],\"dtype\":\"complex64\"");
        assertEquals("model.json at /weightsManifest/0/weights/4/dtype: weight 'dense/bias' has dtype \"complex64\";"
                + " supported: float32, int32, bool", fails().getMessage());
    }

    @Test
    void badJson() throws IOException {
        Files.writeString(json, "{\"modelTopology\": {\"class_name\": \"Sequential\",", StandardCharsets.UTF_8);
        ModelFormatException e = fails();
        assertEquals("line 1, column 47", e.location());
        assertEquals("model.json at line 1, column 47: malformed JSON: Unexpected end-of-input within/between Object"
                + " entries", e.getMessage());
    }

    @Test
    void badFieldValue() throws IOException {
        edit("\"units\":1", "\"units\":\"abc\"");
        assertEquals("model.json at /modelTopology/config/layers/1/config/units: expected a positive integer, found \"abc\"",
                fails().getMessage());
    }

    @Test
    void shardPathEscapingTheDirectory() throws IOException {
        edit("\"paths\":[\"weights.bin\"]", "\"paths\":[\"../../etc/passwd\"]");
        assertEquals("model.json at /weightsManifest/0/paths/0: shard \"../../etc/passwd\" must be a relative path"
                + " inside the model's folder", fails().getMessage());
    }

    @Test
    void shardSymlinkLeadingOutsideIsRefusedWithoutItsSize(@TempDir Path outside) throws IOException {
        Path secret = outside.resolve("secret.txt");
        Files.writeString(secret, "root:x:0:0:root:/root:/bin/bash\n".repeat(7));
        Files.delete(dir.resolve("weights.bin"));
        Files.createSymbolicLink(dir.resolve("weights.bin"), secret);
        String m = fails().getMessage();
        assertEquals("model.json at /weightsManifest/0/paths/0: shard \"weights.bin\" is a link that leads outside"
                + " the model's folder; refused", m);
        assertFalse(m.contains(String.valueOf(Files.size(secret))));
    }

    @Test
    void shardThatIsAFolderOrMissing() throws IOException {
        Files.createDirectory(dir.resolve("sub"));
        edit("\"paths\":[\"weights.bin\"]", "\"paths\":[\"sub\"]");
        assertEquals("model.json at /weightsManifest/0/paths/0: shard \"sub\" is not a regular file", fails().getMessage());
    }

    @Test
    void shardListedManyTimes() throws IOException {
        edit("\"paths\":[\"weights.bin\"]", "\"paths\":[\"weights.bin\",\"./weights.bin\"]");
        assertEquals("model.json at /weightsManifest/0/paths/1: shard \"./weights.bin\" is listed more than once in the"
                + " manifest", fails().getMessage());
    }

    @Test
    void shardsOverTheParameterBytesLimit() {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> TfjsModelReader.read(json, LoadLimits.defaults().withParameterBytes(100)));
        assertEquals("model.json at /weightsManifest/0/paths/0: the weight shards need 140, over the limit of 100 (raise"
                + " it with --max-param-bytes) bytes", e.getMessage());
    }

    @Test
    void optimizerStepCounterOfTheWrongDtype() throws IOException {
        Sequential m = new Sequential("m", 1);
        m.add(Layers.dense(1).withName("dense").inputShape(2));
        m.compile(dev.engram.losses.Losses.meanSquaredError(), dev.engram.optimizers.Optimizers.adam(0.01));
        TfjsModelWriter.write(m, dir, TfjsWriteOptions.defaults().withIncludeOptimizer(true));
        edit("\"name\":\"iter\",\"shape\":[],\"dtype\":\"int32\"", "\"name\":\"iter\",\"shape\":[],\"dtype\":\"float32\"");
        assertTrue(fails().getMessage().contains("optimizer weight 'iter' must be a non-negative int32 scalar, found dtype"
                + " float32"));
    }

    @Test
    void wrongMagic() throws IOException {
        Path f = dir.resolve("model.bin");
        Files.write(f, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasModels.load(f));
        assertEquals("model.bin: not a model file: expected a TF.js model.json ('{'), HDF5 (\\x89HDF) or a .keras zip"
                + " (PK), found bytes 7f454c4602010100", e.getMessage());
    }
}
