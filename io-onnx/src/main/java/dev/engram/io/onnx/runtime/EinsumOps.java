package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Shapes;
import dev.engram.io.onnx.codec.Value;
import dev.engram.tensor.LinearAlgebra;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code Einsum} (opset 12) of one or two float operands, explicit ({@code ab,bc->ac}) or implicit
 * ({@code ab,bc}: the labels seen once, alphabetically) with ellipses. A label summed in one operand alone is
 * summed there first; the two operands are then transposed to {@code [shared, rows, summed]} and
 * {@code [shared, summed, cols]} and multiplied with the engine's GEMM once per shared index, and the
 * product is transposed to the output's order. Refused with the node named: a label repeated within one
 * operand (a diagonal), more than two operands, labels or ellipsis axes whose sizes differ between operands.
 */
final class EinsumOps {
    private EinsumOps() {
    }

    static void register(Map<String, Op> ops) {
        ops.put("Einsum", EinsumOps::einsum);
    }

    /** Axis labels: letters as themselves, ellipsis axes as 0, 1, ... counted from the last. */
    private static int[] labels(NodeContext n, String term, int rank) {
        int dots = term.indexOf("...");
        String plain = term.replace("...", "");
        int elided = rank - plain.length();
        if (elided < 0 || (dots < 0 && elided != 0)) {
            throw n.fail("term '" + term + "' does not fit an operand of rank " + rank);
        }
        int[] out = new int[rank];
        int at = 0;
        for (int i = 0; i < term.length(); i++) {
            if (i == dots) {
                for (int e = elided - 1; e >= 0; e--) {
                    out[at++] = e;
                }
                i += 2;
                continue;
            }
            char c = term.charAt(i);
            if (!Character.isLetter(c) || c > 127) {
                throw n.fail("label '" + c + "' of '" + term + "' is not a letter");
            }
            out[at++] = c;
        }
        for (int i = 0; i < rank; i++) {
            for (int j = i + 1; j < rank; j++) {
                if (out[i] == out[j]) {
                    throw n.fail("term '" + term + "' repeats a label (diagonals are not supported)");
                }
            }
        }
        return out;
    }

