package dev.engram.internal.conv;

import dev.engram.internal.kernels.Kernels;
import java.util.Arrays;

/**
 * A convolution with few filters (the MNIST convnet's 8 and 16), forward and backward, as the
 * register-blocked products of {@link ConvTiles} over the column matrix of a few samples at a time,
 * with the batch split over the kernel threads. When no window reaches the padding the column
 * matrix is read in place from the input through a table of tap offsets (no im2col); otherwise each
 * task builds its samples' columns.
 *
 * <p>Why not {@link ConvGemm}'s one big GEMM: with 8-16 filters the product is a tall, narrow
 * matrix (n below the engine GEMM's 2-vector micro-tile, so it fell to dot products, ~7 GFLOP/s),
 * and the backward GEMMs are narrower still ({@code dKernel} is 25 x 8). Here each task reads (or
 * builds, a few tens of KiB kept in L2) the columns of its own samples, multiplies them right away,
 * and in the backward pass also scatters its samples' column gradient into their own part of
 * {@code dx}, so tasks never write the same place. With one input channel the column gradient is
 * computed transposed ({@code kernel · dzᵀ}, an engine GEMM with long rows) so that its scatter adds
 * whole input-row runs ({@link Conv2dPlan#col2imTransposed}). With one input channel and filters that
 * fill half a vector (8 of 16 lanes), two neighbouring pixels share each vector in the forward pass
 * and the kernel gradient ({@link ConvTiles#forwardPairs}); a plan read in place adds its column
 * gradient to {@code dx} through the tap table in vector runs ({@link ConvTiles#addColumns}).
 *
 * <p>Determinism: the kernel gradient is summed per slot (a fixed range of samples, {@link #SLOTS}
 * at most, independent of the number of threads) and the slots are added in order, so results do not
 * depend on the thread count or on scheduling.
 */
public final class SmallFilterConv {
    /** Filters up to which this path beats the packed GEMM. */
    public static final int MAX_FILTERS = 16;
    /** Floats of one task's column matrix (64 KiB): one sample of a small image, in L2. */
    static final int TASK_FLOATS = 1 << 14;
    /** Partial kernel gradients summed in the backward pass (fixed, so threads do not change bits). */
    static final int SLOTS = 16;

    private static final Kernels K = Kernels.get();
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private SmallFilterConv() {
    }

    /** True when this path should run the convolution (not pointwise, few filters). */
    public static boolean applies(ColumnPlan p, int filters) {
        return !p.isPointwise() && filters <= MAX_FILTERS && p.pixels() > 0;
    }

    /** Per-thread buffers, grown on demand and reused across calls. */
    private static final class Scratch {
        float[] col = new float[0];
        float[] out = new float[0];
        float[] dz = new float[0];
        float[] x2 = new float[0];
        float[] fold = new float[0];

        float[] col(int n) {
            return col.length >= n ? col : (col = new float[n]);
        }

        float[] out(int n) {
            return out.length >= n ? out : (out = new float[n]);
        }

        float[] dz(int n) {
            return dz.length >= n ? dz : (dz = new float[n]);
        }

        float[] fold(int n) {
            return fold.length >= n ? fold : (fold = new float[n]);
        }

        float[] x2(int n) {
            return x2.length >= n ? x2 : (x2 = new float[n]);
        }
    }

    /**
     * Where row {@code r} of a task's column matrix starts: in the input, relative to its first
     * sample, when the plan reads in place ({@code taps} not null); else in the built columns. The
     * same for every task of {@code group} samples, so computed once per call.
     */
    private static int[] rowStarts(ColumnPlan p, int[] taps, int group) {
        int[] starts = new int[group * p.pixels()];
        if (taps != null) {
            p.windowStarts(0, group, starts);
        } else {
            for (int r = 0; r < starts.length; r++) {
                starts[r] = r * p.cols();
            }
        }
        return starts;
    }

    /**
     * The columns as runs of adjacent taps ({@code off[q + 1] == off[q] + 1}), {@code (first column,
     * length)} pairs: one run per kernel row for unit column stride and dilation.
     */
    static int[] tapRuns(int[] off) {
        int[] runs = new int[2 * off.length];
        int n = 0;
        for (int q = 0; q < off.length; q++) {
            if (n > 0 && off[q] == off[q - 1] + 1) {
                runs[n - 1]++;
            } else {
                runs[n++] = q;
                runs[n++] = 1;
            }
        }
        return Arrays.copyOf(runs, n);
    }

    /** {@code 0, 1, ..., n-1}: the column offsets of a built column matrix. */
    private static int[] identity(int n) {
        int[] id = new int[n];
        for (int i = 0; i < n; i++) {
            id[i] = i;
        }
        return id;
    }

