package dev.engram.internal.conv;

/**
 * A depthwise 2-D convolution, channels-last, computed directly (no column matrix: each input channel
 * meets only its own {@code multiplier} filters, so there is no GEMM to feed): output channel
 * {@code c·M + m} of pixel {@code (i, j)} is {@code sum_{a,b} x[i·sh - padTop + a·dh, j·sw - padLeft +
 * b·dw, c] · kernel[a, b, c, m]}. The geometry is a {@link Conv2dPlan}; the kernel is stored
 * {@code [kh, kw, channels, multiplier]}.
 */
public final class DepthwiseConv2dKernel {
    private DepthwiseConv2dKernel() {
    }

    /**
     * {@code z = depthwise(x, kernel)} (no bias).
     *
     * @param p          the geometry
     * @param multiplier output channels per input channel
     * @param x          {@code [batch, height, width, channels]}
     * @param kernel     {@code [kh, kw, channels, multiplier]}
     * @param z          receives {@code [batch, outH, outW, channels·multiplier]} (accumulated into)
     */
    public static void forward(Conv2dPlan p, int multiplier, float[] x, float[] kernel, float[] z) {
        int ch = p.channels();
        int width = ch * multiplier;
        for (int b = 0; b < p.batch(); b++) {
            for (int i = 0; i < p.outH(); i++) {
                for (int j = 0; j < p.outW(); j++) {
                    int zOff = ((b * p.outH() + i) * p.outW() + j) * width;
                    for (int a = 0; a < p.kernelH(); a++) {
                        int r = i * p.strideH() - p.padTop() + a * p.dilationH();
                        if (r < 0 || r >= p.height()) {
                            continue;
                        }
                        for (int t = 0; t < p.kernelW(); t++) {
                            int c = j * p.strideW() - p.padLeft() + t * p.dilationW();
                            if (c < 0 || c >= p.width()) {
                                continue;
                            }
                            int xOff = ((b * p.height() + r) * p.width() + c) * ch;
                            int kOff = (a * p.kernelW() + t) * width;
                            if (multiplier == 1) {
                                for (int k = 0; k < ch; k++) {
                                    z[zOff + k] += x[xOff + k] * kernel[kOff + k];
                                }
                            } else {
                                for (int k = 0; k < ch; k++) {
                                    float xv = x[xOff + k];
                                    for (int m = 0; m < multiplier; m++) {
                                        z[zOff + k * multiplier + m] += xv * kernel[kOff + k * multiplier + m];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Back-propagates {@code dz}: adds the kernel gradient to {@code dKernel} and returns the input gradient.
     *
     * @param p          the geometry
     * @param multiplier output channels per input channel
     * @param x          the forward input
     * @param kernel     the kernel
     * @param dz         {@code [batch, outH, outW, channels·multiplier]}
     * @param dKernel    the kernel gradient, accumulated into
     * @return {@code dx}, {@code [batch, height, width, channels]}
     */
    public static float[] backward(Conv2dPlan p, int multiplier, float[] x, float[] kernel, float[] dz,
            float[] dKernel) {
        int ch = p.channels();
        int width = ch * multiplier;
        float[] dx = new float[Math.multiplyExact(p.batch(), p.sampleSize())];
        for (int b = 0; b < p.batch(); b++) {
            for (int i = 0; i < p.outH(); i++) {
                for (int j = 0; j < p.outW(); j++) {
                    int zOff = ((b * p.outH() + i) * p.outW() + j) * width;
                    for (int a = 0; a < p.kernelH(); a++) {
                        int r = i * p.strideH() - p.padTop() + a * p.dilationH();
                        if (r < 0 || r >= p.height()) {
                            continue;
                        }
                        for (int t = 0; t < p.kernelW(); t++) {
                            int c = j * p.strideW() - p.padLeft() + t * p.dilationW();
                            if (c < 0 || c >= p.width()) {
                                continue;
                            }
                            int xOff = ((b * p.height() + r) * p.width() + c) * ch;
                            int kOff = (a * p.kernelW() + t) * width;
                            for (int k = 0; k < ch; k++) {
                                float xv = x[xOff + k];
                                float acc = 0f;
                                for (int m = 0; m < multiplier; m++) {
                                    float g = dz[zOff + k * multiplier + m];
                                    acc += g * kernel[kOff + k * multiplier + m];
                                    dKernel[kOff + k * multiplier + m] += xv * g;
                                }
                                dx[xOff + k] += acc;
                            }
                        }
                    }
                }
            }
        }
        return dx;
    }
}
