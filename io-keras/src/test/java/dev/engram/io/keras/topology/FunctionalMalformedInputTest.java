package dev.engram.io.keras.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.activations.Activations;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.LayerWeights;
import dev.engram.io.keras.internal.NamedTensor;
import dev.engram.io.keras.internal.WeightAssignment;
import dev.engram.layers.Layers;
import dev.engram.layers.Parameter;
import dev.engram.models.Sequential;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Malformed functional graphs and wrapper configs: each a precise ModelFormatException. */
class FunctionalMalformedInputTest {
    private static final String DENSE = "'kernel_initializer':{'class_name':'Zeros','config':{}},"
            + "'bias_initializer':{'class_name':'Zeros','config':{}},'activation':'linear','units':2";

    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s.replace('\'', '"'));
    }

    private static String graph(String layers, String outputs) {
        return "{'class_name':'Functional','config':{'name':'g','layers':["
                + "{'name':'in','class_name':'InputLayer','config':{'batch_input_shape':[null,2],'name':'in'},'inbound_nodes':[]},"
                + layers + "],'input_layers':[['in',0,0]],'output_layers':" + outputs + "}}";
    }

    @Test
    void cycleIsRejected() throws Exception {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasTopology.toModel(json(graph(
                "{'name':'a','class_name':'Dense','config':{'name':'a'," + DENSE + "},'inbound_nodes':[[['b',0,0,{}]]]},"
                + "{'name':'b','class_name':'Dense','config':{'name':'b'," + DENSE + "},'inbound_nodes':[[['a',0,0,{}]]]}",
                "[['b',0,0]]")), KerasDialect.KERAS_2, "cycle.h5"));
        assertEquals("cycle.h5 at /config/layers/1/inbound_nodes/0: the layer graph has a cycle (or a reference to a"
                + " call that never happens): calls ['a' #0, 'b' #0] wait for each other", e.getMessage());
    }

    @Test
    void inboundNodeNamingAnUnknownLayer() throws Exception {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasTopology.toModel(json(graph(
                "{'name':'a','class_name':'Dense','config':{'name':'a'," + DENSE + "},'inbound_nodes':[[['nope',0,0,{}]]]}",
                "[['a',0,0]]")), KerasDialect.KERAS_2, "unknown.h5"));
        assertEquals("unknown.h5 at /config/layers/1/inbound_nodes/0/0: an inbound node of layer 'a' names unknown"
                + " layer 'nope'; layers: [in, a]", e.getMessage());
    }

    @Test
    void keras3InboundNodeNamingAnUnknownLayer() throws Exception {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasTopology.toModel(json(graph(
                "{'name':'a','class_name':'Dense','config':{'name':'a'," + DENSE + "},'inbound_nodes':[{'args':[{"
                + "'class_name':'__keras_tensor__','config':{'shape':[null,2],'keras_history':['ghost',0,0]}}],'kwargs':{}}]}",
                "[['a',0,0]]")), KerasDialect.KERAS_3, "k3.keras"));
        assertEquals("k3.keras at /config/layers/1/inbound_nodes/0/args/0/config/keras_history: an inbound node of"
                + " layer 'a' names unknown layer 'ghost'; layers: [in, a]", e.getMessage());
    }

    @Test
    void outputNodeThatDoesNotExist() throws Exception {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasTopology.toModel(json(graph(
                "{'name':'a','class_name':'Dense','config':{'name':'a'," + DENSE + "},'inbound_nodes':[[['in',0,0,{}]]]}",
                "[['a',3,0]]")), KerasDialect.KERAS_2, "out.h5"));
        assertEquals("out.h5 at /config/output_layers/0: output 'a' node 3 is never computed", e.getMessage());
    }

    @Test
    void unknownMergeMode() throws Exception {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasTopology.toModel(json(
                "{'class_name':'Sequential','config':{'name':'s','layers':[{'class_name':'Bidirectional','config':{"
                + "'name':'bi','merge_mode':'max','batch_input_shape':[null,3,2],'layer':{'class_name':'SimpleRNN',"
                + "'config':{'name':'rnn','units':2,'activation':'tanh'," + "'kernel_initializer':{'class_name':'Zeros','config':{}},"
                + "'recurrent_initializer':{'class_name':'Zeros','config':{}},'bias_initializer':{'class_name':'Zeros','config':{}}}}}}]}}"),
                KerasDialect.KERAS_2, "bi.h5"));
        assertEquals("bi.h5 at /config/layers/0/config/merge_mode: unknown merge mode 'max' of Bidirectional 'bi';"
                + " expected \"concat\", \"sum\", \"mul\", \"ave\" or null", e.getMessage());
    }

    @Test
    void keras3BackwardLayerThatIsNotTheMirror() throws Exception {
        String rnn = "'units':2,'activation':'tanh','kernel_initializer':{'class_name':'Zeros','config':{}},"
                + "'recurrent_initializer':{'class_name':'Zeros','config':{}},'bias_initializer':{'class_name':'Zeros','config':{}}";
        UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class, () -> KerasTopology.toModel(json(
                "{'class_name':'Sequential','config':{'name':'s','layers':[{'class_name':'Bidirectional','config':{"
                + "'name':'bi','merge_mode':'concat','batch_input_shape':[null,3,2],"
                + "'layer':{'class_name':'SimpleRNN','config':{'name':'forward_rnn'," + rnn + "}},"
                + "'backward_layer':{'class_name':'SimpleRNN','config':{'name':'backward_rnn','go_backwards':true,"
                + rnn.replace("'activation':'tanh'", "'activation':'relu'") + "}}}}]}}"), KerasDialect.KERAS_3, "bi.keras"));
        assertEquals("bi.keras at /config/layers/0/config/backward_layer: Bidirectional 'bi' has a backward_layer that"
                + " is not the mirror of its forward layer (same config with go_backwards flipped); Engram's"
                + " Bidirectional builds the backward layer as that mirror", e.getMessage());
    }

    @Test
    void wrongWeightCountForABidirectional() throws Exception {
        Sequential m = Sequential.seeded(1, Layers.bidirectional(Layers.lstm(2).withRecurrentActivation(Activations.sigmoid()))
                .withName("bi").inputShape(3, 2));
        List<NamedTensor> ts = new ArrayList<>();
        for (Parameter p : m.parameters()) {
            ts.add(new NamedTensor(p.layerName() + "/lstm_cell/" + (p.name().equals("recurrentKernel") ? "recurrent_kernel"
                    : p.name()) + ":0", p.value()));
        }
        ts.remove(ts.size() - 1); // the backward bias is missing
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> WeightAssignment.assign(m, List.of(new LayerWeights("bi", ts)), "bi.h5"));
        assertEquals("bi.h5 at layer 'bi': file has 5 weights [forward/kernel [2,8], forward/recurrent_kernel [2,8],"
                + " forward/bias [8], backward/kernel [2,8], backward/recurrent_kernel [2,8]] but the layer expects 6"
                + " [forward/kernel [2,8], forward/recurrentKernel [2,8], forward/bias [8], backward/kernel [2,8],"
                + " backward/recurrentKernel [2,8], backward/bias [8]]", e.getMessage());
    }

    @Test
    void bidirectionalWeightsGoToTheRightHalfByName() throws Exception {
        Sequential m = Sequential.seeded(1, Layers.bidirectional(Layers.simpleRnn(2)).withName("bi").inputShape(3, 2));
        List<NamedTensor> ts = new ArrayList<>();
        List<Parameter> ps = m.parameters();
        // backward half first in the file: matching is by the forward_/backward_ path segment, not position
        for (int i : new int[] {3, 4, 5, 0, 1, 2}) {
            Parameter p = ps.get(i);
            float[] v = new float[p.shape().size()];
            java.util.Arrays.fill(v, i);
            ts.add(new NamedTensor("bi/" + p.layerName().substring(3) + "/simple_rnn_cell/" + (p.name().equals("recurrentKernel")
                    ? "recurrent_kernel" : p.name()) + ":0", dev.engram.tensor.Tensor.of(p.shape(), v)));
        }
        WeightAssignment.assign(m, List.of(new LayerWeights("bi", ts)), "bi.h5");
        for (int i = 0; i < ps.size(); i++) {
            assertTrue(ps.get(i).value().buffer()[0] == i, ps.get(i).path());
        }
    }
}
