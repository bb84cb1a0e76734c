package dev.engram.io.onnx;

import static dev.engram.io.onnx.ShapeOnlyHeadsTest.info;
import static dev.engram.io.onnx.ShapeOnlyHeadsTest.ints;
import static dev.engram.io.onnx.ShapeOnlyHeadsTest.integer;
import static dev.engram.io.onnx.ShapeOnlyHeadsTest.longs;
import static dev.engram.io.onnx.ShapeOnlyHeadsTest.node;
import static dev.engram.io.onnx.ShapeOnlyHeadsTest.ramp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.activations.Activations;
import dev.engram.io.onnx.codec.TensorCodec;
import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.io.onnx.proto.Onnx.GraphProto;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.NodeProto;
import dev.engram.io.onnx.proto.Onnx.OperatorSetIdProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.layers.GlobalPooling1D;
import dev.engram.layers.Layer;
import dev.engram.layers.Layers;
import dev.engram.layers.Lstm;
import dev.engram.models.Model;
import dev.engram.models.Network;
import dev.engram.models.SymbolicTensor;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import dev.engram.testing.FixturePaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link OnnxModel#toNetwork()}: Engram's functional exports (several inputs and outputs, merges,
 * recurrent branches, shared layers) convert back and predict what the original predicts; graphs
 * in the forms PyTorch and tf2onnx write (branches, {@code (a + b) / 2}, global pools after a
 * channels-first Transpose, ReverseSequence for go_backwards) convert and predict what the graph
 * predicts; what cannot be expressed is refused with the node and the reason.
 */
class ToNetworkTest {
    private static final Agreement ROUND_TRIP = new Agreement();
    private static final Agreement GRAPH = new Agreement();
    private static final Map<String, String> REFUSED = new java.util.concurrent.ConcurrentSkipListMap<>();
    private static final Set<String> CONVERTED = new java.util.concurrent.ConcurrentSkipListSet<>();
    private static final int T = 4;
    private static final int F = 3;
    private static final int H = 5;

    /** Exports that must convert back (the rest may convert, and then must agree, or be refused). */
    private static final Set<String> MUST_CONVERT = Set.of("gru_last", "bilstm_concat_sequences",
            "birnn_concat_stacked", "two_inputs_two_outputs_shared", "lstm_gru_branches_concat_add",
            "recurrent_branches_average_multiply", "vector_inputs_dense_merges", "pooling_branches",
            "shared_dense_two_inputs", "bilstm_ave_sequences", "bigru_mul_last", "bigru_sum_sequences",
            "lstm_gru_rnn_return_state", "seq2seq_initial_states", "bilstm_none_two_outputs");

