package dev.engram.io.keras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.DataFormat;
import dev.engram.layers.Layers;
import dev.engram.layers.Padding;
import dev.engram.layers.ZeroPadding2DConfig;
import java.io.IOException;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * The spatial codecs on the forms KerasLayersTest's write-read round trips do not produce: Keras 1's
 * {@code border_mode}/{@code dim_ordering}, the one-number and per-axis spellings of sizes and sides,
 * aliases, and the refusals (bilinear up-sampling, an undecidable dim_ordering, bad sizes) with their messages.
 */
class SpatialCodecsTest {

    private static ConfigNode entry(String cls, String config) throws IOException {
        return new ConfigNode("m.json", "/layers/1", new ObjectMapper().readTree(
                "{\"class_name\":\"" + cls + "\",\"config\":" + config + "}"));
    }

    private static Object read(String cls, String config, KerasDialect d) throws Exception {
        return KerasLayers.read(entry(cls, config), d, null, new ArrayList<>());
    }

    @Test
    void kerasOneBorderModeAndDimOrdering() throws Exception {
        assertEquals(Layers.maxPooling2d(3, 2).withStrides(1, 2).withPadding(Padding.SAME)
                .withDataFormat(DataFormat.CHANNELS_FIRST).withName("pool"), read("MaxPooling2D",
                "{\"name\":\"pool\",\"pool_size\":[3,2],\"strides\":[1,2],\"border_mode\":\"same\",\"dim_ordering\":\"th\"}",
                KerasDialect.KERAS_1));
        assertEquals(new ZeroPadding2DConfig(2, 2, 1, 1, DataFormat.CHANNELS_LAST, "pad", null), read("ZeroPadding2D",
                "{\"name\":\"pad\",\"padding\":[2,1],\"dim_ordering\":\"tf\"}", KerasDialect.KERAS_1));
        UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class, () -> read("UpSampling2D",
                "{\"name\":\"up\",\"size\":[2,2],\"dim_ordering\":\"default\"}", KerasDialect.KERAS_1));
        assertEquals("m.json at /layers/1/config/dim_ordering: UpSampling2D 'up' has dim_ordering \"default\"; expected tf"
                + " or th (default depends on the writer's keras.json)", e.getMessage());
    }

    @Test
    void sizesAndSidesInEverySpelling() throws Exception {
        assertEquals(Layers.averagePooling3d(2, 2, 2).withName("p3"), read("AvgPool3D", "{\"name\":\"p3\",\"pool_size\":2}",
                KerasDialect.KERAS_3));
        assertEquals(Layers.cropping2d(1, 1, 1, 1).withName("c"), read("Cropping2D", "{\"name\":\"c\",\"cropping\":1}",
                KerasDialect.KERAS_2));
        assertEquals(Layers.cropping2d(0, 0, 0, 0).withName("c"), read("Cropping2D", "{\"name\":\"c\"}",
                KerasDialect.TFJS));
        assertEquals(Layers.zeroPadding2d(1, 1, 1, 1).withName("z"), read("ZeroPadding2D", "{\"name\":\"z\"}",
                KerasDialect.KERAS_3));
        assertEquals(Layers.upSampling2d(3, 3).withName("u"), read("UpSampling2D", "{\"name\":\"u\",\"size\":3}",
                KerasDialect.TFJS));
        assertEquals(Layers.globalMaxPooling2d().withKeepDims(true).withName("g"), read("GlobalMaxPool2D",
                "{\"name\":\"g\",\"keepdims\":true,\"data_format\":\"channels_last\"}", KerasDialect.KERAS_3));
    }

    @Test
    void refusalsNameTheLayerAndTheKey() {
        UnsupportedLayerException bilinear = assertThrows(UnsupportedLayerException.class, () -> read("UpSampling2D",
                "{\"name\":\"up\",\"size\":[2,2],\"interpolation\":\"bilinear\"}", KerasDialect.KERAS_3));
        assertEquals("m.json at /layers/1/config/interpolation: UpSampling2D 'up' has interpolation \"bilinear\"; Engram"
                + " supports nearest only (bilinear is computed differently by TF.js and Keras)", bilinear.getMessage());
        assertEquals("up", bilinear.layerName());
        ModelFormatException size = assertThrows(ModelFormatException.class, () -> read("MaxPooling2D",
                "{\"name\":\"p\",\"pool_size\":[2,2,2]}", KerasDialect.KERAS_3));
        assertTrue(size.getMessage().contains("/layers/1/config/pool_size")
                && size.getMessage().contains("a number or a list of 2"), size.getMessage());
        ModelFormatException sides = assertThrows(ModelFormatException.class, () -> read("ZeroPadding2D",
                "{\"name\":\"z\",\"padding\":[[1,-1],[0,0]]}", KerasDialect.KERAS_2));
        assertTrue(sides.getMessage().contains("/layers/1/config/padding/0/1")
                && sides.getMessage().contains("an integer >= 0"), sides.getMessage());
        UnsupportedLayerException pad = assertThrows(UnsupportedLayerException.class, () -> read("AveragePooling2D",
                "{\"name\":\"a\",\"padding\":\"causal\"}", KerasDialect.KERAS_3));
        assertEquals("m.json at /layers/1/config/padding: AveragePooling2D 'a' has padding \"causal\"; expected valid or"
                + " same", pad.getMessage());
    }
}
