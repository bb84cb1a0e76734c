package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.codec.Shapes;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * ONNX {@code MaxPool} (opsets 1-22, with the optional {@code Indices} output) and {@code AveragePool} (opsets 1-22)
 * on float data {@code X[N, C, D1, ..., Dk]}, any number of spatial axes (tf2onnx writes Keras's 1-D pooling as 2-D
 * pools over an inserted axis; PyTorch writes 1-D pools as they are).
 *
 * <p>Output size per axis, effective kernel {@code e = (k - 1)·d + 1}: explicit {@code pads} (auto_pad NOTSET)
 * give {@code floor((D + b + e_pad - e) / s) + 1}, or with {@code ceil_mode} the ceiling, where a last window that
 * would start inside the end padding is dropped (ONNX 19+ text, ONNX Runtime's and PyTorch's rule);
 * {@code VALID} gives {@code floor((D - e) / s) + 1}; {@code SAME_UPPER}/{@code SAME_LOWER} give {@code ceil(D / s)}
 * with the total padding split evenly, the odd cell at the end (UPPER) or the start (LOWER) (refused with
 * dilations: ONNX Runtime pads for the undilated window there, against the specification). Padding never wins a
 * max. {@code AveragePool} divides by the window cells inside the input ({@code count_include_pad} 0, the default)
 * or inside the padded input ({@code count_include_pad} 1: cells past the end padding, reachable only with
 * {@code ceil_mode}, are never counted, as in ONNX Runtime). {@code Indices} are flat offsets into X
 * ({@code storage_order} 0: row-major; 1: the spatial axes column-major).
 */
final class PoolOps {
    private PoolOps() {
    }

    static void register(Map<String, Op> ops) {
        ops.put("MaxPool", (n, in) -> pool(n, in, true));
        ops.put("AveragePool", (n, in) -> pool(n, in, false));
    }

