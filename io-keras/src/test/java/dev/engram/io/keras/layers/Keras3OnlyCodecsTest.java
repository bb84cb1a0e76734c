package dev.engram.io.keras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.AugmentationKind;
import dev.engram.layers.ImageAugmentationConfig;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.RandomCropConfig;
import dev.engram.layers.RandomCropInference;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The refusals of the EinsumDense, augmentation, RandomCrop and RMSNormalization codecs, each message once: an
 * equation outside Keras's forms and LoRA on read; TF.js's RandomWidth (which TF.js itself cannot build) on read;
 * a key the target generation's class does not take, a RandomCrop in the other generation and a TF.js augmentation
 * on write.
 */
class Keras3OnlyCodecsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String INITIALIZERS = ", \"kernel_initializer\": {\"class_name\": \"GlorotUniform\","
            + " \"config\": {\"seed\": null}}, \"bias_initializer\": {\"class_name\": \"Zeros\", \"config\": {}}";

    private static LayerConfig<?> read(String entry, KerasDialect d) throws Exception {
        return KerasLayers.read(new ConfigNode("model.json", "", JSON.readTree(entry)), d, null, new ArrayList<>());
    }

    private static ModelFormatException write(LayerConfig<?> config, KerasDialect d) {
        return assertThrows(ModelFormatException.class, () -> KerasLayers.write(config, "layer_x", d, null,
                new ConfigNode("model.json", "/config/layers/1", JSON.createObjectNode())));
    }

    @Test
    void einsumDenseRefusesEquationsOutsideKerasFormsAndLora() {
        UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class, () -> read("{\"class_name\":"
                + " \"EinsumDense\", \"config\": {\"name\": \"proj\", \"equation\": \"abc,cde->abd\", \"output_shape\":"
                + " [null, 5], \"activation\": \"linear\", \"bias_axes\": null" + INITIALIZERS + "}}", KerasDialect.KERAS_3));
        assertTrue(e.getMessage().contains("layer 'proj' (EinsumDense): EinsumDense equation 'abc,cde->abd' sums"
                + " kernel label 'e' alone"), e.getMessage());
        ModelFormatException lora = assertThrows(ModelFormatException.class, () -> read("{\"class_name\":"
                + " \"EinsumDense\", \"config\": {\"name\": \"proj\", \"equation\": \"abc,cd->abd\", \"output_shape\":"
                + " [null, 5], \"activation\": \"linear\", \"lora_rank\": 4" + INITIALIZERS + "}}", KerasDialect.KERAS_3));
        assertTrue(lora.getMessage().contains("lora_rank") && lora.getMessage().contains("LoRA"), lora.getMessage());
    }

    @Test
    void tfjsRandomWidthIsRefusedBecauseTfjsCannotBuildIt() {
        UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class, () -> read("{\"class_name\":"
                + " \"RandomWidth\", \"config\": {\"name\": \"rw\", \"factor\": 0.2, \"interpolation\": \"bilinear\"}}",
                KerasDialect.TFJS));
        assertEquals("model.json at /config: layer 'rw' (RandomWidth): TF.js 4.22 cannot build a model with RandomWidth"
                + " (its output shape has size -1: \"Negative dimension size\") and its call resizes at random at"
                + " inference too", e.getMessage());
        UnsupportedLayerException flip = assertThrows(UnsupportedLayerException.class, () -> read("{\"class_name\":"
                + " \"RandomFlip\", \"config\": {\"name\": \"f\"}}", KerasDialect.TFJS));
        assertTrue(flip.getMessage().endsWith("TF.js 4.22 has no RandomFlip layer"), flip.getMessage());
    }

    @Test
    void augmentationKeysTheTargetGenerationLacksAreRefusedOnWrite() throws Exception {
        LayerConfig<?> contrast = read("{\"class_name\": \"RandomContrast\", \"config\": {\"name\": \"c\", \"factor\":"
                + " 0.2, \"value_range\": [0, 255], \"seed\": null}}", KerasDialect.KERAS_3);
        assertEquals(Map.of("factor", 0.2, "value_range", java.util.List.of(0L, 255L)),
                withoutNulls(((ImageAugmentationConfig) contrast).options()));
        ModelFormatException e = write(contrast, KerasDialect.KERAS_2);
        assertTrue(e.getMessage().contains("layer 'layer_x' (RandomContrast) has option 'value_range', which KERAS_2's"
                + " RandomContrast does not take"), e.getMessage());
        ModelFormatException tfjs = write(Layers.imageAugmentation(AugmentationKind.FLIP), KerasDialect.TFJS);
        assertTrue(tfjs.getMessage().contains("TF.js 4.22 has no RandomFlip"), tfjs.getMessage());
        ModelFormatException hue = write(Layers.imageAugmentation(AugmentationKind.HUE), KerasDialect.KERAS_2);
        assertTrue(hue.getMessage().contains("KERAS_2 has no RandomHue layer"), hue.getMessage());
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> m) {
        Map<String, Object> out = new java.util.HashMap<>(m);
        out.values().removeIf(java.util.Objects::isNull);
        return out;
    }

    @Test
    void randomCropIsWrittenOnlyInTheGenerationWhoseInferenceItHolds() throws Exception {
        RandomCropConfig k3 = (RandomCropConfig) read("{\"class_name\": \"RandomCrop\", \"config\": {\"name\": \"rc\","
                + " \"height\": 4, \"width\": 3, \"seed\": 12, \"data_format\": \"channels_last\"}}", KerasDialect.KERAS_3);
        assertEquals(RandomCropInference.UNCHANGED, k3.inference());
        assertEquals(12L, k3.seed());
        ModelFormatException e = write(k3, KerasDialect.KERAS_2);
        assertTrue(e.getMessage().contains("computes Keras 3's inference (the input unchanged), which KERAS_2 does not;"
                + " save it as KERAS_3"), e.getMessage());
        RandomCropConfig tf = (RandomCropConfig) read("{\"class_name\": \"RandomCrop\", \"config\": {\"name\": \"rc\","
                + " \"height\": 4, \"width\": 3, \"seed\": null}}", KerasDialect.KERAS_2);
        assertEquals(RandomCropInference.CENTER_CROP_RESIZE, tf.inference());
        assertTrue(write(tf, KerasDialect.TFJS).getMessage().contains("TF.js 4.22 has no RandomCrop"));
    }

    @Test
    void rmsNormalizationHasOnlyAKeras3Form() {
        ModelFormatException e = write(Layers.rmsNormalization(), KerasDialect.KERAS_2);
        assertTrue(e.getMessage().contains("only Keras 3 has RMSNormalization"), e.getMessage());
    }
}