    private static Map<String, Supplier<Network>> models() {
        Map<String, Supplier<Network>> m = new LinkedHashMap<>(NetworkModels.all());
        m.put("lstm_gru_branches_concat_add", () -> NetworkModels.functional(b -> {
            SymbolicTensor a = b.input("a", 5, 3);
            SymbolicTensor c = b.input("c", 5, 2);
            SymbolicTensor la = b.apply(Layers.lstm(4), a);
            SymbolicTensor gc = b.apply(Layers.gru(4).withResetAfter(true), c);
            SymbolicTensor cat = b.apply(Layers.concatenate(), la, gc);
            SymbolicTensor y1 = b.apply(Layers.dense(3).withActivation(Activations.tanh()), cat);
            SymbolicTensor y2 = b.apply(Layers.dense(2), b.apply(Layers.add(), la, gc));
            SymbolicTensor y3 = b.apply(Layers.dense(1), la);
            return List.of(List.of(a, c), List.of(y1, y2, y3));
        }));
        m.put("recurrent_branches_average_multiply", () -> NetworkModels.functional(b -> {
            SymbolicTensor x = b.input("x", 6, 3);
            SymbolicTensor s = b.apply(Layers.lstm(4).withReturnSequences(true), x);
            SymbolicTensor g = b.apply(Layers.gru(3), s);
            SymbolicTensor r = b.apply(Layers.simpleRnn(3).withGoBackwards(true), s);
            SymbolicTensor bi = b.apply(Layers.bidirectional(Layers.gru(3).withReturnSequences(true)), s);
            SymbolicTensor avg = b.apply(Layers.dense(2), b.apply(Layers.average(), g, r));
            SymbolicTensor prod = b.apply(Layers.multiply(), g, r);
            SymbolicTensor seq = b.apply(Layers.dense(2), bi);
            return List.of(List.of(x), List.of(avg, prod, seq));
        }));
        m.put("vector_inputs_dense_merges", () -> NetworkModels.functional(b -> {
            SymbolicTensor x1 = b.input("x1", 4);
            SymbolicTensor x2 = b.input("x2", 6);
            SymbolicTensor d1 = b.apply(Layers.dense(5).withActivation(Activations.relu()), x1);
            SymbolicTensor d2 = b.apply(Layers.dense(5), x2);
            SymbolicTensor sum = b.apply(Layers.activation(Activations.tanh()), b.apply(Layers.add(), d1, d2, d1));
            SymbolicTensor cat = b.apply(Layers.concatenate(), d1, d2, x1);
            return List.of(List.of(x1, x2), List.of(b.apply(Layers.dense(2), sum),
                    b.apply(Layers.dense(3).withActivation(Activations.softmax()), cat)));
        }));
        m.put("pooling_branches", () -> NetworkModels.functional(b -> {
            SymbolicTensor x = b.input("x", 6, 3);
            SymbolicTensor s = b.apply(Layers.lstm(4).withReturnSequences(true), x);
            SymbolicTensor cat = b.apply(Layers.concatenate(), b.apply(Layers.globalAveragePooling1d(), s),
                    b.apply(Layers.globalMaxPooling1d(), s));
            return List.of(List.of(x), List.of(b.apply(Layers.dense(2), cat)));
        }));
        m.put("shared_dense_two_inputs", () -> NetworkModels.functional(b -> {
            SymbolicTensor x1 = b.input("x1", 4);
            SymbolicTensor x2 = b.input("x2", 4);
            Layer shared = b.layer(Layers.dense(3).withActivation(Activations.sigmoid()));
            SymbolicTensor y = b.apply(Layers.concatenate(), b.apply(shared, x1), b.apply(shared, x2));
            return List.of(List.of(x1, x2), List.of(y));
        }));
        return m;
    }

