package dev.engram.internal.conv;

import dev.engram.internal.kernels.Kernels;

/**
 * A convolution with few filters (the MNIST convnet's 8 and 16), forward and backward, as the
 * register-blocked products of {@link ConvTiles} over the column matrix of a few samples at a time,
 * with the batch split over the kernel threads. When no window reaches the padding the column
 * matrix is read in place from the input through a table of tap offsets (no im2col); otherwise each
 * task builds its samples' columns.
 *
 * <p>Why not {@link ConvGemm}'s one big GEMM: with 8-16 filters the product is a tall, narrow
 * matrix (n below the engine GEMM's 2-vector micro-tile, so it fell to dot products, ~7 GFLOP/s),
 * and the backward GEMMs are narrower still ({@code dKernel} is 25 x 8). Here each task builds the
 * columns of its own samples (a few tens of KiB, kept in L2), multiplies them right away, and in the
 * backward pass also scatters its samples' column gradient into their own part of {@code dx}, so
 * tasks never write the same place.
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
        int[] starts = new int[0];
        int[] identity = new int[0];

        float[] col(int n) {
            return col.length >= n ? col : (col = new float[n]);
        }

        float[] out(int n) {
            return out.length >= n ? out : (out = new float[n]);
        }

        float[] dz(int n) {
            return dz.length >= n ? dz : (dz = new float[n]);
        }

        int[] starts(int n) {
            return starts.length >= n ? starts : (starts = new int[n]);
        }

        /** {@code 0, 1, ..., n-1} (and beyond). */
        int[] identity(int n) {
            if (identity.length < n) {
                identity = new int[n];
                for (int i = 0; i < n; i++) {
                    identity[i] = i;
                }
            }
            return identity;
        }

        /**
         * Where the column matrix of samples {@code [first, first + samples)} is: {@code x} itself with
         * {@code taps} (see {@link ColumnPlan#tapOffsets}), else this scratch's built columns. Sets
         * {@link #starts} to the row starts and returns the array holding the columns.
         */
        float[] columns(ColumnPlan p, float[] x, int[] taps, int first, int samples, int extra) {
            int rows = samples * p.pixels();
            int[] st = starts(rows);
            if (taps != null) {
                p.windowStarts(first, samples, st);
                return x;
            }
            int cols = p.cols();
            for (int r = 0; r < rows; r++) {
                st[r] = r * cols;
            }
            float[] c = col(rows * cols + extra);
            p.im2col(x, first, samples, c);
            return c;
        }
    }

    /** Samples per task: enough that one task's columns fill about {@link #TASK_FLOATS}. */
    static int groupSamples(ColumnPlan p) {
        long perSample = Math.max(1L, (long) p.pixels() * p.cols());
        return (int) Math.max(1, Math.min(p.batch(), TASK_FLOATS / perSample));
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
        float[] b = bias == null ? null : padColumns(bias, 1, filters, fp);
        int[] taps = p.tapOffsets();
        int group = groupSamples(p);
        int tasks = (p.batch() + group - 1) / group;
        K.parallelFor(tasks, t -> {
            int first = t * group;
            int samples = Math.min(group, p.batch() - first);
            int rows = samples * pixels;
            Scratch s = SCRATCH.get();
            float[] a = s.columns(p, x, taps, first, samples, 0);
            int[] off = taps != null ? taps : s.identity(cols);
            int zOff = first * pixels * filters;
            if (fp == filters) {
                tiles.forward(rows, cols, a, s.starts, off, w, fp, b, z, zOff);
                return;
            }
            float[] out = s.out(rows * fp);
            tiles.forward(rows, cols, a, s.starts, off, w, fp, b, out, 0);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(out, r * fp, z, zOff + r * filters, filters);
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
     * @return the input gradient
     */
    public static float[] backward(ColumnPlan p, float[] x, float[] kernel, float[] dz, int filters, float[] dKernel,
            float[] dBias) {
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
        float[] dx = new float[Math.multiplyExact(p.batch(), p.sampleSize())];
        int[] taps = p.tapOffsets();
        int group = groupSamples(p);
        int groups = (p.batch() + group - 1) / group;
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
                for (int r = 0; r < rows; r++) {
                    for (int f = 0, o = dzOff + r * filters; f < filters; f++) {
                        dw[cols * fp + f] += dz[o + f];
                    }
                }
                float[] a = s.columns(p, x, taps, first, samples, cp);
                tiles.kernelGrad(rows, cols, a, s.starts, taps != null ? taps : s.identity(cols), dzp, dzpOff, fp, dw);
                float[] dCol = s.col(rows * cols + cp);
                tiles.columnGrad(rows, cols, dz, dzOff, filters, filters, wT, dCol);
                p.col2im(dCol, first, samples, dx);
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
