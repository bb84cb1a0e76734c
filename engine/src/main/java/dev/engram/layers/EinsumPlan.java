package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;

/**
 * How one {@link EinsumDense} call runs as GEMMs: the input transposed to
 * {@code [shared, batch-like, summed]}, the kernel to {@code [shared, summed, features]}, one
 * {@code rows x depth} by {@code depth x cols} product per shared index, and the product
 * {@code [shared, batch-like, features]} transposed into the output's label order. Each permutation is
 * null when it is the identity (no copy).
 */
final class EinsumPlan {
    private final int[] inPerm;
    private final int[] kerPerm;
    private final int[] outPerm;
    private final int[] inDims;
    private final int[] kerDims;
    private final int[] productDims;
    private final int shared;
    private final int rows;
    private final int depth;
    private final int cols;

    private EinsumPlan(int[] inPerm, int[] kerPerm, int[] outPerm, int[] inDims, int[] kerDims, int[] productDims,
            int[] sizes) {
        this.inPerm = identity(inPerm) ? null : inPerm;
        this.kerPerm = identity(kerPerm) ? null : kerPerm;
        this.outPerm = identity(outPerm) ? null : outPerm;
        this.inDims = inDims;
        this.kerDims = kerDims;
        this.productDims = productDims;
        this.shared = sizes[0];
        this.rows = sizes[1];
        this.depth = sizes[2];
        this.cols = sizes[3];
    }

    /**
     * The plan for an input of full shape {@code inDims} (batch included) and the built kernel.
     *
     * @param eq      the equation
     * @param inDims  the input's dimensions, batch first
     * @param kerDims the kernel's dimensions
     * @return the plan
     */
    static EinsumPlan of(EinsumEquation eq, int[] inDims, int[] kerDims) {
        int elided = eq.elided(inDims.length);
        int[] in = eq.codes(eq.inputLabels(), elided);
        int[] out = eq.codes(eq.outputLabels(), elided);
        int[] ker = eq.kernelLabels().chars().toArray();
        // Group order: shared, batch-like and features as in the output, summed as in the input.
        int[][] group = new int[4][in.length + ker.length];
        int[][] members = new int[4][];
        int[] count = new int[4];
        for (int c : out) {
            boolean inIn = EinsumEquation.indexOf(in, c) >= 0;
            boolean inKer = EinsumEquation.indexOf(ker, c) >= 0;
            int g = inIn && inKer ? 0 : inIn ? 1 : 3;
            group[g][count[g]++] = c;
        }
        for (int c : in) {
            if (EinsumEquation.indexOf(out, c) < 0) {
                group[2][count[2]++] = c;
            }
        }
        int[] sizes = new int[4];
        for (int g = 0; g < 4; g++) {
            members[g] = java.util.Arrays.copyOf(group[g], count[g]);
            long n = 1;
            for (int c : members[g]) {
                int at = EinsumEquation.indexOf(in, c);
                n *= at >= 0 ? inDims[at] : kerDims[EinsumEquation.indexOf(ker, c)];
            }
            sizes[g] = Math.toIntExact(n);
        }
        int[] inOrder = concat(members[0], members[1], members[2]);
        int[] kerOrder = concat(members[0], members[2], members[3]);
        int[] productOrder = concat(members[0], members[1], members[3]);
        int[] productDims = new int[productOrder.length];
        for (int i = 0; i < productOrder.length; i++) {
            int c = productOrder[i];
            int at = EinsumEquation.indexOf(in, c);
            productDims[i] = at >= 0 ? inDims[at] : kerDims[EinsumEquation.indexOf(ker, c)];
        }
        return new EinsumPlan(positions(inOrder, in), positions(kerOrder, ker), positions(out, productOrder), inDims,
                kerDims, productDims, sizes);
    }

    private static int[] concat(int[] a, int[] b, int[] c) {
        int[] r = new int[a.length + b.length + c.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        System.arraycopy(c, 0, r, a.length + b.length, c.length);
        return r;
    }

    /** For each label of {@code order}, its axis in {@code axes} (a permutation for {@link Permute#transpose}). */
    private static int[] positions(int[] order, int[] axes) {
        int[] p = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            p[i] = EinsumEquation.indexOf(axes, order[i]);
        }
        return p;
    }

    private static boolean identity(int[] perm) {
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static int[] inverse(int[] perm) {
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inv[perm[i]] = i;
        }
        return inv;
    }

    private static Tensor permuted(Tensor t, int[] perm) {
        return perm == null ? t : Permute.transpose(t, perm);
    }

    /** Number of independent products. */
    int shared() {
        return shared;
    }

    /** Rows of each product (the batch-like labels). */
    int rows() {
        return rows;
    }

    /** The summed length of each product. */
    int depth() {
        return depth;
    }

    /** Columns of each product (the feature labels). */
    int cols() {
        return cols;
    }

    Tensor toProduct(Tensor input) {
        return permuted(input, inPerm);
    }

    Tensor kernelToProduct(Tensor kernel) {
        return permuted(kernel, kerPerm);
    }

    /** The product {@code [shared, rows, cols]} in the output's order (a new buffer when transposed). */
    Tensor fromProduct(float[] product) {
        return permuted(Tensor.wrap(Shape.of(productDims), product), outPerm);
    }

    /** An output gradient in the product's order. */
    Tensor toProductGradient(Tensor outputGradient) {
        return outPerm == null ? outputGradient : Permute.transpose(outputGradient, inverse(outPerm));
    }

    /** A kernel gradient in the product's order, back in the kernel's. */
    Tensor kernelFromProduct(float[] g) {
        if (kerPerm == null) {
            return Tensor.wrap(Shape.of(kerDims), g);
        }
        int[] d = new int[kerPerm.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = kerDims[kerPerm[i]];
        }
        return Permute.transpose(Tensor.wrap(Shape.of(d), g), inverse(kerPerm));
    }

    /** An input gradient in the product's order, back in the input's. */
    Tensor inputFromProduct(float[] g) {
        if (inPerm == null) {
            return Tensor.wrap(Shape.of(inDims), g);
        }
        int[] d = new int[inPerm.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = inDims[inPerm[i]];
        }
        return Permute.transpose(Tensor.wrap(Shape.of(d), g), inverse(inPerm));
    }
}
