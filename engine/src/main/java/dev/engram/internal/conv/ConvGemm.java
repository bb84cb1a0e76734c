package dev.engram.internal.conv;

import dev.engram.internal.kernels.Kernels;

/**
 * A 2-D or 3-D convolution as im2col plus the engine GEMM, forward and backward, on channels-last
 * buffers; the {@link ColumnPlan} supplies the geometry. The column matrix is built for a few samples at a time (at most about {@value
 * #CHUNK_FLOATS} floats), so memory stays bounded for large images and batches; the backward pass
 * rebuilds each chunk's columns rather than keeping the whole batch's. Kernels of at most
 * {@link SmallFilterConv#MAX_FILTERS} filters (too narrow for the GEMM's micro-tile) go to
 * {@link SmallFilterConv} instead.
 */
public final class ConvGemm {
    /** Floats of one chunk's column matrix (8 MiB): large enough for full-speed GEMMs. */
    static final int CHUNK_FLOATS = 1 << 21;
    private static final Kernels K = Kernels.get();

    private ConvGemm() {
    }

    /** Samples per chunk of the column matrix. */
    static int chunkSamples(ColumnPlan p) {
        long perSample = Math.max(1L, (long) p.pixels() * p.cols());
        return (int) Math.max(1, Math.min(p.batch(), CHUNK_FLOATS / perSample));
    }

    /**
     * {@code z = columns(x) · kernel (+ bias)}.
     *
     * @param p       the geometry
     * @param x       the channels-last input, {@code [batch, spatial..., channels]}
     * @param kernel  {@code [taps * channels, filters]}
     * @param bias    {@code [filters]}, or null
     * @param filters output channels
     * @param z       receives {@code [batch * outputPositions, filters]} (overwritten)
     */
    public static void forward(ColumnPlan p, float[] x, float[] kernel, float[] bias, int filters, float[] z) {
        if (SmallFilterConv.applies(p, filters)) {
            SmallFilterConv.forward(p, x, kernel, bias, filters, z);
        } else {
            gemmForward(p, x, kernel, bias, filters, z);
        }
    }

    /** {@link #forward} as im2col plus the engine GEMM, whatever the number of filters. */
    static void gemmForward(ColumnPlan p, float[] x, float[] kernel, float[] bias, int filters, float[] z) {
        int cols = p.cols();
        if (bias != null) {
            K.broadcastRows(bias, 0, p.rows(), filters, z, 0, filters);
        }
        float beta = bias != null ? 1f : 0f;
        if (p.isPointwise()) {
            K.gemm(false, false, p.rows(), filters, cols, x, 0, cols, kernel, 0, filters, beta, z, 0, filters);
            return;
        }
        int chunk = chunkSamples(p);
        float[] col = new float[chunk * p.pixels() * cols];
        for (int first = 0; first < p.batch(); first += chunk) {
            int samples = Math.min(chunk, p.batch() - first);
            int rows = samples * p.pixels();
            p.im2col(x, first, samples, col);
            K.gemm(false, false, rows, filters, cols, col, 0, cols, kernel, 0, filters, beta, z,
                    first * p.pixels() * filters, filters);
        }
    }

    /**
     * Back-propagates {@code dz} (the gradient of the pre-activation): adds {@code columns(x)ᵀ · dz}
     * to {@code dKernel} and the column sums of {@code dz} to {@code dBias}, and returns
     * {@code dx = col2im(dz · kernelᵀ)}.
     *
     * @param p       the geometry
     * @param x       the forward input
     * @param kernel  the kernel, as in {@link #forward}
     * @param dz      {@code [batch * outputPositions, filters]}
     * @param filters output channels
     * @param dKernel the kernel gradient, accumulated into
     * @param dBias   the bias gradient, accumulated into; null without a bias
     * @return the input gradient, channels-last like {@code x}
     */
    public static float[] backward(ColumnPlan p, float[] x, float[] kernel, float[] dz, int filters, float[] dKernel,
            float[] dBias) {
        return backward(p, x, kernel, dz, filters, dKernel, dBias, true);
    }

    /**
     * {@link #backward(ColumnPlan, float[], float[], float[], int, float[], float[])}, leaving out the
     * input gradient (the column-gradient GEMM and col2im, about half the work) when
     * {@code inputGradient} is false: a layer that reads the model's input needs none.
     *
     * @param p             the geometry
     * @param x             the forward input
     * @param kernel        the kernel, as in {@link #forward}
     * @param dz            {@code [batch * outputPositions, filters]}
     * @param filters       output channels
     * @param dKernel       the kernel gradient, accumulated into
     * @param dBias         the bias gradient, accumulated into; null without a bias
     * @param inputGradient whether to compute the input gradient
     * @return the input gradient, channels-last like {@code x}, or null without {@code inputGradient}
     */
    public static float[] backward(ColumnPlan p, float[] x, float[] kernel, float[] dz, int filters, float[] dKernel,
            float[] dBias, boolean inputGradient) {
        if (SmallFilterConv.applies(p, filters)) {
            return SmallFilterConv.backward(p, x, kernel, dz, filters, dKernel, dBias, inputGradient);
        }
        return gemmBackward(p, x, kernel, dz, filters, dKernel, dBias, inputGradient);
    }

    /** {@link #backward} as im2col plus the engine GEMM, whatever the number of filters. */
    static float[] gemmBackward(ColumnPlan p, float[] x, float[] kernel, float[] dz, int filters, float[] dKernel,
            float[] dBias, boolean inputGradient) {
        int cols = p.cols();
        if (dBias != null) {
            K.addColumnSums(dz, 0, p.rows(), filters, filters, dBias, 0);
        }
        float[] dx = inputGradient ? new float[Math.multiplyExact(p.batch(), p.sampleSize())] : null;
        if (p.isPointwise()) {
            K.gemm(true, false, cols, filters, p.rows(), x, 0, cols, dz, 0, filters, 1f, dKernel, 0, filters);
            if (!inputGradient) {
                return null;
            }
            K.gemm(false, true, p.rows(), cols, filters, dz, 0, filters, kernel, 0, filters, 0f, dx, 0, cols);
            return dx;
        }
        int chunk = chunkSamples(p);
        float[] col = new float[chunk * p.pixels() * cols];
        for (int first = 0; first < p.batch(); first += chunk) {
            int samples = Math.min(chunk, p.batch() - first);
            int rows = samples * p.pixels();
            int dzOff = first * p.pixels() * filters;
            p.im2col(x, first, samples, col);
            K.gemm(true, false, cols, filters, rows, col, 0, cols, dz, dzOff, filters, 1f, dKernel, 0, filters);
            if (!inputGradient) {
                continue;
            }
            // The columns are no longer needed: reuse them for their own gradient.
            K.gemm(false, true, rows, cols, filters, dz, dzOff, filters, kernel, 0, filters, 0f, col, 0, cols);
            p.col2im(col, first, samples, dx);
        }
        return dx;
    }
}
