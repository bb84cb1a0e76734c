package dev.engram.io.keras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.LstmConfig;
import dev.engram.layers.RnnConfig;
import dev.engram.layers.RnnStateOrder;
import dev.engram.io.keras.TfjsWriteOptions;
import dev.engram.io.keras.tfjs.TfjsModelReader;
import dev.engram.io.keras.tfjs.TfjsModelWriter;
import dev.engram.layers.Layers;
import dev.engram.models.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RNN codec on hostile and edge-case entries: every refusal names the file, the place in it,
 * the layer and what was expected; the state order follows the dialect.
 */
class RnnCodecTest {
    private static final String LSTM_CELL = "{\"class_name\":\"LSTMCell\",\"config\":{\"name\":\"lstm_cell\",\"units\":3,"
            + "\"activation\":\"tanh\",\"recurrent_activation\":\"sigmoid\","
            + "\"kernel_initializer\":{\"class_name\":\"GlorotUniform\",\"config\":{}},"
            + "\"recurrent_initializer\":{\"class_name\":\"Orthogonal\",\"config\":{}},"
            + "\"bias_initializer\":{\"class_name\":\"Zeros\",\"config\":{}}}}";

    private static RnnConfig read(String json, KerasDialect d) throws ModelFormatException {
        return (RnnConfig) KerasLayers.read(new ConfigNode("m.json", "/layers/1", json(json)), d, null,
                new ArrayList<>());
    }

    private static ModelFormatException refused(String json) {
        return assertThrows(ModelFormatException.class, () -> read(json, KerasDialect.KERAS_3));
    }

