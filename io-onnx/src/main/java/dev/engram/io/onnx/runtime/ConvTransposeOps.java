package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Shapes;
import dev.engram.io.onnx.codec.Value;
import dev.engram.tensor.LinearAlgebra;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * ONNX {@code ConvTranspose} (opsets 1-22) on float data, channels-first: {@code X[N, C, D1..Dk]},
 * {@code W[C, M/group, k1..kk]}, optional {@code B[M]}, any number of spatial axes. Output size per
 * axis {@code s·(in - 1) + output_padding + (k - 1)·d + 1 - pad_begin - pad_end}; with
 * {@code output_shape} (or {@code auto_pad} SAME_UPPER/SAME_LOWER, which asks for {@code in·s}) the
 * total padding follows from the requested size and is split as the spec says (SAME_UPPER: the odd
 * one at the end; a size above the full output adds bias-only outputs at the end). Input position
 * {@code i} and kernel position {@code j} add into output
 * {@code i·s - pad_begin + j·d}.
 *
 * <p>Per sample and group one GEMM {@code W_gᵀ · X_g} gives every (output channel, kernel position,
 * input position) product on the engine's GEMM, then a scatter adds them to the output (col2im).
 */
final class ConvTransposeOps {
    private ConvTransposeOps() {
    }

    static void register(Map<String, Op> ops) {
        ops.put("ConvTranspose", ConvTransposeOps::convTranspose);
    }

    private static List<Value> convTranspose(NodeContext n, List<Value> in) {
        Value x = n.input(in, 0);
        Value w = n.input(in, 1);
        Value b = NodeContext.optional(in, 2);
        int rank = x.rank();
        int sp = rank - 2;
        if (sp < 1 || w.rank() != rank) {
            throw n.fail("X must be [N, C, D1, ...] and W [C, M/group, k1, ...] of the same rank, got " + x + " and "
                    + w);
        }
        int batch = x.dim(0);
        int ch = x.dim(1);
        int group = (int) n.attrInt("group", 1);
        if (group < 1 || ch % group != 0 || w.dim(0) != ch) {
            throw n.fail("group " + group + " does not fit X " + x + " and W " + w + " (need W[0] = C divisible by group)");
        }
        int mg = w.dim(1);
        int m = Math.multiplyExact(mg, group);
        if (b != null && (b.rank() != 1 || b.dim(0) != m)) {
            throw n.fail("B must be [" + m + "], got " + b);
        }
        int[] kernel = new int[sp];
        int[] inSpatial = new int[sp];
        for (int i = 0; i < sp; i++) {
            kernel[i] = w.dim(2 + i);
            inSpatial[i] = x.dim(2 + i);
        }
        long[] ks = n.attrInts("kernel_shape");
        if (ks != null && !Arrays.equals(ks, Arrays.stream(kernel).asLongStream().toArray())) {
            throw n.fail("kernel_shape " + Arrays.toString(ks) + " differs from W's spatial dims " + Arrays.toString(kernel));
        }
        int[] strides = ConvOps.perAxis(n, "strides", sp, 1);
        int[] dil = ConvOps.perAxis(n, "dilations", sp, 1);
        int[] outPad = new int[sp];
        long[] op = n.attrInts("output_padding");
        if (op != null) {
            if (op.length != sp) {
                throw n.fail("output_padding " + Arrays.toString(op) + " must have " + sp + " values");
            }
            for (int i = 0; i < sp; i++) {
                if (op[i] < 0 || op[i] > Shapes.maxElements()) {
                    throw n.fail("output_padding " + Arrays.toString(op) + " must be >= 0");
                }
                outPad[i] = (int) op[i];
            }
        }
        String autoPad = n.attrString("auto_pad", "NOTSET");
        long[] pads = n.attrInts("pads");
        long[] outputShape = n.attrInts("output_shape");
        if (pads != null && pads.length != 2 * sp) {
            throw n.fail("pads " + Arrays.toString(pads) + " must have " + 2 * sp + " values");
        }
        if (outputShape != null && outputShape.length != sp && outputShape.length != rank) {
            throw n.fail("output_shape " + Arrays.toString(outputShape) + " must have " + sp + " values");
        }
        int[] out = new int[sp];
        int[] padHead = new int[sp];
        for (int i = 0; i < sp; i++) {
            long eff = (long) (kernel[i] - 1) * dil[i] + 1;
            long full = (long) strides[i] * (inSpatial[i] - 1) + outPad[i] + eff;
            long o;
            boolean same = autoPad.equals("SAME_UPPER") || autoPad.equals("SAME_LOWER");
            if (outputShape != null || same) {
                o = outputShape != null ? outputShape[outputShape.length - sp + i] : (long) inSpatial[i] * strides[i];
                // A requested size above the full output makes the total negative: the extra outputs (bias only)
                // go to the end, as in ONNX's reference implementation (floor division).
                long total = full - o;
                padHead[i] = (int) (autoPad.equals("SAME_UPPER") ? Math.floorDiv(total, 2)
                        : total - Math.floorDiv(total, 2));
            } else if (autoPad.equals("NOTSET") || autoPad.isEmpty() || autoPad.equals("VALID")) {
                long pb = pads == null || autoPad.equals("VALID") ? 0 : pads[i];
                long pe = pads == null || autoPad.equals("VALID") ? 0 : pads[i + sp];
                if (pb < 0 || pe < 0) {
                    throw n.fail("negative pads " + Arrays.toString(pads));
                }
                padHead[i] = (int) pb;
                o = full - pb - pe;
            } else {
                throw n.fail("auto_pad '" + autoPad + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
            }
            if (o < 1 || o > Shapes.maxElements()) {
                throw n.fail("output size " + o + " on spatial axis " + i + " is out of range");
            }
            out[i] = (int) o;
        }
        int[] outShape = new int[rank];
        outShape[0] = batch;
        outShape[1] = m;
        System.arraycopy(out, 0, outShape, 2, sp);
        int outSize = Shapes.size(out);
        int inSize = Shapes.size(inSpatial);
        int kSize = Shapes.size(kernel);
        int cg = ch / group;
        int rows = Shapes.size(new int[] {mg, kSize});
        Shapes.size(new int[] {rows, inSize});
        // For every (kernel position, input position) pair, the flat output offset within one channel, or -1.
        int[] scatter = ConvOps.im2colIndex(out, kernel, inSpatial, strides, dil, padHead);
        float[] xv = x.floats();
        float[] wv = w.floats();
        float[] y = new float[Shapes.size(outShape)];
        float[] col = new float[rows * inSize];
        for (int bi = 0; bi < batch; bi++) {
            for (int g = 0; g < group; g++) {
                // col[(m, k), i] = sum_c W_g[c, (m, k)] * X_g[c, i]
                LinearAlgebra.gemm(true, false, rows, inSize, cg, wv, g * cg * rows, rows, xv, (bi * ch + g * cg) * inSize,
                        inSize, 0f, col, 0, inSize);
                for (int mm = 0; mm < mg; mm++) {
                    int yOff = (bi * m + g * mg + mm) * outSize;
                    for (int kk = 0; kk < kSize; kk++) {
                        int row = (mm * kSize + kk) * inSize;
                        int idx = kk * inSize;
                        for (int i = 0; i < inSize; i++) {
                            int t = scatter[idx + i];
                            if (t >= 0) {
                                y[yOff + t] += col[row + i];
                            }
                        }
                    }
                }
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
}