    @TestFactory
    List<DynamicTest> engramExportsConvertBackToFunctionalModels() {
        List<DynamicTest> tests = new ArrayList<>();
        for (var e : models().entrySet()) {
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
                Network model = e.getValue().get();
                OnnxModel loaded = OnnxModel.load(OnnxExporter.toBytes(model, OnnxExportOptions.defaults()), e.getKey());
                Model back;
                try {
                    back = loaded.toNetwork();
                } catch (UnsupportedOnnxException refused) {
                    assertTrue(!MUST_CONVERT.contains(e.getKey()), e.getKey() + " should convert: " + refused.getMessage());
                    assertTrue(refused.getMessage().contains("cannot convert to a functional model"), refused.getMessage());
                    REFUSED.put(e.getKey(), refused.getMessage());
                    return;
                }
                assertEquals(model.inputShapes(), back.inputShapes(), e.getKey());
                CONVERTED.add(e.getKey());
                for (int batch : new int[] {1, 5}) {
                    List<Tensor> xs = NetworkModels.inputs(e.getKey(), model, batch);
                    List<Tensor> want = model.predict(xs);
                    List<Tensor> got = back.predict(xs);
                    assertEquals(want.size(), got.size(), e.getKey());
                    for (int i = 0; i < want.size(); i++) {
                        ROUND_TRIP.check(e.getKey() + "/batch" + batch + "/out" + i, want.get(i), got.get(i));
                    }
                }
            }));
        }
        return tests;
    }

    @Test
    void sharedLayersStayShared() throws Exception {
        Network model = models().get("two_inputs_two_outputs_shared").get();
        Model back = OnnxModel.load(OnnxExporter.toBytes(model, OnnxExportOptions.defaults()), "s").toNetwork();
        List<Layer> lstms = back.layers().stream().filter(l -> l instanceof Lstm).toList();
        assertEquals(1, lstms.size(), "one shared LSTM: " + back.layers());
        assertEquals(model.parameters().size(), back.parameters().size());
    }

    /** The converted model trains: a shared LSTM and two outputs fit on targets the original computes plus noise. */
    @Test
    void convertedModelTrains() throws Exception {
        Network model = models().get("lstm_gru_branches_concat_add").get();
        Model back = OnnxModel.load(OnnxExporter.toBytes(model, OnnxExportOptions.defaults()), "t").toNetwork();
        back.compile(List.of(dev.engram.losses.Losses.meanSquaredError(), dev.engram.losses.Losses.meanSquaredError(),
                dev.engram.losses.Losses.meanSquaredError()), dev.engram.optimizers.Optimizers.adam(0.01));
        List<Tensor> xs = NetworkModels.inputs("train", model, 32);
        List<Tensor> ys = new ArrayList<>();
        for (Tensor y : model.predict(xs)) {
            float[] d = y.buffer().clone();
            for (int i = 0; i < d.length; i++) {
                d[i] = 0.5f * d[i] + 0.3f; // a different function: the converted weights must move
            }
            ys.add(Tensor.wrap(y.shape(), d));
        }
        var h = back.fit(xs, ys, dev.engram.models.FitOptions.epochs(15).withBatchSize(8).withSeed(1)
                .withVerbosity(dev.engram.models.Verbosity.SILENT));
        List<Double> loss = h.get("loss");
        assertTrue(loss.get(loss.size() - 1) < 0.5 * loss.get(0), "loss fell: " + loss);
    }

    // ---- graphs in the forms PyTorch and tf2onnx write ----

    private static TensorProto floats(String name, int[] shape, double phase) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return TensorCodec.floats(name, shape, ramp(n, phase));
    }

    private static List<TensorProto> lstmWeights(String p, double phase) {
        return List.of(floats(p + "W", new int[] {1, 4 * H, F}, phase), floats(p + "R", new int[] {1, 4 * H, H},
                phase + 0.6), floats(p + "B", new int[] {1, 8 * H}, phase + 1.2));
    }

    private static byte[] graph(List<String> inputs, Map<String, Integer> outputs, List<TensorProto> inits,
            List<NodeProto> nodes) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g").addAllInitializer(inits).addAllNode(nodes);
        for (String in : inputs) {
            g.addInput(info(in, "batch", T, F));
        }
        for (var o : outputs.entrySet()) {
            g.addOutput(o.getValue() < 0 ? info(o.getKey(), "batch", T, -o.getValue())
                    : info(o.getKey(), "batch", o.getValue()));
        }
        return ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).build().toByteArray();
    }

    /** x -> Transpose -> LSTM(prefix) -> Y_h -> Squeeze: PyTorch's {@code _, (h, _) = lstm(x); h[0]} on one layer. */
    private static List<NodeProto> lstmHn(String x, String p) {
        return List.of(node("Transpose", List.of(x), List.of(p + "xt"), ints("perm", 1, 0, 2)),
                node("LSTM", List.of(p + "xt", p + "W", p + "R", p + "B"), List.of("", p + "Yh"),
                        integer("hidden_size", H)),
                node("Squeeze", List.of(p + "Yh", "axis0"), List.of(p + "h")));
    }

    private static void agrees(byte[] bytes, String name) throws Exception {
        OnnxModel m = OnnxModel.load(bytes, name);
        Model net = m.toNetwork();
        Map<String, Tensor> in = new LinkedHashMap<>();
        List<Tensor> xs = new ArrayList<>();
        int k = 0;
        for (String i : m.inputNames()) {
            Tensor x = Tensor.of(Shape.of(3, T, F), ramp(3 * T * F, 0.5 + k++));
            in.put(i, x);
            xs.add(x);
        }
        Map<String, Tensor> want = m.predict(in);
        List<Tensor> got = net.predict(xs);
        for (int i = 0; i < got.size(); i++) {
            GRAPH.check(name + "/" + m.outputNames().get(i), want.get(m.outputNames().get(i)), got.get(i));
        }
    }

    @Test
    void pytorchTwoBranchesConcatAndMean() throws Exception {
        // h1 = lstm1(x1)[1][0]; h2 = lstm2(x2)[1][0]; y1 = fc(cat([h1, h2], 1)); y2 = fc2((h1 + h2) / 2); y3 = h1 * h2
        List<TensorProto> inits = new ArrayList<>(lstmWeights("a", 0.1));
        inits.addAll(lstmWeights("b", 0.9));
        inits.addAll(List.of(floats("fcW", new int[] {2, 2 * H}, 2.1), floats("fcB", new int[] {2}, 2.7),
                floats("fc2W", new int[] {3, H}, 3.1), longs("axis0", 0),
                TensorCodec.floats("two", new int[0], new float[] {2f})));
        List<NodeProto> nodes = new ArrayList<>(lstmHn("x1", "a"));
        nodes.addAll(lstmHn("x2", "b"));
        nodes.addAll(List.of(node("Concat", List.of("ah", "bh"), List.of("cat"), integer("axis", 1)),
                node("Gemm", List.of("cat", "fcW", "fcB"), List.of("y1"), integer("transB", 1)),
                node("Add", List.of("ah", "bh"), List.of("sum")),
                node("Div", List.of("sum", "two"), List.of("mean")),
                node("Gemm", List.of("mean", "fc2W"), List.of("y2"), integer("transB", 1)),
                node("Mul", List.of("ah", "bh"), List.of("y3"))));
        byte[] bytes = graph(List.of("x1", "x2"), Map.of("y1", 2, "y2", 3, "y3", H), inits, nodes);
        agrees(bytes, "torch_branches.onnx");
        Model net = OnnxModel.load(bytes, "torch_branches.onnx").toNetwork();
        assertTrue(net.layers().stream().anyMatch(l -> l.name().startsWith("average")), net.layers().toString());
    }

    @Test
    void pytorchSharedModuleOnTwoInputs() throws Exception {
        // the same nn.LSTM applied to two inputs reads the same initializers: one shared layer
        List<TensorProto> inits = new ArrayList<>(lstmWeights("a", 0.3));
        inits.add(longs("axis0", 0));
        List<NodeProto> nodes = new ArrayList<>();
        for (String x : List.of("x1", "x2")) {
            nodes.add(node("Transpose", List.of(x), List.of(x + "t"), ints("perm", 1, 0, 2)));
            nodes.add(node("LSTM", List.of(x + "t", "aW", "aR", "aB"), List.of("", x + "Yh"), integer("hidden_size", H)));
            nodes.add(node("Squeeze", List.of(x + "Yh", "axis0"), List.of(x + "h")));
        }
        // a binary op of two computed values that no merge layer expresses is refused, naming the op
        nodes.add(node("Div", List.of("x1h", "x2h"), List.of("y")));
        byte[] refused = graph(List.of("x1", "x2"), Map.of("y", H), inits, nodes);
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class,
                () -> OnnxModel.load(refused, "div.onnx").toNetwork());
        assertTrue(e.getMessage().contains("Div"), e.getMessage());
        // Sub, Max and Min of two computed values are the Subtract, Maximum and Minimum merges (issue 18)
        for (String op : List.of("Sub", "Max", "Min")) {
            nodes.set(nodes.size() - 1, node(op, List.of("x1h", "x2h"), List.of("y")));
            byte[] merged = graph(List.of("x1", "x2"), Map.of("y", H), inits, nodes);
            agrees(merged, op + ".onnx");
            Model net = OnnxModel.load(merged, op + ".onnx").toNetwork();
            String type = Map.of("Sub", "Subtract", "Max", "Maximum", "Min", "Minimum").get(op);
            assertTrue(net.layers().stream().anyMatch(l -> l.typeName().equals(type)), net.layers().toString());
        }
        nodes.set(nodes.size() - 1, node("Add", List.of("x1h", "x2h"), List.of("y")));
        byte[] bytes = graph(List.of("x1", "x2"), Map.of("y", H), inits, nodes);
        agrees(bytes, "shared.onnx");
        Model net = OnnxModel.load(bytes, "shared.onnx").toNetwork();
        assertEquals(1, net.layers().stream().filter(l -> l instanceof Lstm).count());
    }

    @Test
    void tf2onnxGlobalPoolsOverTime() throws Exception {
        for (String op : List.of("GlobalAveragePool", "GlobalMaxPool")) {
            // Keras GlobalAverage/MaxPooling1D through tf2onnx: Transpose to [B, F, T], global pool, Squeeze
            List<NodeProto> nodes = List.of(node("Transpose", List.of("x"), List.of("xc"), ints("perm", 0, 2, 1)),
                    node(op, List.of("xc"), List.of("p")), node("Squeeze", List.of("p", "axis2"), List.of("v")),
                    node("Gemm", List.of("v", "W"), List.of("y")));
            byte[] bytes = graph(List.of("x"), Map.of("y", 2), List.of(longs("axis2", 2),
                    floats("W", new int[] {F, 2}, 0.4)), nodes);
            agrees(bytes, op + ".onnx");
            OnnxModel m = OnnxModel.load(bytes, op + ".onnx");
            var layer = m.toSequential().layers().get(0);
            assertInstanceOf(GlobalPooling1D.class, layer, op);
            Tensor x = Tensor.of(Shape.of(2, T, F), ramp(2 * T * F, 0.2));
            GRAPH.check(op + "/sequential", m.predict(x), m.toSequential().predict(x));
            // pooling over the features (no Transpose) has no engine layer
            byte[] wrong = graph(List.of("x"), Map.of("y", T), List.of(longs("axis2", 2)), List.of(node(op, List.of("x"),
                    List.of("q")), node("Squeeze", List.of("q", "axis2"), List.of("y"))));
            UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class,
                    () -> OnnxModel.load(wrong, "wrong.onnx").toSequential());
            assertTrue(e.getMessage().contains(op), e.getMessage());
        }
    }

    /** x -> ReverseSequence(lens) -> Transpose -> forward LSTM -> {@code head}; lens = Expand([len], [batch]). */
    private static byte[] reversed(long len, List<NodeProto> head, Map<String, Integer> outputs,
            List<TensorProto> extra) {
        List<TensorProto> inits = new ArrayList<>(lstmWeights("a", 0.7));
        inits.addAll(List.of(longs("idx0", 0), longs("idx1", 1), longs("axis0", 0), longs("axis1", 1)));
        if (len >= 0) {
            inits.add(longs("len", len));
        }
        inits.addAll(extra);
        List<NodeProto> nodes = new ArrayList<>(List.of(node("Shape", List.of("x"), List.of("xs")),
                node("Gather", List.of("xs", "idx0"), List.of("batch")),
                // len < 0: the dynamic form, the time length read from the data's shape
                node("Gather", List.of("xs", "idx1"), List.of("lenv")),
                node("Expand", List.of(len >= 0 ? "len" : "lenv", "batch"), List.of("lens")),
                node("ReverseSequence", List.of("x", "lens"), List.of("xr"), integer("time_axis", 1),
                        integer("batch_axis", 0)),
                node("Transpose", List.of("xr"), List.of("xt"), ints("perm", 1, 0, 2)),
                node("LSTM", List.of("xt", "aW", "aR", "aB"), List.of("aY", "aYh"), integer("hidden_size", H))));
        nodes.addAll(head);
        return graph(List.of("x"), outputs, inits, nodes);
    }

    @Test
    void reverseSequenceMakesGoBackwards() throws Exception {
        // final state: Keras go_backwards=True, return_sequences=False
        byte[] last = reversed(T, List.of(node("Squeeze", List.of("aYh", "axis0"), List.of("y"))), Map.of("y", H),
                List.of());
        agrees(last, "backwards_last.onnx");
        agrees(reversed(-1, List.of(node("Squeeze", List.of("aYh", "axis0"), List.of("y"))), Map.of("y", H),
                List.of()), "backwards_dynamic_lengths.onnx");
        var lstm = (Lstm) OnnxModel.load(last, "b").toSequential().layers().get(0);
        assertTrue(lstm.config().goBackwards());
        // whole sequence: in processing order, as Keras returns it
        List<NodeProto> seqHead = List.of(node("Squeeze", List.of("aY", "axis1"), List.of("yt")),
                node("Transpose", List.of("yt"), List.of("y"), ints("perm", 1, 0, 2)));
        agrees(reversed(T, seqHead, Map.of("y", -H), List.of()), "backwards_seq.onnx");
        // flipped back to input order (the backward half of tf2onnx's bidirectional form, alone): no layer
        List<NodeProto> flipBack = new ArrayList<>(seqHead.subList(0, 1));
        flipBack.add(node("Transpose", List.of("yt"), List.of("yb"), ints("perm", 1, 0, 2)));
        flipBack.add(node("ReverseSequence", List.of("yb", "lens"), List.of("y"), integer("time_axis", 1),
                integer("batch_axis", 0)));
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class,
                () -> OnnxModel.load(reversed(T, flipBack, Map.of("y", -H), List.of()), "f").toNetwork());
        assertTrue(e.getMessage().contains("input order"), e.getMessage());
        // partial lengths reverse only a prefix: refused
        e = assertThrows(UnsupportedOnnxException.class, () -> OnnxModel.load(reversed(T - 1, List.of(node("Squeeze",
                List.of("aYh", "axis0"), List.of("y"))), Map.of("y", H), List.of()), "p").toSequential());
        assertTrue(e.getMessage().contains("ReverseSequence"), e.getMessage());
    }

    /** LSTM(prefix) over {@code xt} (time-major), its Y back to batch-major as {@code out}. */
    private static List<NodeProto> lstmSequence(String xt, String p, String out, AttributeProto... attrs) {
        List<AttributeProto> a = new ArrayList<>(List.of(attrs));
        a.add(integer("hidden_size", H));
        return List.of(node("LSTM", List.of(xt, p + "W", p + "R", p + "B"), List.of(p + "Y"),
                        a.toArray(AttributeProto[]::new)),
                node("Squeeze", List.of(p + "Y", "axis1"), List.of(p + "Ys")),
                node("Transpose", List.of(p + "Ys"), List.of(out), ints("perm", 1, 0, 2)));
    }

    /** tf2onnx's unfused Bidirectional: forward LSTM, and ReverseSequence around a second one, then {@code merge}. */
    private static byte[] bidirectionalGraph(boolean reverseNode, List<NodeProto> merge, int width) {
        List<TensorProto> inits = new ArrayList<>(lstmWeights("a", 0.2));
        inits.addAll(lstmWeights("b", 1.4));
        inits.addAll(List.of(longs("len", T), longs("idx0", 0), longs("axis1", 1),
                TensorCodec.floats("half", new int[0], new float[] {0.5f})));
        List<NodeProto> nodes = new ArrayList<>(List.of(node("Transpose", List.of("x"), List.of("xt"),
                ints("perm", 1, 0, 2))));
        nodes.addAll(lstmSequence("xt", "a", "yf"));
        if (reverseNode) {
            nodes.addAll(lstmSequence("xt", "b", "yb", AttributeProto.newBuilder().setName("direction")
                    .setType(AttributeProto.AttributeType.STRING).setS(com.google.protobuf.ByteString
                            .copyFromUtf8("reverse")).build()));
        } else {
            nodes.addAll(List.of(node("Shape", List.of("x"), List.of("xs")),
                    node("Gather", List.of("xs", "idx0"), List.of("batch")),
                    node("Expand", List.of("len", "batch"), List.of("lens")),
                    node("ReverseSequence", List.of("x", "lens"), List.of("xr"), integer("time_axis", 1),
                            integer("batch_axis", 0)),
                    node("Transpose", List.of("xr"), List.of("xrt"), ints("perm", 1, 0, 2))));
            nodes.addAll(lstmSequence("xrt", "b", "ybr"));
            nodes.add(node("ReverseSequence", List.of("ybr", "lens"), List.of("yb"), integer("time_axis", 1),
                    integer("batch_axis", 0)));
        }
        nodes.addAll(merge);
        return graph(List.of("x"), Map.of("y", -width), inits, nodes);
    }

    @Test
    void reverseHalvesMergeIntoBidirectional() throws Exception {
        Map<String, List<NodeProto>> merges = new LinkedHashMap<>();
        merges.put("CONCAT", List.of(node("Concat", List.of("yf", "yb"), List.of("y"), integer("axis", -1))));
        merges.put("SUM", List.of(node("Add", List.of("yf", "yb"), List.of("y"))));
        merges.put("MUL", List.of(node("Mul", List.of("yf", "yb"), List.of("y"))));
        merges.put("AVE", List.of(node("Add", List.of("yf", "yb"), List.of("s")),
                node("Mul", List.of("s", "half"), List.of("y"))));
        for (boolean reverseNode : new boolean[] {false, true}) {
            for (var m : merges.entrySet()) {
                byte[] bytes = bidirectionalGraph(reverseNode, m.getValue(), m.getKey().equals("CONCAT") ? 2 * H : H);
                String name = "bi_" + m.getKey() + (reverseNode ? "_reverse_node" : "_reverse_sequence");
                agrees(bytes, name);
                Model net = OnnxModel.load(bytes, name).toNetwork();
                var bi = net.layers().stream().filter(l -> l instanceof dev.engram.layers.Bidirectional).toList();
                assertEquals(1, bi.size(), name + ": " + net.layers());
                assertEquals(m.getKey(), ((dev.engram.layers.Bidirectional) bi.get(0)).config().mergeMode().name());
            }
        }
        // backward half first: no Bidirectional layer has that order
        byte[] swapped = bidirectionalGraph(false, List.of(node("Concat", List.of("yb", "yf"), List.of("y"),
                integer("axis", -1))), 2 * H);
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class,
                () -> OnnxModel.load(swapped, "swapped.onnx").toNetwork());
        assertTrue(e.getMessage().contains("Concat"), e.getMessage());
    }

    /** PyTorch's own exports (committed and shared fixtures): toNetwork agrees with toSequential's reach and torch's numbers. */
    @Test
    void torchFixturesConvertAsFunctionalModels() throws Exception {
        List<java.nio.file.Path> dirs = new ArrayList<>(FixtureCases.fixtureDirs(java.nio.file.Path.of(
                "src/test/resources/torch-onnx")));
        FixturePaths.shared("torch-onnx").ifPresent(p -> dirs.addAll(FixtureCases.fixtureDirs(p)));
        int converted = 0;
        boolean statesAsInputs = false;
        for (java.nio.file.Path dir : dirs) {
            String name = dir.getFileName().toString();
            OnnxModel m = OnnxModel.load(dir.resolve("model.onnx"));
            boolean chain;
            try {
                m.toSequential();
                chain = true;
            } catch (UnsupportedOnnxException e) {
                chain = false;
            }
            Model net;
            try {
                net = m.toNetwork();
            } catch (UnsupportedOnnxException e) {
                assertTrue(!chain, name + ": converts as a chain but not as a network: " + e.getMessage());
                continue;
            }
            converted++;
            statesAsInputs |= name.equals("lstm_initial_state_inputs");
            for (FixtureCases.Case c : FixtureCases.read(dir.resolve("cases.json"))) {
                List<Tensor> xs = new ArrayList<>();
                for (Tensor x : c.namedInputs().values()) {
                    if (net.inputShapes().get(xs.size()).rank() == 1 && x.shape().rank() == 3) {
                        // an initial state [1, batch, H]: the engine model takes it as [batch, H]
                        xs.add(Tensor.wrap(Shape.of(x.shape().dim(1), x.shape().dim(2)), x.buffer()));
                        continue;
                    }
                    xs.add(name.contains("seqfirst") ? ToSequentialRecurrentTest.swap01(x) : x);
                }
                GRAPH.check(name + "/" + c.name(), c.namedOutputs().values().iterator().next(), net.predict(xs).get(0));
            }
        }
        assertTrue(converted >= 3, "converted only " + converted);
        assertTrue(statesAsInputs, "lstm_initial_state_inputs converts");
    }

    @Test
    void refusalsNameTheNode() throws Exception {
        // returned states of a bidirectional node: no engine form is read back
        Network model = NetworkModels.all().get("bilstm_concat_return_state").get();
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, () -> OnnxModel.load(
                OnnxExporter.toBytes(model, OnnxExportOptions.defaults()), "bistate.onnx").toNetwork());
        assertTrue(e.getMessage().startsWith("bistate.onnx: cannot convert to a functional model")
                && e.getMessage().contains("LSTM"), e.getMessage());
    }

    @AfterAll
    static void report() {
        System.out.println("[toNetwork] converted " + CONVERTED.size() + ": " + CONVERTED);
        REFUSED.forEach((k, v) -> System.out.println("[toNetwork] refused " + k + ": " + v));
        System.out.println("[agreement] toNetwork(export(functional model)) vs model: " + ROUND_TRIP);
        System.out.println("[agreement] toNetwork(PyTorch/tf2onnx-form graph) vs the graph: " + GRAPH);
    }
}
