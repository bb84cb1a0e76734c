package dev.engram.layers;

/**
 * The resize of a batch of images planned by {@link Resizing#plan} and {@link CenterCrop#plan} for
 * one input size, and its kernel: channels-last images
 * {@code [batch, h, w, c]}, an optional source window (a crop) inside each image, bilinear or
 * nearest sampling in one of the {@link ResizeSampling} modes, and the backward pass that spreads
 * each output gradient over the pixels it was interpolated from. The arithmetic follows the
 * peers' CPU kernels in their order,
 * {@code top = tl + (tr - tl) * fx; bottom = bl + (br - bl) * fx; y = top + (bottom - top) * fy}, and
 * their precision: TensorFlow's (half-pixel, Keras) in float; TF.js's (aligned corners and
 * asymmetric, the modes its layers use) in JavaScript doubles, rounded to float once.
 *
 * @param batch   images
 * @param height  input height
 * @param width   input width
 * @param ch      channels
 * @param y0      first row of the source window
 * @param x0      first column of the source window
 * @param srcH    window height
 * @param srcW    window width
 * @param outH    output height
 * @param outW    output width
 * @param interpolation bilinear or nearest
 * @param sampling      the coordinate mode
 */
public record ImageResize(int batch, int height, int width, int ch, int y0, int x0, int srcH, int srcW, int outH, int outW,
        Interpolation interpolation, ResizeSampling sampling) {

    /**
     * Where each output row samples the source window: {@code y0 + lower[i]}, {@code y0 + upper[i]}.
     *
     * @return the row positions
     */
    public ResizePositions rows() {
        return axis(srcH, outH, interpolation, sampling);
    }

    /**
     * Where each output column samples the source window: {@code x0 + lower[j]}, {@code x0 + upper[j]}.
     *
     * @return the column positions
     */
    public ResizePositions cols() {
        return axis(srcW, outW, interpolation, sampling);
    }

    private static ResizePositions axis(int n, int m, Interpolation interpolation, ResizeSampling sampling) {
        int[] lo = new int[m];
        int[] hi = new int[m];
        double[] frac = new double[m];
        for (int i = 0; i < m; i++) {
            // TensorFlow computes positions in float (HALF_PIXEL), TF.js in double (the other two).
            double src = switch (sampling) {
                case HALF_PIXEL -> {
                    float scale = n / (float) m;
                    yield interpolation == Interpolation.NEAREST ? (i + 0.5f) * scale : (i + 0.5f) * scale - 0.5f;
                }
                case ALIGN_CORNERS -> m > 1 ? i * ((n - 1) / (double) (m - 1)) : 0;
                case ASYMMETRIC -> i * (n / (double) m);
            };
            if (interpolation == Interpolation.NEAREST) {
                long k = sampling == ResizeSampling.ALIGN_CORNERS ? Math.round(src) : (long) Math.floor(src);
                k = Math.max(0, Math.min(n - 1, k));
                lo[i] = (int) k;
                hi[i] = (int) k;
            } else {
                double fl = Math.floor(src);
                lo[i] = Math.max(0, (int) fl);
                hi[i] = Math.min(n - 1, (int) Math.ceil(src));
                // TF.js parity: its fraction is measured from the clamped floor (only differs where both rows are row 0).
                frac[i] = sampling == ResizeSampling.HALF_PIXEL ? (float) (src - fl) : src - lo[i];
            }
        }
        return new ResizePositions(lo, hi, frac);
    }

    /** The resized images, {@code [batch, outH, outW, ch]} flat. */
    float[] forward(float[] x) {
        ResizePositions ys = rows();
        ResizePositions xs = cols();
        float[] out = new float[batch * outH * outW * ch];
        int o = 0;
        for (int b = 0; b < batch; b++) {
            int img = b * height * width * ch;
            for (int i = 0; i < outH; i++) {
                int rLo = img + (y0 + ys.lower()[i]) * width * ch;
                int rHi = img + (y0 + ys.upper()[i]) * width * ch;
                double fy = ys.fraction()[i];
                for (int j = 0; j < outW; j++) {
                    int cLo = (x0 + xs.lower()[j]) * ch;
                    int cHi = (x0 + xs.upper()[j]) * ch;
                    double fx = xs.fraction()[j];
                    for (int c = 0; c < ch; c++) {
                        float tl = x[rLo + cLo + c];
                        if (interpolation == Interpolation.NEAREST) {
                            out[o++] = tl;
                        } else if (sampling == ResizeSampling.HALF_PIXEL) {
                            out[o++] = lerpFloat(tl, x[rLo + cHi + c], x[rHi + cLo + c], x[rHi + cHi + c], (float) fx,
                                    (float) fy);
                        } else {
                            double top = tl + (x[rLo + cHi + c] - (double) tl) * fx;
                            double bottom = x[rHi + cLo + c] + ((double) x[rHi + cHi + c] - x[rHi + cLo + c]) * fx;
                            out[o++] = (float) (top + (bottom - top) * fy);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static float lerpFloat(float tl, float tr, float bl, float br, float fx, float fy) {
        float top = tl + (tr - tl) * fx;
        float bottom = bl + (br - bl) * fx;
        return top + (bottom - top) * fy;
    }

    /** The input gradient, {@code [batch, height, width, ch]} flat, of output gradient {@code g}. */
    float[] backward(float[] g) {
        ResizePositions ys = rows();
        ResizePositions xs = cols();
        float[] dx = new float[batch * height * width * ch];
        int o = 0;
        for (int b = 0; b < batch; b++) {
            int img = b * height * width * ch;
            for (int i = 0; i < outH; i++) {
                int rLo = img + (y0 + ys.lower()[i]) * width * ch;
                int rHi = img + (y0 + ys.upper()[i]) * width * ch;
                float fy = (float) ys.fraction()[i];
                for (int j = 0; j < outW; j++) {
                    int cLo = (x0 + xs.lower()[j]) * ch;
                    int cHi = (x0 + xs.upper()[j]) * ch;
                    float fx = (float) xs.fraction()[j];
                    for (int c = 0; c < ch; c++) {
                        float d = g[o++];
                        if (interpolation == Interpolation.NEAREST) {
                            dx[rLo + cLo + c] += d;
                            continue;
                        }
                        float top = d * (1 - fy);
                        float bottom = d * fy;
                        dx[rLo + cLo + c] += top * (1 - fx);
                        dx[rLo + cHi + c] += top * fx;
                        dx[rHi + cLo + c] += bottom * (1 - fx);
                        dx[rHi + cHi + c] += bottom * fx;
                    }
                }
            }
        }
        return dx;
    }

    /** Channels-first {@code [b, c, h, w]} to channels-last {@code [b, h, w, c]}, or the input itself. */
    static dev.engram.tensor.Tensor channelsLast(dev.engram.tensor.Tensor x, DataFormat f) {
        return f == DataFormat.CHANNELS_LAST ? x : Permute.transpose(x, new int[] {0, 2, 3, 1});
    }

    /** Channels-last {@code [b, h, w, c]} back to {@code f}'s layout. */
    static dev.engram.tensor.Tensor fromChannelsLast(dev.engram.tensor.Tensor x, DataFormat f) {
        return f == DataFormat.CHANNELS_LAST ? x : Permute.transpose(x, new int[] {0, 3, 1, 2});
    }

    /** The per-sample shape {@code [h, w, c]} or {@code [c, h, w]} of an image of the given size. */
    static dev.engram.tensor.Shape imageShape(int h, int w, int c, DataFormat f) {
        return f == DataFormat.CHANNELS_LAST ? dev.engram.tensor.Shape.of(h, w, c) : dev.engram.tensor.Shape.of(c, h, w);
    }
}
