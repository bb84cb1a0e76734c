package dev.engram.io.onnx.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.engram.io.onnx.codec.TensorCodec;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.io.onnx.proto.Onnx.GraphProto;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.NodeProto;
import dev.engram.io.onnx.proto.Onnx.OperatorSetIdProto;
import dev.engram.io.onnx.proto.Onnx.ValueInfoProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Runs of one graph reuse their intermediate arrays ({@link RunBuffers}) without ever touching what
 * a caller holds: outputs of earlier runs stay unchanged (one of them aliases an intermediate
 * through a Reshape, one is an intermediate also read by later nodes), every run equals a plain
 * Java reference, warm runs take their intermediates from the pool, and threads never share arrays.
 */
class RunBuffersTest {
    private static final int B = 3;
    private static final int T = 4;
    private static final int F = 5;
    private static final int H = 6;

    /** x [T, B, F] -> Transpose [B, T, F] -> MatMul W [F, H] -> Add b -> Relu -> Reshape [B, T*H] -> Softmax. */
    private static GraphExecutor graph(float[] w, float[] b) throws Exception {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(ValueInfoProto.newBuilder().setName("x"))
                .addOutput(ValueInfoProto.newBuilder().setName("y"))
                .addOutput(ValueInfoProto.newBuilder().setName("relu"))
                .addOutput(ValueInfoProto.newBuilder().setName("flat"))
                .addInitializer(TensorCodec.floats("w", new int[] {F, H}, w))
                .addInitializer(TensorCodec.floats("b", new int[] {H}, b))
                .addInitializer(TensorCodec.longs("shape", new int[] {2}, new long[] {B, T * H}));
        g.addNode(NodeProto.newBuilder().setOpType("Transpose").setName("t").addInput("x").addOutput("xt")
                .addAttribute(AttributeProto.newBuilder().setName("perm").setType(AttributeProto.AttributeType.INTS)
                        .addInts(1).addInts(0).addInts(2)));
        g.addNode(node("MatMul", "xt", "w", "mm"));
        g.addNode(node("Add", "mm", "b", "sum"));
        g.addNode(NodeProto.newBuilder().setOpType("Relu").setName("relu").addInput("sum").addOutput("relu"));
        g.addNode(node("Reshape", "relu", "shape", "flat"));
        g.addNode(NodeProto.newBuilder().setOpType("Softmax").setName("sm").addInput("flat").addOutput("y"));
        ModelProto m = ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).build();
        return new GraphExecutor(m, "reuse.onnx");
    }

    private static NodeProto node(String op, String a, String b, String out) {
        return NodeProto.newBuilder().setOpType(op).setName(out).addInput(a).addInput(b).addOutput(out).build();
    }

    /** relu(x^T(1,0,2) · w + b) as [B, T, H], in plain Java. */
    private static float[] reluReference(float[] x, float[] w, float[] b) {
        float[] r = new float[B * T * H];
        for (int bi = 0; bi < B; bi++) {
            for (int t = 0; t < T; t++) {
                for (int h = 0; h < H; h++) {
                    double s = 0;
                    for (int f = 0; f < F; f++) {
                        s += x[(t * B + bi) * F + f] * (double) w[f * H + h];
                    }
                    r[(bi * T + t) * H + h] = (float) Math.max(0, s + b[h]);
                }
            }
        }
        return r;
    }

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    @Test
    void warmRunsReuseIntermediatesAndNeverTouchHeldOutputs() throws Exception {
        Random r = new Random(5);
        float[] w = random(r, F * H);
        float[] b = random(r, H);
        GraphExecutor exec = graph(w, b);
        List<float[]> inputs = new ArrayList<>();
        List<Map<String, Value>> results = new ArrayList<>();
        List<float[]> copies = new ArrayList<>();
        for (int run = 0; run < 12; run++) {
            float[] x = random(r, T * B * F);
            Map<String, Value> out = exec.run(Map.of("x", Value.ofFloats(new int[] {T, B, F}, x)));
            inputs.add(x);
            results.add(out);
            copies.add(out.get("y").floats().clone());
            float[] relu = reluReference(x, w, b);
            assertArrayEquals(relu, out.get("relu").floats(), 1e-5f, "relu of run " + run);
            assertSame(out.get("relu").floats(), out.get("flat").floats(), "Reshape shares its input's array");
        }
        // Every earlier run's outputs are still what that run computed.
        for (int run = 0; run < results.size(); run++) {
            assertArrayEquals(reluReference(inputs.get(run), w, b), results.get(run).get("relu").floats(), 1e-5f);
            assertArrayEquals(copies.get(run), results.get(run).get("y").floats());
        }
        // A warm run takes the transposed input, the product and the sum (the intermediates of the
        // run before) from the pool; the outputs relu and y are never returned to it.
        long before = RunBuffers.reusedOnThisThread();
        Map<String, Value> a = exec.run(Map.of("x", Value.ofFloats(new int[] {T, B, F}, random(r, T * B * F))));
        assertEquals(3, RunBuffers.reusedOnThisThread() - before, "arrays taken from the pool in a warm run");
        Map<String, Value> c = exec.run(Map.of("x", Value.ofFloats(new int[] {T, B, F}, random(r, T * B * F))));
        assertNotSame(a.get("relu").floats(), c.get("relu").floats(), "an output is never pooled");
        assertNotSame(a.get("y").floats(), c.get("y").floats(), "an output is never pooled");
    }

    @Test
    void concurrentRunsMatchTheReference() throws Exception {
        Random r = new Random(6);
        float[] w = random(r, F * H);
        float[] b = random(r, H);
        GraphExecutor exec = graph(w, b);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = 100 + t;
                futures.add(pool.submit(() -> {
                    Random rr = new Random(seed);
                    for (int run = 0; run < 200; run++) {
                        float[] x = random(rr, T * B * F);
                        Map<String, Value> out = exec.run(Map.of("x", Value.ofFloats(new int[] {T, B, F}, x)));
                        assertArrayEquals(reluReference(x, w, b), out.get("relu").floats(), 1e-5f);
                        float sum = 0;
                        for (float v : out.get("y").floats()) {
                            sum += v;
                        }
                        assertEquals(B, sum, 1e-4f, "softmax rows sum to 1");
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
