package dev.engram.io.keras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.Padding;
import java.util.ArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The class-name aliases tf-keras 2.18 and Keras 3.10 deserialize ({@code keras.layers.Convolution1D is Conv1D},
 * checked with both: {@code layers.deserialize} of each alias gives the canonical class) read as their layer in
 * both dialects and are written under the canonical name; in a Keras 1 file the {@code Convolution} names are
 * Keras 1 classes and stay refused.
 */
class KerasAliasesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LayerConfig<?> read(String cls, String config, KerasDialect d) throws Exception {
        String entry = "{\"class_name\": \"" + cls + "\", \"config\": {\"name\": \"x\"" + config + "}}";
        return KerasLayers.read(new ConfigNode("model.json", "", JSON.readTree(entry)), d, null, new ArrayList<>());
    }

    private static LayerConfig<?> sample(String canonical) {
        return switch (canonical) {
            case "Conv1D" -> Layers.conv1d(2, 3).withStrides(2);
            case "Conv2D" -> Layers.conv2d(2, 3, 2).withPadding(Padding.SAME);
            case "Conv3D" -> Layers.conv3d(2, 2);
            case "GlobalAveragePooling1D" -> Layers.globalAveragePooling1d();
            default -> Layers.globalMaxPooling1d();
        };
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"Convolution1D, Conv1D", "Convolution2D, Conv2D", "Convolution3D, Conv3D",
        "GlobalAvgPool1D, GlobalAveragePooling1D", "GlobalMaxPool1D, GlobalMaxPooling1D"})
    void aliasesReadAsTheirLayerAndWriteTheCanonicalName(String alias, String canonical) throws Exception {
        for (KerasDialect d : new KerasDialect[] {KerasDialect.KERAS_2, KerasDialect.KERAS_3}) {
            ConfigNode where = new ConfigNode("model.json", "", JSON.createObjectNode());
            ObjectNode entry = KerasLayers.write(sample(canonical), "x", d, null, where);
            assertEquals(canonical, entry.get("class_name").asText());
            LayerConfig<?> expected = KerasLayers.read(new ConfigNode("model.json", "", entry), d, null,
                    new ArrayList<>());
            entry.put("class_name", alias);
            LayerConfig<?> a = KerasLayers.read(new ConfigNode("model.json", "", entry), d, null, new ArrayList<>());
            assertEquals(expected, a, alias + " in " + d);
            assertEquals(canonical, KerasLayers.className(a));
        }
    }

    @ParameterizedTest
    @CsvSource({"Convolution1D", "Convolution2D", "Convolution3D"})
    void keras1ConvolutionClassesStayRefused(String cls) {
        ModelFormatException e = assertThrows(UnsupportedLayerException.class,
                () -> read(cls, ", \"nb_filter\": 2, \"filter_length\": 3", KerasDialect.KERAS_1));
        assertTrue(e.getMessage().contains("Keras 1 " + cls + " is unsupported"), e.getMessage());
    }
}
