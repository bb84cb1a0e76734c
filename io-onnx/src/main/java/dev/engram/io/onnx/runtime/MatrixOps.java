package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.codec.Shapes;
import dev.engram.tensor.LinearAlgebra;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Gemm and MatMul on the engine's GEMM kernel ({@link LinearAlgebra#gemm}). */
final class MatrixOps {
    private MatrixOps() {
    }

    static void register(Map<String, Op> ops) {
        ops.put("Gemm", MatrixOps::gemm);
        ops.put("MatMul", MatrixOps::matmul);
    }

    private static List<Value> gemm(NodeContext n, List<Value> in) {
        Value a = n.input(in, 0);
        Value b = n.input(in, 1);
        Value c = NodeContext.optional(in, 2);
        boolean ta = n.attrInt("transA", 0) != 0;
        boolean tb = n.attrInt("transB", 0) != 0;
        float alpha = n.attrFloat("alpha", 1f);
        float beta = n.attrFloat("beta", 1f);
        if (a.rank() != 2 || b.rank() != 2) {
            throw n.fail("A and B must be 2-D, got " + a + " and " + b);
        }
        int m = ta ? a.dim(1) : a.dim(0);
        int k = ta ? a.dim(0) : a.dim(1);
        int kb = tb ? b.dim(1) : b.dim(0);
        int nn = tb ? b.dim(0) : b.dim(1);
        if (k != kb) {
            throw n.fail("inner dimensions differ: A " + a + (ta ? "^T" : "") + ", B " + b + (tb ? "^T" : ""));
        }
        float[] y = n.floats(m * nn);
        LinearAlgebra.gemm(ta, tb, m, nn, k, a.floats(), 0, ta ? m : k, b.floats(), 0, tb ? k : nn, 0f, y, 0, nn);
        if (alpha != 1f) {
            for (int i = 0; i < y.length; i++) {
                y[i] *= alpha;
            }
        }
        int[] out = {m, nn};
        if (c != null && beta != 0f) {
            int[] idx;
            try {
                if (!Arrays.equals(Shapes.broadcast(c.shape(), out), out)) {
                    throw new IllegalArgumentException("C " + c + " does not broadcast to [" + m + ", " + nn + "]");
                }
                idx = Shapes.broadcastIndex(c.shape(), out);
            } catch (IllegalArgumentException e) {
                throw n.fail(e.getMessage());
            }
            float[] cv = c.floats();
            for (int i = 0; i < y.length; i++) {
                y[i] += beta == 1f ? cv[idx[i]] : beta * cv[idx[i]];
            }
        }
        return List.of(Value.ofFloats(out, y));
    }

    private static List<Value> matmul(NodeContext n, List<Value> in) {
        Value a = n.input(in, 0);
        Value b = n.input(in, 1);
        int[] as = a.shape();
        int[] bs = b.shape();
        if (as.length == 0 || bs.length == 0) {
            throw n.fail("MatMul multiplies tensors of rank 1 or more, got " + a + " x " + b);
        }
        boolean aVec = as.length == 1;
        boolean bVec = bs.length == 1;
        if (aVec) {
            as = new int[] {1, as[0]};
        }
        if (bVec) {
            bs = new int[] {bs[0], 1};
        }
        int m = as[as.length - 2];
        int k = as[as.length - 1];
        int nn = bs[bs.length - 1];
        if (bs[bs.length - 2] != k) {
            throw n.fail("inner dimensions differ: " + a + " x " + b);
        }
        int[] aBatch = Arrays.copyOf(as, as.length - 2);
        int[] bBatch = Arrays.copyOf(bs, bs.length - 2);
        int[] batch;
        try {
            batch = Shapes.broadcast(aBatch, bBatch);
        } catch (IllegalArgumentException e) {
            throw n.fail(e.getMessage());
        }
        int batches = Shapes.size(batch);
        int[] ia = Shapes.broadcastIndex(aBatch, batch);
        int[] ib = Shapes.broadcastIndex(bBatch, batch);
        float[] av = a.floats();
        float[] bv = b.floats();
        float[] y = n.floats(batches * m * nn);
        if (Shapes.size(bBatch) == 1 && Shapes.size(aBatch) == batches) {
            // All of A's batch rows share one B: a single [batches*m, k] x [k, n] product.
            LinearAlgebra.gemm(false, false, batches * m, nn, k, av, 0, k, bv, 0, nn, 0f, y, 0, nn);
        } else {
            for (int i = 0; i < batches; i++) {
                LinearAlgebra.gemm(false, false, m, nn, k, av, ia[i] * m * k, k, bv, ib[i] * k * nn, nn, 0f,
                        y, i * m * nn, nn);
            }
        }
        int[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = m;
        out[batch.length + 1] = nn;
        if (aVec || bVec) {
            int[] squeezed = new int[out.length - (aVec ? 1 : 0) - (bVec ? 1 : 0)];
            int p = 0;
            for (int i = 0; i < out.length; i++) {
                if ((aVec && i == out.length - 2) || (bVec && i == out.length - 1)) {
                    continue;
                }
                squeezed[p++] = out[i];
            }
            out = squeezed;
        }
        return List.of(Value.ofFloats(out, y));
    }
}
