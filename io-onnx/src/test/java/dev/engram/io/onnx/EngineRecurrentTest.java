package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.io.onnx.proto.Onnx.GraphProto;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.NodeProto;
import dev.engram.io.onnx.proto.Onnx.OperatorSetIdProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.io.onnx.proto.Onnx.TypeProto;
import dev.engram.io.onnx.proto.Onnx.ValueInfoProto;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * ONNX LSTM, GRU and RNN nodes on the engine's fused kernels against the importer's reference loop:
 * the same node once as written and once with a {@code clip} of 1e30 (numerically no clip, but the
 * engine has no clip, so that node takes the reference loop). Random combinations of cell, layout,
 * direction, read outputs (Y only, Y_h only, all), sequence_lens, initial states and activations.
 */
class EngineRecurrentTest {
    private static final int CASES = 160;

    @TestFactory
    Stream<DynamicTest> engineMatchesReferenceLoop() {
        Random rnd = new Random(13);
        List<DynamicTest> tests = new ArrayList<>();
        for (int c = 0; c < CASES; c++) {
            Case k = Case.random(rnd, c);
            tests.add(DynamicTest.dynamicTest(k.toString(), () -> k.check()));
        }
        return tests.stream();
    }

    private record Case(String op, int layout, String direction, int outputs, boolean lens, boolean init,
            boolean altActivations, boolean lbr, int t, int b, int f, int h, long seed) {

        static Case random(Random r, int i) {
            String op = List.of("LSTM", "GRU", "RNN").get(i % 3);
            return new Case(op, r.nextInt(2), List.of("forward", "reverse", "bidirectional").get(r.nextInt(3)),
                    r.nextInt(3), r.nextBoolean(), r.nextBoolean(), r.nextInt(3) == 0, r.nextBoolean(),
                    1 + r.nextInt(6), 1 + r.nextInt(20), 1 + r.nextInt(5), 1 + r.nextInt(9), r.nextLong());
        }

        int gates() {
            return op.equals("LSTM") ? 4 : op.equals("GRU") ? 3 : 1;
        }

        int dirs() {
            return direction.equals("bidirectional") ? 2 : 1;
        }

        void check() throws Exception {
            Random r = new Random(seed);
            float[] x = gaussian(r, t * b * f, 1f);
            Tensor in = Tensor.wrap(layout == 0 ? Shape.of(t, b, f) : Shape.of(b, t, f), x);
            byte[] fast = model(new Random(seed), false);
            byte[] ref = model(new Random(seed), true);
            Map<String, Tensor> got = OnnxModel.load(fast, "engine").predict(Map.of("x", in));
            Map<String, Tensor> want = OnnxModel.load(ref, "reference").predict(Map.of("x", in));
            assertEquals(want.keySet(), got.keySet());
            for (String name : want.keySet()) {
                Tensor w = want.get(name);
                Tensor g = got.get(name);
                assertEquals(w.shape(), g.shape(), name);
                float[] wv = w.buffer();
                float[] gv = g.buffer();
                for (int i = 0; i < wv.length; i++) {
                    float tol = 2e-5f + 1e-4f * Math.abs(wv[i]);
                    if (Math.abs(wv[i] - gv[i]) > tol) {
                        assertArrayEquals(wv, gv, tol, name + " differs at " + i);
                    }
                }
            }
        }

        private byte[] model(Random r, boolean reference) {
            int d = dirs();
            int g = gates();
            GraphProto.Builder gr = GraphProto.newBuilder().setName("g");
            gr.addInput(ValueInfoProto.newBuilder().setName("x").setType(TypeProto.newBuilder().setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
            List<String> inputs = new ArrayList<>(List.of("x", "W", "R", "B"));
            gr.addInitializer(floats("W", gaussian(r, d * g * h * f, 0.5f), d, g * h, f));
            gr.addInitializer(floats("R", gaussian(r, d * g * h * h, 0.5f), d, g * h, h));
            gr.addInitializer(floats("B", gaussian(r, d * 2 * g * h, 0.3f), d, 2 * g * h));
            if (lens) {
                TensorProto.Builder l = TensorProto.newBuilder().setName("L")
                        .setDataType(TensorProto.DataType.INT32_VALUE).addDims(b);
                for (int i = 0; i < b; i++) {
                    l.addInt32Data(r.nextInt(t + 1));
                }
                gr.addInitializer(l);
                inputs.add("L");
            } else {
                inputs.add("");
            }
            if (init) {
                int[] dims = layout == 0 ? new int[] {d, b, h} : new int[] {b, d, h};
                gr.addInitializer(floats("H0", gaussian(r, d * b * h, 0.5f), dims));
                inputs.add("H0");
                if (op.equals("LSTM")) {
                    gr.addInitializer(floats("C0", gaussian(r, d * b * h, 0.5f), dims));
                    inputs.add("C0");
                }
            }
            NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName("rec").addAllInput(inputs);
            n.addOutput(outputs != 1 ? "Y" : "").addOutput(outputs != 0 ? "Y_h" : "");
            if (op.equals("LSTM")) {
                n.addOutput(outputs == 2 ? "Y_c" : "");
            }
            n.addAttribute(AttributeProto.newBuilder().setName("hidden_size").setType(AttributeProto.AttributeType.INT)
                    .setI(h));
            n.addAttribute(str("direction", direction));
            if (layout == 1) {
                n.addAttribute(AttributeProto.newBuilder().setName("layout").setType(AttributeProto.AttributeType.INT)
                        .setI(1));
            }
            if (op.equals("GRU") && lbr) {
                n.addAttribute(AttributeProto.newBuilder().setName("linear_before_reset")
                        .setType(AttributeProto.AttributeType.INT).setI(1));
            }
            if (altActivations) {
                List<String> acts = switch (op) {
                    case "LSTM" -> List.of("HardSigmoid", "Tanh", "Tanh");
                    case "GRU" -> List.of("Sigmoid", "Softsign");
                    default -> List.of("Relu");
                };
                AttributeProto.Builder a = AttributeProto.newBuilder().setName("activations")
                        .setType(AttributeProto.AttributeType.STRINGS);
                for (int i = 0; i < d; i++) {
                    acts.forEach(s -> a.addStrings(com.google.protobuf.ByteString.copyFromUtf8(s)));
                }
                n.addAttribute(a);
                if (op.equals("LSTM")) {
                    n.addAttribute(AttributeProto.newBuilder().setName("activation_alpha")
                            .setType(AttributeProto.AttributeType.FLOATS).addFloats(0.3f).addFloats(0.3f));
                    n.addAttribute(AttributeProto.newBuilder().setName("activation_beta")
                            .setType(AttributeProto.AttributeType.FLOATS).addFloats(0.45f).addFloats(0.45f));
                }
            }
            if (reference) {
                n.addAttribute(AttributeProto.newBuilder().setName("clip").setType(AttributeProto.AttributeType.FLOAT)
                        .setF(1e30f));
            }
            gr.addNode(n);
            for (String o : n.getOutputList()) {
                if (!o.isEmpty()) {
                    gr.addOutput(ValueInfoProto.newBuilder().setName(o).setType(TypeProto.newBuilder().setTensorType(
                            TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
                }
            }
            return ModelProto.newBuilder().setIrVersion(8).setGraph(gr)
                    .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(14)).build().toByteArray();
        }

        private static AttributeProto.Builder str(String name, String v) {
            return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                    .setS(com.google.protobuf.ByteString.copyFromUtf8(v));
        }

        private static TensorProto floats(String name, float[] v, int... dims) {
            TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
            for (int dim : dims) {
                t.addDims(dim);
            }
            for (float e : v) {
                t.addFloatData(e);
            }
            return t.build();
        }

        private static float[] gaussian(Random r, int n, float scale) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) r.nextGaussian() * scale;
            }
            return v;
        }
    }
}
