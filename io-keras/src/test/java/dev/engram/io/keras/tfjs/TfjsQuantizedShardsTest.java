package dev.engram.io.keras.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.models.Sequential;
import dev.engram.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Converter-style manifests: several groups, several paths per group, uint8 / uint16 / float16 quantisation. */
class TfjsQuantizedShardsTest {
    @TempDir
    Path dir;

    @Test
    void groupsPathsAndQuantisedWeightsDecode() throws Exception {
        String json = "{\"modelTopology\":{\"class_name\":\"Sequential\",\"config\":{\"name\":\"q\",\"layers\":["
                + "{\"class_name\":\"Dense\",\"config\":{\"units\":2,\"activation\":\"linear\",\"use_bias\":true,"
                + "\"kernel_initializer\":{\"class_name\":\"Zeros\",\"config\":{}},\"bias_initializer\":{\"class_name\":\"Zeros\",\"config\":{}},"
                + "\"name\":\"d\",\"batch_input_shape\":[null,2]}}]},\"keras_version\":\"tfjs-layers 4.22.0\"},"
                + "\"weightsManifest\":["
                + "{\"paths\":[\"g1-a.bin\",\"g1-b.bin\"],\"weights\":[{\"name\":\"d/kernel\",\"shape\":[2,2],\"dtype\":\"float32\","
                + "\"quantization\":{\"dtype\":\"uint8\",\"min\":-1.0,\"scale\":0.5}}]},"
                + "{\"paths\":[\"g2.bin\"],\"weights\":[{\"name\":\"d/bias\",\"shape\":[2],\"dtype\":\"float32\","
                + "\"quantization\":{\"dtype\":\"float16\"}}]}],\"format\":\"layers-model\"}";
        Files.writeString(dir.resolve("model.json"), json);
        Files.write(dir.resolve("g1-a.bin"), new byte[] {0, 2, 4});
        Files.write(dir.resolve("g1-b.bin"), new byte[] {(byte) 255});
        Files.write(dir.resolve("g2.bin"), new byte[] {0x00, 0x3C, 0x00, (byte) 0xC0}); // 1.0, -2.0 little-endian
        Sequential m = TfjsModelReader.readSequential(dir.resolve("model.json"));
        assertEquals(Tensor.of(new float[][] {{-1f, 0f}, {1f, 126.5f}}), m.getWeights().get(0));
        assertEquals(Tensor.of(new float[] {1f, -2f}), m.getWeights().get(1));
    }

    @Test
    void halfPrecisionDecoding() {
        assertEquals(65504f, TfjsWeightCodec.halfToFloat((short) 0x7BFF));
        assertEquals(5.9604645e-8f, TfjsWeightCodec.halfToFloat((short) 0x0001));
        assertEquals(Float.NEGATIVE_INFINITY, TfjsWeightCodec.halfToFloat((short) 0xFC00));
        assertEquals(-0.0f, TfjsWeightCodec.halfToFloat((short) 0x8000));
    }
}
