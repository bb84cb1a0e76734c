package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.codec.Shapes;
import dev.engram.tensor.LinearAlgebra;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * ONNX {@code Conv} (opsets 1-22; the versions differ only in types) on float data in the
 * channels-first layout {@code X[N, C, D1, ..., Dk]}, {@code W[M, C/group, k1, ..., kk]}, optional
 * {@code B[M]}, for any number of spatial axes (1-D and 2-D in practice).
 *
 * <p>Each group is an im2col matrix {@code [C/group · prod(k), prod(out)]} multiplied by the group's
 * filters {@code [M/group, C/group · prod(k)]} on the engine's GEMM ({@link LinearAlgebra#gemm}).
 * Output size per spatial axis, with effective kernel {@code e = (k - 1)·d + 1}:
 * <ul>
 *   <li>{@code NOTSET} (explicit {@code pads = [b1..bk, e1..ek]}, default 0):
 *       {@code floor((D + b + e - e_k) / s) + 1};</li>
 *   <li>{@code VALID}: no padding, {@code floor((D - e_k) / s) + 1};</li>
 *   <li>{@code SAME_UPPER} / {@code SAME_LOWER}: {@code ceil(D / s)}, total pad
 *       {@code max(0, (out - 1)·s + e_k - D)} split evenly, the odd one at the end (UPPER) or the
 *       beginning (LOWER).</li>
 * </ul>
 */
final class ConvOps {
    private ConvOps() {
    }

    static void register(Map<String, Op> ops) {
        ops.put("Conv", ConvOps::conv);
    }

