package dev.engram.io.keras.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.activations.Activations;
import dev.engram.initializers.Distribution;
import dev.engram.initializers.Initializers;
import dev.engram.initializers.VarianceScaling;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.ActivationLayerConfig;
import dev.engram.layers.DenseConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.LstmConfig;
import dev.engram.models.Model;
import dev.engram.models.Sequential;
import dev.engram.models.SymbolicTensor;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Topology mapping across dialects, and writing errors for functions a dialect cannot name. */
class KerasTopologyTest {
    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s.replace('\'', '"'));
    }

    @Test
    void keras1ListConfigWithOldArgumentNames() throws Exception {
        Sequential m = (Sequential) KerasTopology.toModel(json("{'class_name':'Sequential','config':[{'class_name':'LSTM','config':"
                + "{'name':'lstm_1','output_dim':4,'activation':'tanh','inner_activation':'hard_sigmoid','init':'glorot_uniform',"
                + "'inner_init':'orthogonal','forget_bias_init':'one','return_sequences':false,'go_backwards':false,"
                + "'batch_input_shape':[null,1,1],'dropout_W':0.0,'dropout_U':0.0,'stateful':false}},"
                + "{'class_name':'Dense','config':{'name':'dense_1','output_dim':1,'activation':'linear','init':'glorot_uniform','bias':true}}]}"),
                KerasDialect.KERAS_1, "k1.h5");
        LstmConfig lstm = assertInstanceOf(LstmConfig.class, m.layers().get(0).config());
        assertEquals(4, lstm.units());
        assertEquals(Activations.hardSigmoid(0.2, 0.5), lstm.recurrentActivation());
        assertEquals(Initializers.orthogonal(1.1), lstm.recurrentInitializer());
        assertEquals(Shape.of(1, 1), m.inputShape());
    }

    @Test
    void keras3InputLayerAndHardSigmoidMeansOneSixth() throws Exception {
        Sequential m = (Sequential) KerasTopology.toModel(json("{'module':'keras','class_name':'Sequential','config':{'name':'s','layers':["
                + "{'module':'keras.layers','class_name':'InputLayer','config':{'batch_shape':[null,null,3],'name':'input_layer'}},"
                + "{'module':'keras.layers','class_name':'LSTM','config':{'name':'lstm','units':2,'activation':'tanh',"
                + "'recurrent_activation':'hard_sigmoid','use_bias':true,'unit_forget_bias':true,'return_sequences':false,"
                + "'kernel_initializer':{'module':'keras.initializers','class_name':'GlorotUniform','config':{'seed':null}},"
                + "'recurrent_initializer':{'class_name':'Orthogonal','config':{'gain':1.0,'seed':3}},"
                + "'bias_initializer':{'class_name':'Zeros','config':{}},'dropout':0.0,'recurrent_dropout':0.0}}]}}"),
                KerasDialect.KERAS_3, "k3.h5");
        LstmConfig lstm = (LstmConfig) m.layers().get(0).config();
        assertEquals(Activations.hardSigmoid(1.0 / 6, 0.5), lstm.recurrentActivation());
        assertEquals(Initializers.orthogonal().withSeed(3), lstm.recurrentInitializer());
        assertEquals(Shape.of(Shape.UNKNOWN, 3), m.inputShape());
    }

    @Test
    void functionalChainBecomesAModelWithARealActivationLayer() throws Exception {
        Model m = (Model) KerasTopology.toModel(json("{'class_name':'Functional','config':{'name':'f','layers':["
                + "{'name':'in','class_name':'InputLayer','config':{'batch_input_shape':[null,5],'name':'in'},'inbound_nodes':[]},"
                + "{'name':'d','class_name':'Dense','config':{'name':'d','units':3,'activation':'linear','use_bias':true,"
                + "'kernel_initializer':{'class_name':'VarianceScaling','config':{'scale':1,'mode':'fan_avg','distribution':'normal'}},"
                + "'bias_initializer':{'class_name':'Zeros','config':{}}},'inbound_nodes':[[['in',0,0,{}]]]},"
                + "{'name':'act','class_name':'Activation','config':{'name':'act','activation':'softmax'},'inbound_nodes':[[['d',0,0,{}]]]}],"
                + "'input_layers':[['in',0,0]],'output_layers':[['act',0,0]]}}"), KerasDialect.KERAS_2, "f.h5");
        assertEquals(2, m.layers().size());
        DenseConfig d = (DenseConfig) m.layers().get(0).config();
        assertEquals(Activations.linear(), d.activation());
        assertEquals(Distribution.TRUNCATED_NORMAL, ((VarianceScaling) d.kernelInitializer()).distribution());
        assertEquals(Activations.softmax(), ((ActivationLayerConfig) m.layers().get(1).config()).activation());
        assertEquals(List.of("in"), m.inputs().stream().map(SymbolicTensor::name).toList());
    }

    @Test
    void twoInputGraphWithAMergeLayerLoads() throws Exception {
        Model m = (Model) KerasTopology.toModel(json(
                "{'class_name':'Model','config':{'name':'g','layers':["
                + "{'name':'a','class_name':'InputLayer','config':{'batch_input_shape':[null,2]},'inbound_nodes':[]},"
                + "{'name':'b','class_name':'InputLayer','config':{'batch_input_shape':[null,2]},'inbound_nodes':[]},"
                + "{'name':'add','class_name':'Add','config':{'name':'add'},'inbound_nodes':[[['a',0,0,{}],['b',0,0,{}]]]}],"
                + "'input_layers':[['a',0,0],['b',0,0]],'output_layers':[['add',0,0]]}}"), KerasDialect.KERAS_2, "g.h5");
        Tensor out = m.predict(List.of(Tensor.of(new float[][] {{1, 2}}), Tensor.of(new float[][] {{10, 20}}))).get(0);
        assertEquals(Tensor.of(new float[][] {{11, 22}}), out);
    }

    @Test
    void activationAfterLstmIsARealLayer() throws Exception {
        Sequential m = (Sequential) KerasTopology.toModel(json(
                "{'class_name':'Sequential','config':{'name':'s','layers':[{'class_name':'LSTM','config':{'name':'l','units':2,"
                + "'activation':'tanh','recurrent_activation':'sigmoid','batch_input_shape':[null,3,1],"
                + "'kernel_initializer':'glorot_uniform','recurrent_initializer':'orthogonal','bias_initializer':'zeros'}},"
                + "{'class_name':'Activation','config':{'name':'a','activation':'relu'}}]}}"), KerasDialect.KERAS_2, "s.h5");
        assertEquals(List.of("l", "a"), m.layers().stream().map(l -> l.name()).toList());
        assertEquals(Activations.relu(), ((ActivationLayerConfig) m.layers().get(1).config()).activation());
    }

    @Test
    void writingAFunctionTheDialectCannotNameIsAnError() {
        Sequential m = new Sequential("m", 1);
        m.add(Layers.lstm(2).withRecurrentActivation(Activations.hardSigmoid(0.3, 0.5)).withName("lstm").inputShape(3, 1));
        for (KerasDialect d : new KerasDialect[] {KerasDialect.TFJS, KerasDialect.KERAS_2, KerasDialect.KERAS_3}) {
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasTopology.toJson(m, d));
            assertEquals("model 'm' at /config/layers/" + (d == KerasDialect.TFJS ? 0 : 1) + "/config/recurrent_activation:"
                    + " activation hardSigmoid(0.3, 0.5) has no name in " + d + " (names known: "
                    + (d == KerasDialect.TFJS ? "[linear, relu, relu6, elu, selu, tanh, sigmoid, hard_sigmoid, softmax,"
                    + " softplus, softsign, swish, gelu, gelu_new, mish, log_softmax]" : d == KerasDialect.KERAS_2
                    ? "[linear, relu, relu6, elu, selu, tanh, sigmoid, hard_sigmoid, softmax, softplus, softsign, swish, gelu,"
                    + " exponential, mish]"
                    : "[linear, relu, relu6, elu, selu, tanh, sigmoid, hard_sigmoid, softmax, softplus, softsign, swish, silu,"
                    + " gelu, exponential, mish, log_softmax, log_sigmoid, hard_silu, hard_swish, leaky_relu, celu, hard_tanh,"
                    + " tanh_shrink, hard_shrink, soft_shrink, squareplus, sparse_plus, sparse_sigmoid]") + "); writing it would change the model's function", e.getMessage());
        }
    }

    @Test
    void hardSigmoidIsWrittenOnlyToTheDialectsWhereItMeansTheSameFunction() throws Exception {
        Sequential tfjsDefault = new Sequential("m", 1);
        tfjsDefault.add(Layers.lstm(2).withName("lstm").inputShape(3, 1));
        assertEquals("hard_sigmoid", KerasTopology.toJson(tfjsDefault, KerasDialect.KERAS_2)
                .at("/config/layers/1/config/recurrent_activation").asText());
        assertThrows(ModelFormatException.class, () -> KerasTopology.toJson(tfjsDefault, KerasDialect.KERAS_3));
    }
}