    private static int indexOf(int[] codes, int c) {
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static List<Value> einsum(NodeContext n, List<Value> in) {
        String eq = n.attrString("equation", "").replace(" ", "");
        int arrow = eq.indexOf("->");
        String[] terms = (arrow < 0 ? eq : eq.substring(0, arrow)).split(",", -1);
        if (terms.length != in.size() || terms.length > 2) {
            throw n.fail("equation '" + eq + "' names " + terms.length + " operands for " + in.size()
                    + " inputs (one or two are supported)");
        }
        List<Value> vals = new ArrayList<>();
        List<int[]> codes = new ArrayList<>();
        int maxElided = 0;
        for (int i = 0; i < terms.length; i++) {
            Value v = n.input(in, i);
            vals.add(v);
            codes.add(labels(n, terms[i], v.rank()));
            maxElided = Math.max(maxElided, v.rank() - terms[i].replace("...", "").length());
        }
        int[] out;
        if (arrow >= 0) {
            String o = eq.substring(arrow + 2);
            out = labels(n, o, o.replace("...", "").length() + (o.contains("...") ? maxElided : 0));
        } else {
            // Implicit output: the ellipsis axes, then the labels seen exactly once, in alphabetical order.
            TreeSet<Integer> once = new TreeSet<>();
            TreeSet<Integer> seen = new TreeSet<>();
            for (int[] cs : codes) {
                for (int c : cs) {
                    if (c > 127 || c < 'A') {
                        continue;
                    }
                    if (!seen.add(c)) {
                        once.remove(c);
                    } else {
                        once.add(c);
                    }
                }
            }
            out = new int[maxElided + once.size()];
            for (int e = 0; e < maxElided; e++) {
                out[e] = maxElided - 1 - e;
            }
            int at = maxElided;
            for (int c : once) {
                out[at++] = c;
            }
        }
        Value a = sumAlone(vals.get(0), codes.get(0), terms.length > 1 ? codes.get(1) : new int[0], out);
        int[] aCodes = kept(codes.get(0), terms.length > 1 ? codes.get(1) : new int[0], out);
        if (terms.length == 1) {
            int[] perm = new int[out.length];
            for (int i = 0; i < out.length; i++) {
                perm[i] = indexOf(aCodes, out[i]);
                if (perm[i] < 0) {
                    throw n.fail("output label " + (char) out[i] + " is not an input label of '" + eq + "'");
                }
            }
            return List.of(ShapeOps.permute(a, perm));
        }
        Value b = sumAlone(vals.get(1), codes.get(1), codes.get(0), out);
        int[] bCodes = kept(codes.get(1), codes.get(0), out);
        return List.of(product(n, eq, a, aCodes, b, bCodes, out));
    }

    /** The labels of {@code mine} that survive summing the ones neither the other operand nor the output has. */
    private static int[] kept(int[] mine, int[] other, int[] out) {
        return java.util.Arrays.stream(mine).filter(c -> indexOf(other, c) >= 0 || indexOf(out, c) >= 0).toArray();
    }

    /** {@code v} summed over its labels that neither the other operand nor the output has. */
    private static Value sumAlone(Value v, int[] mine, int[] other, int[] out) {
        int[] keep = kept(mine, other, out);
        if (keep.length == mine.length) {
            return v;
        }
        int[] s = v.shape();
        int[] outShape = new int[keep.length];
        for (int i = 0; i < keep.length; i++) {
            outShape[i] = s[indexOf(mine, keep[i])];
        }
        float[] src = v.floats();
        float[] dst = new float[Shapes.size(outShape)];
        int[] idx = new int[s.length];
        for (int k = 0; k < src.length; k++) {
            int o = 0;
            for (int i = 0; i < keep.length; i++) {
                o = o * outShape[i] + idx[indexOf(mine, keep[i])];
            }
            dst[o] += src[k];
            for (int d = s.length - 1; d >= 0; d--) {
                if (++idx[d] < s[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return Value.ofFloats(outShape, dst);
    }

    private static Value product(NodeContext n, String eq, Value a, int[] ac, Value b, int[] bc, int[] out) {
        List<Integer> shared = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        List<Integer> cols = new ArrayList<>();
        List<Integer> summed = new ArrayList<>();
        for (int c : out) {
            boolean inA = indexOf(ac, c) >= 0;
            boolean inB = indexOf(bc, c) >= 0;
            if (!inA && !inB) {
                throw n.fail("output label " + (char) c + " is in neither operand of '" + eq + "'");
            }
            (inA && inB ? shared : inA ? rows : cols).add(c);
        }
        for (int c : ac) {
            if (indexOf(bc, c) >= 0 && indexOf(out, c) < 0) {
                summed.add(c);
            }
        }
        int[] as = a.shape();
        int[] bs = b.shape();
        for (int c : ac) {
            int j = indexOf(bc, c);
            if (j >= 0 && as[indexOf(ac, c)] != bs[j]) {
                throw n.fail("label " + (c < 'A' ? "..." : String.valueOf((char) c)) + " has size "
                        + as[indexOf(ac, c)] + " in one operand and " + bs[j] + " in the other");
            }
        }
        int ns = size(shared, ac, as);
        int nr = size(rows, ac, as);
        int nc = size(cols, bc, bs);
        int nk = size(summed, ac, as);
        float[] x = ShapeOps.permute(a, order(ac, shared, rows, summed)).floats();
        float[] y = ShapeOps.permute(b, order(bc, shared, summed, cols)).floats();
        float[] z = n.floats(ns * nr * nc);
        for (int s = 0; s < ns; s++) {
            LinearAlgebra.gemm(false, false, nr, nc, nk, x, s * nr * nk, nk, y, s * nk * nc, nc, 0f, z, s * nr * nc, nc);
        }
        List<Integer> productLabels = new ArrayList<>(shared);
        productLabels.addAll(rows);
        productLabels.addAll(cols);
        int[] pl = productLabels.stream().mapToInt(Integer::intValue).toArray();
        int[] pd = new int[pl.length];
        for (int i = 0; i < pl.length; i++) {
            int at = indexOf(ac, pl[i]);
            pd[i] = at >= 0 ? as[at] : bs[indexOf(bc, pl[i])];
        }
        int[] perm = new int[out.length];
        for (int i = 0; i < out.length; i++) {
            perm[i] = indexOf(pl, out[i]);
        }
        return ShapeOps.permute(Value.ofFloats(pd, z), perm);
    }

    private static int size(List<Integer> labels, int[] codes, int[] shape) {
        int s = 1;
        for (int c : labels) {
            s = Math.multiplyExact(s, shape[indexOf(codes, c)]);
        }
        return s;
    }

    @SafeVarargs
    private static int[] order(int[] codes, List<Integer>... groups) {
        List<Integer> all = new ArrayList<>();
        for (List<Integer> g : groups) {
            all.addAll(g);
        }
        return all.stream().mapToInt(c -> indexOf(codes, c)).toArray();
    }
}
