package dev.engram.testing;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * ConvLSTM2D as its equations in double precision with direct convolution loops (no im2col, no
 * GEMM): the test oracle for the engine layer. Channels last: x {@code [B, T, H, W, C]}, kernel
 * {@code [kh, kw, C, 4F]}, recurrent kernel {@code [kh, kw, F, 4F]} (stride 1, same padding, no
 * dilation), bias {@code [4F]} or null, gate blocks i, f, c, o. Same padding splits the zeros as
 * TensorFlow does (the extra one at the bottom/right).
 */
public final class ReferenceConvLstm2d {
    private ReferenceConvLstm2d() {
    }

    /** The geometry of the input convolution. */
    public record Geometry(int kh, int kw, int sh, int sw, int dh, int dw, boolean same) {
    }

    private static int outLen(int len, int k, int s, int d, boolean same) {
        int e = (k - 1) * d + 1;
        return same ? (len + s - 1) / s : (len - e) / s + 1;
    }

    private static int padBefore(int len, int k, int s, int d, boolean same) {
        if (!same) {
            return 0;
        }
        int e = (k - 1) * d + 1;
        int out = outLen(len, k, s, d, true);
        return Math.max((out - 1) * s + e - len, 0) / 2;
    }

    /** One image {@code [H, W, C]} at {@code off} convolved with {@code w [kh, kw, C, G]} into {@code [oH, oW, G]}. */
    private static double[] conv(double[] x, int off, int h, int w, int c, double[] k, int g, Geometry geo) {
        int oh = outLen(h, geo.kh(), geo.sh(), geo.dh(), geo.same());
        int ow = outLen(w, geo.kw(), geo.sw(), geo.dw(), geo.same());
        int pt = padBefore(h, geo.kh(), geo.sh(), geo.dh(), geo.same());
        int pl = padBefore(w, geo.kw(), geo.sw(), geo.dw(), geo.same());
        double[] out = new double[oh * ow * g];
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                for (int a = 0; a < geo.kh(); a++) {
                    int r = i * geo.sh() - pt + a * geo.dh();
                    for (int b = 0; b < geo.kw(); b++) {
                        int q = j * geo.sw() - pl + b * geo.dw();
                        if (r < 0 || r >= h || q < 0 || q >= w) {
                            continue;
                        }
                        for (int ch = 0; ch < c; ch++) {
                            double v = x[off + (r * w + q) * c + ch];
                            int kb = ((a * geo.kw() + b) * c + ch) * g;
                            for (int f = 0; f < g; f++) {
                                out[(i * ow + j) * g + f] += v * k[kb + f];
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Runs the layer.
     *
     * @param h0 initial h {@code [B, oH, oW, F]} or null; {@code c0} likewise
     * @param mask {@code [B, T]} or null
     * @param inMasks  per gate (i, f, c, o) a dropout mask {@code [B, H, W, C]} shared by the steps, or null
     * @param recMasks per gate a dropout mask of h {@code [B, oH, oW, F]}, or null
     * @return the output (sequence in processing order, or the last h), then the final h and c
     */
    public static List<double[]> run(double[] x, int batch, int steps, int height, int width, int channels, int filters,
            Geometry geo, double[] kernel, double[] recurrent, double[] bias, double[] h0, double[] c0, double[] mask,
            double[][] inMasks, double[][] recMasks, boolean goBackwards, boolean returnSequences,
            DoubleUnaryOperator act, DoubleUnaryOperator rec) {
        int oh = outLen(height, geo.kh(), geo.sh(), geo.dh(), geo.same());
        int ow = outLen(width, geo.kw(), geo.sw(), geo.dw(), geo.same());
        int per = oh * ow * filters;
        int g = 4 * filters;
        Geometry recGeo = new Geometry(geo.kh(), geo.kw(), 1, 1, 1, 1, true);
        double[] out = new double[returnSequences ? batch * steps * per : batch * per];
        double[] hs = new double[batch * per];
        double[] cs = new double[batch * per];
        for (int b = 0; b < batch; b++) {
            double[] h = new double[per];
            double[] c = new double[per];
            if (h0 != null) {
                System.arraycopy(h0, b * per, h, 0, per);
                System.arraycopy(c0, b * per, c, 0, per);
            }
            for (int s = 0; s < steps; s++) {
                int t = goBackwards ? steps - 1 - s : s;
                if (mask == null || mask[b * steps + t] != 0) {
                    int size = height * width * channels;
                    double[][] zx = new double[4][];
                    double[][] zh = new double[4][];
                    for (int k = 0; k < 4; k++) {
                        double[] xt = new double[size];
                        double[] hk = new double[per];
                        for (int e = 0; e < size; e++) {
                            xt[e] = x[(b * steps + t) * size + e] * (inMasks == null ? 1 : inMasks[k][b * size + e]);
                        }
                        for (int e = 0; e < per; e++) {
                            hk[e] = h[e] * (recMasks == null ? 1 : recMasks[k][b * per + e]);
                        }
                        zx[k] = conv(xt, 0, height, width, channels, kernel, g, geo);
                        zh[k] = conv(hk, 0, oh, ow, filters, recurrent, g, recGeo);
                    }
                    double[] nh = new double[per];
                    double[] nc = new double[per];
                    for (int p = 0; p < oh * ow; p++) {
                        for (int f = 0; f < filters; f++) {
                            double[] z = new double[4];
                            for (int k = 0; k < 4; k++) {
                                int col = k * filters + f;
                                z[k] = zx[k][p * g + col] + zh[k][p * g + col] + (bias == null ? 0 : bias[col]);
                            }
                            int e = p * filters + f;
                            nc[e] = rec.applyAsDouble(z[1]) * c[e] + rec.applyAsDouble(z[0]) * act.applyAsDouble(z[2]);
                            nh[e] = rec.applyAsDouble(z[3]) * act.applyAsDouble(nc[e]);
                        }
                    }
                    h = nh;
                    c = nc;
                }
                if (returnSequences) {
                    System.arraycopy(h, 0, out, (b * steps + s) * per, per);
                }
            }
            if (!returnSequences) {
                System.arraycopy(h, 0, out, b * per, per);
            }
            System.arraycopy(h, 0, hs, b * per, per);
            System.arraycopy(c, 0, cs, b * per, per);
        }
        return List.of(out, hs, cs);
    }
}