    private static List<Value> conv(NodeContext n, List<Value> in) {
        Value x = n.input(in, 0);
        Value w = n.input(in, 1);
        Value b = NodeContext.optional(in, 2);
        int rank = x.rank();
        int sp = rank - 2;
        if (sp < 1 || w.rank() != rank) {
            throw n.fail("X must be [N, C, D1, ...] and W [M, C/group, k1, ...] of the same rank, got " + x + " and " + w);
        }
        int batch = x.dim(0);
        int ch = x.dim(1);
        int m = w.dim(0);
        int group = (int) n.attrInt("group", 1);
        if (group < 1 || ch % group != 0 || m % group != 0 || w.dim(1) != ch / group) {
            throw n.fail("group " + group + " does not fit X " + x + " and W " + w
                    + " (need C and M divisible by group and W[1] = C/group)");
        }
        if (b != null && (b.rank() != 1 || b.dim(0) != m)) {
            throw n.fail("B must be [" + m + "], got " + b);
        }
        int[] kernel = new int[sp];
        for (int i = 0; i < sp; i++) {
            kernel[i] = w.dim(2 + i);
        }
        long[] ks = n.attrInts("kernel_shape");
        if (ks != null && !Arrays.equals(ks, Arrays.stream(kernel).asLongStream().toArray())) {
            throw n.fail("kernel_shape " + Arrays.toString(ks) + " differs from W's spatial dims " + Arrays.toString(kernel));
        }
        int[] strides = perAxis(n, "strides", sp, 1);
        int[] dil = perAxis(n, "dilations", sp, 1);
        int[] spatial = new int[sp];
        int[] out = new int[sp];
        int[] padHead = new int[sp];
        String autoPad = n.attrString("auto_pad", "NOTSET");
        long[] pads = n.attrInts("pads");
        if (pads != null && pads.length != 2 * sp) {
            throw n.fail("pads " + Arrays.toString(pads) + " must have " + 2 * sp + " values");
        }
        for (int i = 0; i < sp; i++) {
            spatial[i] = x.dim(2 + i);
            int eff = (kernel[i] - 1) * dil[i] + 1;
            long o;
            switch (autoPad) {
                case "NOTSET", "" -> {
                    long pb = pads == null ? 0 : pads[i];
                    long pe = pads == null ? 0 : pads[i + sp];
                    if (pb < 0 || pe < 0) {
                        throw n.fail("negative pads " + Arrays.toString(pads));
                    }
                    padHead[i] = (int) pb;
                    o = Math.floorDiv(spatial[i] + pb + pe - eff, strides[i]) + 1;
                }
                case "VALID" -> o = Math.floorDiv(spatial[i] - eff, strides[i]) + 1;
                case "SAME_UPPER", "SAME_LOWER" -> {
                    o = (spatial[i] + strides[i] - 1) / strides[i];
                    long total = Math.max(0, (o - 1) * strides[i] + eff - spatial[i]);
                    padHead[i] = (int) (autoPad.equals("SAME_UPPER") ? total / 2 : (total + 1) / 2);
                }
                default -> throw n.fail("auto_pad '" + autoPad + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
            }
            if (o < 1) {
                throw n.fail("spatial axis " + i + " of " + x + " is shorter than the dilated kernel (" + eff + ")");
            }
            out[i] = (int) o;
        }
        int[] outShape = new int[rank];
        outShape[0] = batch;
        outShape[1] = m;
        System.arraycopy(out, 0, outShape, 2, sp);
        int outSize = Shapes.size(out);
        int kSize = Shapes.size(kernel);
        int cg = ch / group;
        int mg = m / group;
        int rows = cg * kSize;
        Shapes.size(new int[] {rows, outSize});
        // For every (kernel position, output position) pair, the flat input offset within one channel, or -1 (padding).
        int[] gatherIdx = im2colIndex(spatial, kernel, out, strides, dil, padHead);
        float[] xv = x.floats();
        float[] wv = w.floats();
        float[] y = new float[Shapes.size(outShape)];
        float[] col = new float[rows * outSize];
        int inSize = Shapes.size(spatial);
        for (int bi = 0; bi < batch; bi++) {
            for (int g = 0; g < group; g++) {
                for (int c = 0; c < cg; c++) {
                    int xOff = (bi * ch + g * cg + c) * inSize;
                    for (int kk = 0; kk < kSize; kk++) {
                        int row = (c * kSize + kk) * outSize;
                        int idx = kk * outSize;
                        for (int o = 0; o < outSize; o++) {
                            int src = gatherIdx[idx + o];
                            col[row + o] = src < 0 ? 0f : xv[xOff + src];
                        }
                    }
                }
                // Y_g[mg, out] = W_g[mg, rows] · col[rows, out]
                LinearAlgebra.gemm(false, false, mg, outSize, rows, wv, g * mg * rows, rows, col, 0, outSize, 0f,
                        y, (bi * m + g * mg) * outSize, outSize);
            }
        }
        if (b != null) {
            float[] bv = b.floats();
            for (int bi = 0; bi < batch; bi++) {
                for (int f = 0; f < m; f++) {
                    int off = (bi * m + f) * outSize;
                    for (int o = 0; o < outSize; o++) {
                        y[off + o] += bv[f];
                    }
                }
            }
        }
        return List.of(Value.ofFloats(outShape, y));
    }

    static int[] perAxis(NodeContext n, String name, int sp, int def) {
        long[] v = n.attrInts(name);
        int[] r = new int[sp];
        Arrays.fill(r, def);
        if (v != null) {
            if (v.length != sp) {
                throw n.fail(name + " " + Arrays.toString(v) + " must have " + sp + " values");
            }
            for (int i = 0; i < sp; i++) {
                if (v[i] < 1 || v[i] > Shapes.maxElements()) {
                    throw n.fail(name + " " + Arrays.toString(v) + " must be positive and at most "
                            + Shapes.maxElements());
                }
                r[i] = (int) v[i];
            }
        }
        return r;
    }

    /**
     * {@code [prod(kernel) x prod(out)]} flat offsets into one input channel: kernel position
     * {@code kk}, output position {@code o} reads input {@code o_i·s_i - padHead_i + kk_i·d_i} per
     * axis, or -1 when that falls into the padding.
     */
    static int[] im2colIndex(int[] in, int[] kernel, int[] out, int[] strides, int[] dil, int[] padHead) {
        int sp = in.length;
        int kSize = Shapes.size(kernel);
        int outSize = Shapes.size(out);
        int[] idx = new int[Shapes.size(new int[] {kSize, outSize})];
        int[] inStrides = Shapes.strides(in);
        int[] kc = new int[sp];
        int[] oc = new int[sp];
        for (int kk = 0; kk < kSize; kk++) {
            Arrays.fill(oc, 0);
            for (int o = 0; o < outSize; o++) {
                int flat = 0;
                for (int a = 0; a < sp; a++) {
                    int pos = oc[a] * strides[a] - padHead[a] + kc[a] * dil[a];
                    if (pos < 0 || pos >= in[a]) {
                        flat = -1;
                        break;
                    }
                    flat += pos * inStrides[a];
                }
                idx[kk * outSize + o] = flat;
                increment(oc, out);
            }
            increment(kc, kernel);
        }
        return idx;
    }

    private static void increment(int[] counter, int[] limits) {
        for (int a = counter.length - 1; a >= 0; a--) {
            if (++counter[a] < limits[a]) {
                return;
            }
            counter[a] = 0;
        }
    }
}