    private static List<Value> pool(NodeContext n, List<Value> in, boolean max) {
        Value x = n.input(in, 0);
        if (!x.isFloat()) {
            throw n.fail("X must be float, got " + x);
        }
        int sp = x.rank() - 2;
        if (sp < 1) {
            throw n.fail("X must be [N, C, D1, ...], got " + x);
        }
        long[] ks = n.attrInts("kernel_shape");
        if (ks == null || ks.length != sp) {
            throw n.fail("kernel_shape must give " + sp + " values for " + x + ", got " + Arrays.toString(ks));
        }
        int[] kernel = new int[sp];
        for (int i = 0; i < sp; i++) {
            if (ks[i] < 1 || ks[i] > Shapes.maxElements()) {
                throw n.fail("kernel_shape " + Arrays.toString(ks) + " must be positive and at most "
                        + Shapes.maxElements());
            }
            kernel[i] = (int) ks[i];
        }
        int[] strides = ConvOps.perAxis(n, "strides", sp, 1);
        int[] dil = ConvOps.perAxis(n, "dilations", sp, 1);
        boolean ceil = n.attrInt("ceil_mode", 0) != 0;
        boolean includePad = n.attrInt("count_include_pad", 0) != 0;
        long[] pads = n.attrInts("pads");
        if (pads != null && pads.length != 2 * sp) {
            throw n.fail("pads " + Arrays.toString(pads) + " must have " + 2 * sp + " values");
        }
        String autoPad = n.attrString("auto_pad", "NOTSET");
        int[] spatial = new int[sp];
        int[] out = new int[sp];
        int[] head = new int[sp];
        int[] tail = new int[sp];
        for (int i = 0; i < sp; i++) {
            int d = x.dim(2 + i);
            spatial[i] = d;
            int eff = (kernel[i] - 1) * dil[i] + 1;
            long o;
            switch (autoPad) {
                case "NOTSET", "" -> {
                    long pb = pads == null ? 0 : pads[i];
                    long pe = pads == null ? 0 : pads[i + sp];
                    if (pb < 0 || pe < 0 || pb >= eff || pe >= eff) {
                        throw n.fail("pads " + Arrays.toString(pads) + " must be >= 0 and smaller than the window " + eff);
                    }
                    head[i] = (int) pb;
                    tail[i] = (int) pe;
                    long span = d + pb + pe - eff;
                    o = (ceil ? Math.floorDiv(span + strides[i] - 1, strides[i]) : Math.floorDiv(span, strides[i])) + 1;
                    if (ceil && (o - 1) * strides[i] >= d + pb) {
                        o--; // the last window would start in the end padding
                    }
                }
                case "VALID" -> o = Math.floorDiv(d - eff, strides[i]) + 1;
                case "SAME_UPPER", "SAME_LOWER" -> {
                    if (dil[i] != 1) {
                        // ONNX's text pads for the dilated window; ONNX Runtime 1.22 pads for the undilated one and
                        // yields fewer outputs: no answer is right in every reader.
                        throw n.fail("auto_pad " + autoPad + " with dilations " + Arrays.toString(dil) + " is refused:"
                                + " the ONNX specification and ONNX Runtime compute different output sizes; use"
                                + " explicit pads");
                    }
                    o = (d + strides[i] - 1) / strides[i];
                    long total = Math.max(0, (o - 1) * strides[i] + eff - d);
                    head[i] = (int) (autoPad.equals("SAME_UPPER") ? total / 2 : (total + 1) / 2);
                    tail[i] = (int) (total - head[i]);
                }
                default -> throw n.fail("auto_pad '" + autoPad + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
            }
            if (o < 1) {
                throw n.fail("spatial axis " + i + " of " + x + " is shorter than the window (" + eff + ")");
            }
            out[i] = (int) o;
        }
        int planes = x.dim(0) * x.dim(1);
        int inSize = Shapes.size(spatial);
        int outSize = Shapes.size(out);
        int[] outShape = new int[sp + 2];
        outShape[0] = x.dim(0);
        outShape[1] = x.dim(1);
        System.arraycopy(out, 0, outShape, 2, sp);
        boolean columnMajor = n.attrInt("storage_order", 0) != 0;
        boolean wantIndices = max && n.outputUsed(1);
        float[] xv = x.floats();
        float[] y = new float[planes * outSize];
        long[] idx = wantIndices ? new long[y.length] : null;
        int kSize = Shapes.size(kernel);
        int[] o = new int[sp];
        int[] k = new int[sp];
        for (int op = 0; op < outSize; op++) {
            unravel(op, out, o);
            // Flat input offsets (or -1) of this window's cells, and how many count for the average.
            int[] cells = new int[kSize];
            int inside = 0;
            int padded = 0;
            for (int kk = 0; kk < kSize; kk++) {
                unravel(kk, kernel, k);
                int flat = 0;
                boolean in0 = true;
                boolean inPad = true;
                for (int a = 0; a < sp; a++) {
                    int pos = o[a] * strides[a] - head[a] + k[a] * dil[a];
                    in0 &= pos >= 0 && pos < spatial[a];
                    inPad &= pos >= -head[a] && pos < spatial[a] + tail[a];
                    flat = flat * spatial[a] + Math.max(0, Math.min(spatial[a] - 1, pos));
                }
                cells[kk] = in0 ? flat : -1;
                inside += in0 ? 1 : 0;
                padded += inPad ? 1 : 0;
            }
            int divisor = includePad ? padded : inside;
            for (int p = 0; p < planes; p++) {
                int base = p * inSize;
                if (max) {
                    float best = Float.NEGATIVE_INFINITY;
                    int at = -1;
                    for (int c : cells) {
                        if (c >= 0 && (at < 0 || xv[base + c] > best || Float.isNaN(xv[base + c]))) {
                            best = xv[base + c];
                            at = c;
                        }
                    }
                    y[p * outSize + op] = best;
                    if (idx != null) {
                        idx[p * outSize + op] = base + (columnMajor ? transposeFlat(at, spatial) : at);
                    }
                } else {
                    double s = 0;
                    for (int c : cells) {
                        if (c >= 0) {
                            s += xv[base + c];
                        }
                    }
                    y[p * outSize + op] = divisor == 0 ? Float.NaN : (float) (s / divisor);
                }
            }
        }
        Value yv = Value.ofFloats(outShape, y);
        return idx == null ? List.of(yv) : List.of(yv, Value.ofLongs(outShape, idx));
    }

    private static void unravel(int flat, int[] dims, int[] into) {
        for (int a = dims.length - 1; a >= 0; a--) {
            into[a] = flat % dims[a];
            flat /= dims[a];
        }
    }

    /** A row-major flat offset within the spatial dims, re-expressed column-major (storage_order 1). */
    private static int transposeFlat(int flat, int[] dims) {
        int[] c = new int[dims.length];
        unravel(flat, dims, c);
        int r = 0;
        for (int a = dims.length - 1; a >= 0; a--) {
            r = r * dims[a] + c[a];
        }
        return r;
    }
}