    /** Samples per task: enough that one task's columns fill about {@link #TASK_FLOATS}. */
    static int groupSamples(ColumnPlan p) {
        long perSample = Math.max(1L, (long) p.pixels() * p.cols());
        return (int) Math.max(1, Math.min(p.batch(), TASK_FLOATS / perSample));
    }

    /**
     * Whether the paired tiles run ({@link ConvTiles#forwardPairs}): they are available for these filters,
     * and the plan reads one channel in place with unit column stride and an even number of pixels per
     * output row, so that pixels {@code 2m} and {@code 2m + 1} start at neighbouring input values.
     */
    private static boolean paired(ColumnPlan p, int[] taps, int pairWidth) {
        return pairWidth > 0 && taps != null && p instanceof Conv2dPlan c && c.channels() == 1 && c.strideW() == 1
                && c.outW() % 2 == 0;
    }

    /** {@code [rows, n]} with each row written twice: {@code [rows, 2n]}. */
    private static float[] twice(float[] a, int rows, int n) {
        float[] out = new float[rows * 2 * n];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(a, r * n, out, 2 * r * n, n);
            System.arraycopy(a, r * n, out, (2 * r + 1) * n, n);
        }
        return out;
    }

    /** {@code [rows, n]} copied to stride {@code np >= n} with zero padding (the same array when equal). */
    private static float[] padColumns(float[] a, int rows, int n, int np) {
        if (np == n) {
            return a;
        }
        float[] out = new float[rows * np];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(a, r * n, out, r * np, n);
        }
        return out;
    }

    /**
     * {@code z = columns(x) · kernel (+ bias)}, with the contract of
     * {@link ConvGemm#forward(ColumnPlan, float[], float[], float[], int, float[])}.
     *
     * @param p       the geometry
     * @param x       the channels-last input
     * @param kernel  {@code [cols, filters]}
     * @param bias    {@code [filters]}, or null
     * @param filters output channels
     * @param z       receives {@code [batch * pixels, filters]}
     */
    public static void forward(ColumnPlan p, float[] x, float[] kernel, float[] bias, int filters, float[] z) {
        ConvTiles tiles = ConvTiles.get();
        int cols = p.cols();
        int pixels = p.pixels();
        int fp = tiles.paddedWidth(filters);
        float[] w = padColumns(kernel, cols, filters, fp);
        float[] b = bias == null ? new float[fp] : padColumns(bias, 1, filters, fp);
        int[] taps = p.tapOffsets();
        int group = groupSamples(p);
        int tasks = (p.batch() + group - 1) / group;
        int[] starts = rowStarts(p, taps, group);
        int[] off = taps != null ? taps : identity(cols);
        // Rows stored whole (fp floats) at stride `filters` spill onto the next rows, which are stored
        // after them; a task's last rows would spill into the next task's, so they go through scratch.
        // Several vectors per row would not be stored in row order: scratch for all rows then.
        boolean oneVector = tiles.paddedWidth(1) == fp;
        int spill = fp == filters ? 0 : oneVector ? (fp - filters + filters - 1) / filters : Integer.MAX_VALUE;
        // One grey channel read in place with unit column stride and whole pairs of pixels per image row:
        // neighbouring pixels start at neighbouring inputs, and two of them share one vector.
        int pw = tiles.pairWidth(filters);
        boolean paired = paired(p, taps, pw);
        float[] w2 = paired ? twice(kernel, cols, filters) : null;
        float[] b2 = paired ? twice(bias == null ? new float[filters] : bias, 1, filters) : null;
        K.parallelFor(tasks, t -> {
            int first = t * group;
            int samples = Math.min(group, p.batch() - first);
            int rows = samples * pixels;
            Scratch s = SCRATCH.get();
            if (paired) {
                int n = samples * p.sampleSize();
                float[] x2 = s.x2(n * pw);
                tiles.pairInput(x, first * p.sampleSize(), n, x2);
                tiles.forwardPairs(rows, cols, x2, starts, off, w2, b2, z, first * pixels * filters);
                return;
            }
            float[] a = x;
            int base = first * p.sampleSize();
            if (taps == null) {
                a = s.col(rows * cols);
                p.im2col(x, first, samples, a);
                base = 0;
            }
            int zOff = first * pixels * filters;
            int direct = Math.max(0, rows - spill);
            tiles.forward(0, direct, cols, a, base, starts, off, w, fp, b, z, zOff, filters);
            int rest = rows - direct;
            if (rest > 0) {
                float[] out = s.out(rest * fp);
                tiles.forward(direct, rest, cols, a, base, starts, off, w, fp, b, out, 0, fp);
                for (int r = 0; r < rest; r++) {
                    System.arraycopy(out, r * fp, z, zOff + (direct + r) * filters, filters);
                }
            }
        });
    }

    /**
     * Back-propagates {@code dz}, with the contract of
     * {@link ConvGemm#backward(ColumnPlan, float[], float[], float[], int, float[], float[])}.
     *
     * @param p       the geometry
     * @param x       the forward input
     * @param kernel  {@code [cols, filters]}
     * @param dz      {@code [batch * pixels, filters]}
     * @param filters output channels
     * @param dKernel accumulated into
     * @param dBias   accumulated into; null without a bias
     * @param inputGradient whether to compute the input gradient
     * @return the input gradient, or null without {@code inputGradient}
     */
    public static float[] backward(ColumnPlan p, float[] x, float[] kernel, float[] dz, int filters, float[] dKernel,
            float[] dBias, boolean inputGradient) {
        ConvTiles tiles = ConvTiles.get();
        int cols = p.cols();
        int pixels = p.pixels();
        int fp = tiles.paddedWidth(filters);
        int cp = tiles.paddedWidth(cols);
        float[] wT = new float[filters * cp];
        for (int q = 0; q < cols; q++) {
            for (int f = 0; f < filters; f++) {
                wT[f * cp + q] = kernel[q * filters + f];
            }
        }
        float[] dx = inputGradient ? new float[Math.multiplyExact(p.batch(), p.sampleSize())] : null;
        int[] taps = p.tapOffsets();
        int group = groupSamples(p);
        int groups = (p.batch() + group - 1) / group;
        int[] starts = rowStarts(p, taps, group);
        int[] off = taps != null ? taps : identity(cols);
        int[] runs = taps != null ? tapRuns(taps) : null;
        int pw = tiles.pairWidth(filters);
        boolean paired = paired(p, taps, pw);
        int slots = Math.min(groups, SLOTS);
        float[][] partial = new float[slots][cols * fp + fp];
        K.parallelFor(slots, slot -> {
            float[] dw = partial[slot];
            Scratch s = SCRATCH.get();
            for (int g = slot * groups / slots, end = (slot + 1) * groups / slots; g < end; g++) {
                int first = g * group;
                int samples = Math.min(group, p.batch() - first);
                int rows = samples * pixels;
                int dzOff = first * pixels * filters;
                float[] dzp = dz;
                int dzpOff = dzOff;
                if (fp != filters) {
                    dzp = s.dz(rows * fp);
                    dzpOff = 0;
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(dz, dzOff + r * filters, dzp, r * fp, filters);
                    }
                }
                tiles.biasGrad(rows, dzp, dzpOff, fp, dw, cols * fp);
                float[] a = x;
                int base = first * p.sampleSize();
                if (taps == null) {
                    a = s.col(rows * cols);
                    p.im2col(x, first, samples, a);
                    base = 0;
                }
                if (paired) {
                    int n = samples * p.sampleSize();
                    float[] x2 = s.x2(n * pw);
                    tiles.pairInput(x, base, n, x2);
                    tiles.kernelGradPairs(rows, cols, x2, starts, off, dz, dzOff, fp, dw, s.fold(8 * pw));
                } else {
                    tiles.kernelGrad(rows, cols, a, base, starts, off, dzp, dzpOff, fp, dw);
                }
                if (!inputGradient) {
                    continue;
                }
                if (p instanceof Conv2dPlan c2 && c2.channels() == 1 && c2.strideW() == 1) {
                    // One channel: the column gradient transposed, [cols, rows] = kernel · dzᵀ, so that
                    // col2im adds whole input-row runs instead of five-float ones.
                    float[] dColT = s.col(rows * cols);
                    K.gemm(false, true, cols, rows, filters, kernel, 0, filters, dz, dzOff, filters, 0f, dColT, 0, rows);
                    c2.col2imTransposed(dColT, rows, first, samples, dx);
                    continue;
                }
                float[] dCol = s.col(rows * cols + cp);
                tiles.columnGrad(rows, cols, dz, dzOff, filters, filters, wT, dCol);
                if (runs != null) {
                    tiles.addColumns(rows, cols, dCol, starts, taps, runs, dx, base);
                } else {
                    p.col2im(dCol, first, samples, dx);
                }
            }
        });
        for (float[] dw : partial) {
            for (int q = 0; q < cols; q++) {
                for (int f = 0; f < filters; f++) {
                    dKernel[q * filters + f] += dw[q * fp + f];
                }
            }
            if (dBias != null) {
                for (int f = 0; f < filters; f++) {
                    dBias[f] += dw[cols * fp + f];
                }
            }
        }
        return dx;
    }
}
