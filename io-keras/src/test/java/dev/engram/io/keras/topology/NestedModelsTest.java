package dev.engram.io.keras.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.layers.Layer;
import dev.engram.layers.Parameter;
import dev.engram.models.Network;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nested Sequential models are flattened into their layers (values are checked against the peers by the corpus
 * golden tests); a frozen nested model freezes its layers; a nested functional model is refused by name.
 */
class NestedModelsTest {

    @ParameterizedTest
    @ValueSource(strings = {"keras/tfkeras2/corpus_nested_in_sequential.h5", "keras/keras3/corpus_nested_in_sequential.h5",
        "keras/keras3/corpus_nested_in_sequential.keras", "tfjs/corpus_tfjs_nested_in_sequential/model.json"})
    void nestedSequentialsBecomeTheirLayersAndFrozenOnesStayFrozen(String file) throws Exception {
        Network m = KerasModels.load(Path.of("src/test/resources", file));
        List<String> types = m.layers().stream().map(Layer::typeName).toList();
        boolean tfjs = file.startsWith("tfjs");
        assertEquals(tfjs ? List.of("Dense", "Lstm", "Dense") : List.of("Dense", "Lstm", "Dense", "Dense"), types);
        if (!tfjs) {
            // frozen_head's Dense(3, tanh): trainable=False on the nested model freezes it, as in Keras.
            Layer frozen = m.layers().get(2);
            assertTrue(frozen.parameters().stream().noneMatch(Parameter::trainable), frozen.name());
            assertTrue(m.layers().get(3).parameters().stream().allMatch(Parameter::trainable));
        }
    }

    @Test
    void aNestedFunctionalModelIsRefusedByName() throws Exception {
        String json = """
                {"class_name": "Sequential", "config": {"name": "outer", "layers": [
                  {"class_name": "InputLayer", "config": {"name": "in", "batch_input_shape": [null, 3]}},
                  {"class_name": "Functional", "config": {"name": "inner", "layers": [], "input_layers": [],
                   "output_layers": []}}]}}""";
        UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class,
                () -> KerasTopology.toModel(new ObjectMapper().readTree(json), KerasDialect.KERAS_2, "m.json"));
        assertEquals("m.json at /config/layers/1: layer 'inner' is a nested functional model (Functional); Engram"
                + " flattens nested Sequential models only: call the inner model's layers directly, or save the inner"
                + " model as a Sequential", e.getMessage());
        assertFalse(e.getMessage().contains("NullPointer"));
    }
}
