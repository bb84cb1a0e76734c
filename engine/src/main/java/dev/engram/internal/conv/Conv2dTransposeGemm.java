package dev.engram.internal.conv;

import dev.engram.internal.kernels.Kernels;

/**
 * A transposed 2-D convolution (the input gradient of a convolution, Keras and TF.js
 * {@code Conv2DTranspose}) as the engine GEMM plus col2im, forward and backward, on channels-last
 * buffers. The {@link Conv2dPlan} is that of the forward convolution whose input gradient this is:
 * its image ({@code height x width x channels}) is this layer's output, its output ({@code outH x
 * outW}) this layer's input, and its channels this layer's filters. With the kernel stored
 * {@code [kh, kw, filters, inChannels]}, i.e. a {@code [kh·kw·filters, inChannels]} matrix {@code K},
 * {@code y = col2im(x · Kᵀ)}; backward {@code dx = im2col(dy) · K} and {@code dK += im2col(dy)ᵀ · x}.
 * Chunked by samples like {@link ConvGemm}.
 */
public final class Conv2dTransposeGemm {
    private static final Kernels K = Kernels.get();

    private Conv2dTransposeGemm() {
    }

    /**
     * {@code y = col2im(x · Kᵀ)} (no bias).
     *
     * @param p        the plan of the forward convolution over this layer's output
     * @param x        the input {@code [batch, outH, outW, inChannels]}
     * @param inChannels the input's channels
     * @param kernel   {@code [kh·kw·filters, inChannels]}
     * @return the output {@code [batch, height, width, filters]}
     */
    public static float[] forward(Conv2dPlan p, float[] x, int inChannels, float[] kernel) {
        int cols = p.cols();
        float[] y = new float[Math.multiplyExact(p.batch(), p.sampleSize())];
        int chunk = ConvGemm.chunkSamples(p);
        float[] col = new float[chunk * p.pixels() * cols];
        for (int first = 0; first < p.batch(); first += chunk) {
            int samples = Math.min(chunk, p.batch() - first);
            int rows = samples * p.pixels();
            K.gemm(false, true, rows, cols, inChannels, x, first * p.pixels() * inChannels, inChannels, kernel, 0,
                    inChannels, 0f, col, 0, cols);
            p.col2im(col, first, samples, y);
        }
        return y;
    }

    /**
     * Back-propagates {@code dy} (the gradient of the output before bias and activation, channels-last):
     * adds {@code im2col(dy)ᵀ · x} to {@code dKernel} and returns {@code dx = im2col(dy) · K}.
     *
     * @param p          the plan, as in {@link #forward}
     * @param x          the forward input
     * @param inChannels the input's channels
     * @param kernel     the kernel, as in {@link #forward}
     * @param dy         {@code [batch, height, width, filters]}
     * @param dKernel    the kernel gradient, accumulated into
     * @return the input gradient {@code [batch, outH, outW, inChannels]}
     */
    public static float[] backward(Conv2dPlan p, float[] x, int inChannels, float[] kernel, float[] dy,
            float[] dKernel) {
        int cols = p.cols();
        float[] dx = new float[Math.multiplyExact(p.rows(), inChannels)];
        int chunk = ConvGemm.chunkSamples(p);
        float[] col = new float[chunk * p.pixels() * cols];
        for (int first = 0; first < p.batch(); first += chunk) {
            int samples = Math.min(chunk, p.batch() - first);
            int rows = samples * p.pixels();
            int xOff = first * p.pixels() * inChannels;
            p.im2col(dy, first, samples, col);
            K.gemm(false, false, rows, inChannels, cols, col, 0, cols, kernel, 0, inChannels, 0f, dx, xOff,
                    inChannels);
            K.gemm(true, false, cols, inChannels, rows, col, 0, cols, x, xOff, inChannels, 1f, dKernel, 0, inChannels);
        }
        return dx;
    }
}