    private static JsonNode json(String s) {
        try {
            return new ObjectMapper().readTree(s);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void stateOrderAndStackingFollowTheFile() throws ModelFormatException {
        String stacked = "{\"class_name\":\"RNN\",\"config\":{\"name\":\"rnn\",\"return_state\":true,\"cell\":"
                + "{\"class_name\":\"StackedRNNCells\",\"config\":{\"cells\":[" + LSTM_CELL + "]}}}}";
        RnnConfig tfjs = read(stacked, KerasDialect.TFJS);
        assertEquals(RnnStateOrder.LAST_CELL_FIRST, tfjs.stateOrder());
        assertTrue(tfjs.stacked(), "a list of one cell is still a StackedRNNCells");
        assertEquals(null, tfjs.cells().get(0).name(), "the default cell name reads back as unnamed");
        assertEquals(RnnStateOrder.FIRST_CELL_FIRST, read(stacked, KerasDialect.KERAS_2).stateOrder());
        RnnConfig single = read("{\"class_name\":\"RNN\",\"config\":{\"name\":\"r\",\"cell\":" + LSTM_CELL.replace(
                "lstm_cell\"", "my_cell\"") + "}}", KerasDialect.KERAS_3);
        assertTrue(!single.stacked() && single.cells().get(0) instanceof LstmConfig l && "my_cell".equals(l.name()));
    }

    @TempDir
    Path dir;

    /** A 2 KB model.json asking for huge cells or filters is refused before any weight is allocated. */
    @Test
    void hugeCellsAndFiltersAreRefusedBeforeAllocating() throws IOException {
        Path rnn = dir.resolve("rnn");
        TfjsModelWriter.write(Sequential.seeded(1, Layers.rnn(List.of(Layers.lstmCell(3), Layers.gruCell(2)))
                .withName("rnn").inputShape(4, 2)), rnn, TfjsWriteOptions.defaults());
        Path json = rnn.resolve("model.json");
        Files.writeString(json, Files.readString(json).replace("\"units\":2", "\"units\":200"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TfjsModelReader.read(json));
        assertTrue(e.getMessage().startsWith("model.json at /modelTopology/config/layers: layer 'rnn' for input [4, 2]"
                + " brings the model to at least "), e.getMessage());
        assertTrue(e.getMessage().endsWith("parameters, but the file holds only 108 weight values"), e.getMessage());
        Path conv = dir.resolve("conv");
        TfjsModelWriter.write(Sequential.seeded(1, Layers.convLstm2d(2, 2, 2).withName("conv").inputShape(3, 4, 4, 1)),
                conv, TfjsWriteOptions.defaults());
        Path cj = conv.resolve("model.json");
        Files.writeString(cj, Files.readString(cj).replace("\"filters\":2", "\"filters\":300"));
        ModelFormatException c = assertThrows(ModelFormatException.class, () -> TfjsModelReader.read(cj));
        assertTrue(c.getMessage().contains("layer 'conv' for input [3, 4, 4, 1]"), c.getMessage());
    }

    @Test
    void hostileEntriesAreRefusedPrecisely() {
        assertEquals("m.json at /layers/1/config/cell: RNN 'r' has no cell; expected {class_name, config} of LSTMCell,"
                + " GRUCell, SimpleRNNCell or StackedRNNCells",
                refused("{\"class_name\":\"RNN\",\"config\":{\"name\":\"r\"}}").getMessage());
        ModelFormatException empty = refused("{\"class_name\":\"RNN\",\"config\":{\"name\":\"r\",\"cell\":"
                + "{\"class_name\":\"StackedRNNCells\",\"config\":{\"cells\":[]}}}}");
        assertEquals("m.json at /layers/1: layer 'r': RNN needs at least one cell, got an empty cell list",
                empty.getMessage());
        UnsupportedLayerException custom = assertThrows(UnsupportedLayerException.class, () -> read(
                "{\"class_name\":\"RNN\",\"config\":{\"name\":\"r\",\"cell\":{\"class_name\":\"MinimalRNNCell\","
                        + "\"config\":{\"units\":2}}}}", KerasDialect.KERAS_3));
        assertEquals("m.json at /layers/1/config/cell: RNN 'r' has a cell of class MinimalRNNCell; Engram's RNN cells"
                + " are LSTMCell, GRUCell and SimpleRNNCell", custom.getMessage());
        UnsupportedLayerException nested = assertThrows(UnsupportedLayerException.class, () -> read(
                "{\"class_name\":\"RNN\",\"config\":{\"name\":\"r\",\"cell\":{\"class_name\":\"StackedRNNCells\","
                        + "\"config\":{\"cells\":[{\"class_name\":\"StackedRNNCells\",\"config\":{\"cells\":["
                        + LSTM_CELL + "]}}]}}}}", KerasDialect.KERAS_3));
        assertTrue(nested.getMessage().endsWith("(a StackedRNNCells holds them directly, not another StackedRNNCells)"),
                nested.getMessage());
        assertTrue(nested.getMessage().startsWith("m.json at /layers/1/config/cell/config/cells/0:"),
                nested.getMessage());
        UnsupportedLayerException seq = assertThrows(UnsupportedLayerException.class, () -> read(
                "{\"class_name\":\"RNN\",\"config\":{\"name\":\"r\",\"cell\":{\"class_name\":\"GRUCell\","
                        + "\"config\":{\"units\":2,\"return_sequences\":true}}}}", KerasDialect.KERAS_3));
        assertEquals("m.json at /layers/1/config/cell/config/return_sequences: RNN 'r' has a GRUCell with "
                + "return_sequences true; a cell has no sequence options", seq.getMessage());
        UnsupportedLayerException constants = assertThrows(UnsupportedLayerException.class, () -> read(
                "{\"class_name\":\"RNN\",\"config\":{\"name\":\"r\",\"num_constants\":1,\"cell\":" + LSTM_CELL + "}}",
                KerasDialect.TFJS));
        assertTrue(constants.getMessage().contains("RNN 'r' has num_constants 1; Engram does not support RNN constants"),
                constants.getMessage());
        ModelFormatException units = refused("{\"class_name\":\"RNN\",\"config\":{\"name\":\"r\",\"cell\":"
                + "{\"class_name\":\"LSTMCell\",\"config\":{\"units\":0}}}}");
        assertEquals("m.json at /layers/1/config/cell/config/units: expected a positive integer, found 0",
                units.getMessage());
    }
}
