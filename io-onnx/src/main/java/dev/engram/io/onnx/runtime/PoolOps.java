package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Shapes;
import dev.engram.io.onnx.codec.Value;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * ONNX {@code MaxPool} and {@code AveragePool} (opsets 1-22) on float data {@code X[N, C, D1, ...]}
 * for any number of spatial axes, with {@code kernel_shape}, {@code strides}, {@code dilations},
 * explicit {@code pads} or {@code auto_pad}, and AveragePool's {@code count_include_pad}. Output
 * size per axis as for {@code Conv} (see {@link ConvOps}); {@code ceil_mode = 1} and MaxPool's
 * {@code Indices} output are refused. Padding never wins a maximum; the average divides by the real
 * elements of the window unless {@code count_include_pad = 1}.
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
        int sp = x.rank() - 2;
        long[] ks = n.attrInts("kernel_shape");
        if (sp < 1 || ks == null || ks.length != sp) {
            throw n.fail("X must be [N, C, D1, ...] with kernel_shape of one value per spatial axis, got " + x
                    + " and kernel_shape " + Arrays.toString(ks));
        }
        if (n.attrInt("ceil_mode", 0) != 0) {
            throw n.fail("ceil_mode = 1 is not supported");
        }
        if (max && n.outputUsed(1)) {
            throw n.fail("the Indices output of MaxPool is not supported");
        }
        int[] kernel = new int[sp];
        int[] strides = new int[sp];
        int[] dil = new int[sp];
        long[] s = n.attrInts("strides");
        long[] d = n.attrInts("dilations");
        long[] pads = n.attrInts("pads");
        if (s != null && s.length != sp || d != null && d.length != sp || pads != null && pads.length != 2 * sp) {
            throw n.fail("strides, dilations and pads must have " + sp + ", " + sp + " and " + 2 * sp + " values");
        }
        String autoPad = n.attrString("auto_pad", "NOTSET");
        int[] spatial = new int[sp];
        int[] out = new int[sp];
        int[] head = new int[sp];
        for (int i = 0; i < sp; i++) {
            kernel[i] = (int) ks[i];
            strides[i] = s == null ? 1 : (int) s[i];
            dil[i] = d == null ? 1 : (int) d[i];
            if (ks[i] < 1 || strides[i] < 1 || dil[i] < 1 || ks[i] > Shapes.maxElements()) {
                throw n.fail("kernel_shape, strides and dilations must be positive");
            }
            spatial[i] = x.dim(2 + i);
            int eff = (kernel[i] - 1) * dil[i] + 1;
            long o;
            switch (autoPad) {
                case "NOTSET", "" -> {
                    long pb = pads == null ? 0 : pads[i];
                    long pe = pads == null ? 0 : pads[i + sp];
                    if (pb < 0 || pe < 0 || pb >= eff || pe >= eff) {
                        throw n.fail("pads " + Arrays.toString(pads) + " must be >= 0 and smaller than the kernel");
                    }
                    head[i] = (int) pb;
                    o = Math.floorDiv(spatial[i] + pb + pe - eff, strides[i]) + 1;
                }
                case "VALID" -> o = Math.floorDiv(spatial[i] - eff, strides[i]) + 1;
                case "SAME_UPPER", "SAME_LOWER" -> {
                    o = (spatial[i] + strides[i] - 1) / strides[i];
                    long total = Math.max(0, (o - 1) * strides[i] + eff - spatial[i]);
                    head[i] = (int) (autoPad.equals("SAME_UPPER") ? total / 2 : (total + 1) / 2);
                }
                default -> throw n.fail("auto_pad '" + autoPad + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
            }
            if (o < 1) {
                throw n.fail("spatial axis " + i + " of " + x + " is shorter than the dilated kernel (" + eff + ")");
            }
            out[i] = (int) o;
        }
        boolean includePad = n.attrInt("count_include_pad", 0) != 0;
        int[] outShape = new int[sp + 2];
        outShape[0] = x.dim(0);
        outShape[1] = x.dim(1);
        System.arraycopy(out, 0, outShape, 2, sp);
        int planes = x.dim(0) * x.dim(1);
        int inSize = Shapes.size(spatial);
        int outSize = Shapes.size(out);
        int kSize = Shapes.size(kernel);
        int[] inStrides = Shapes.strides(spatial);
        float[] xv = x.floats();
        float[] y = new float[Shapes.size(outShape)];
        int[] oc = new int[sp];
        int[] kc = new int[sp];
        for (int o = 0; o < outSize; o++) {
            // The window's flat offsets within a plane; -1 marks padding.
            int[] window = new int[kSize];
            Arrays.fill(kc, 0);
            for (int k = 0; k < kSize; k++) {
                int flat = 0;
                for (int a = 0; a < sp; a++) {
                    int pos = oc[a] * strides[a] - head[a] + kc[a] * dil[a];
                    if (pos < 0 || pos >= spatial[a]) {
                        flat = -1;
                        break;
                    }
                    flat += pos * inStrides[a];
                }
                window[k] = flat;
                increment(kc, kernel);
            }
            for (int p = 0; p < planes; p++) {
                int base = p * inSize;
                float acc = max ? Float.NEGATIVE_INFINITY : 0f;
                int count = 0;
                for (int w : window) {
                    if (w >= 0) {
                        float v = xv[base + w];
                        acc = max ? Math.max(acc, v) : acc + v;
                        count++;
                    }
                }
                y[p * outSize + o] = max ? acc : acc / (includePad ? kSize : Math.max(count, 1));
            }
            increment(oc, out);
        }
        return List.of(Value.ofFloats(outShape, y));
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
