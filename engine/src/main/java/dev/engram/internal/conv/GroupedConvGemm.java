package dev.engram.internal.conv;

import java.util.Arrays;

/**
 * A grouped convolution (Keras {@code groups}, ONNX {@code Conv} {@code group}) as one {@link ConvGemm}
 * call per group: group {@code g} reads input channels {@code [g·C/G, (g+1)·C/G)} and writes filters
 * {@code [g·F/G, (g+1)·F/G)} with kernel columns of the same range, the kernel being
 * {@code [taps · C/G, F]} (Keras's {@code [..., C/G, F]}). Each group's channels, kernel columns and
 * output columns are copied into contiguous buffers around the ungrouped driver, which keeps the
 * driver (and whatever makes it fast) unchanged; the copies cost {@code O(inputs + outputs + kernel)}
 * against the GEMMs' {@code O(outputs · taps · C/G)}.
 */
public final class GroupedConvGemm {
    private GroupedConvGemm() {
    }

    /**
     * {@code z = grouped convolution of x (+ bias)}.
     *
     * @param p       the geometry of one group (its {@code channels} are {@code C/G})
     * @param groups  G, &gt; 1
     * @param groupChannels C/G, the channels of the plan
     * @param x       the channels-last input with all {@code C} channels
     * @param kernel  {@code [taps · C/G, filters]}
     * @param bias    {@code [filters]}, or null
     * @param filters all output channels F
     * @param z       receives {@code [batch · outputPositions, filters]} (overwritten)
     */
    public static void forward(ColumnPlan p, int groups, int groupChannels, float[] x, float[] kernel, float[] bias,
            int filters, float[] z) {
        check(p, groups, groupChannels, x);
        int cg = groupChannels;
        int fg = filters / groups;
        int inRows = x.length / (cg * groups);
        float[] xg = new float[inRows * cg];
        float[] kg = new float[p.cols() * fg];
        float[] bg = bias == null ? null : new float[fg];
        float[] zg = new float[p.rows() * fg];
        for (int g = 0; g < groups; g++) {
            columns(x, cg * groups, g * cg, cg, xg, inRows);
            columns(kernel, filters, g * fg, fg, kg, p.cols());
            if (bias != null) {
                System.arraycopy(bias, g * fg, bg, 0, fg);
            }
            ConvGemm.forward(p, xg, kg, bg, fg, zg);
            place(zg, fg, z, filters, g * fg, p.rows());
        }
    }

    /**
     * Back-propagates {@code dz} through a grouped convolution; see {@link ConvGemm#backward}.
     *
     * @param p       the geometry of one group
     * @param groups  G, &gt; 1
     * @param groupChannels C/G, the channels of the plan
     * @param x       the forward input with all channels
     * @param kernel  {@code [taps · C/G, filters]}
     * @param dz      {@code [batch · outputPositions, filters]}
     * @param filters all output channels
     * @param dKernel the kernel gradient, accumulated into
     * @param dBias   the bias gradient, accumulated into; null without a bias
     * @return the input gradient, channels-last like {@code x}
     */
    public static float[] backward(ColumnPlan p, int groups, int groupChannels, float[] x, float[] kernel, float[] dz,
            int filters, float[] dKernel, float[] dBias) {
        check(p, groups, groupChannels, x);
        int cg = groupChannels;
        int fg = filters / groups;
        int channels = cg * groups;
        int inRows = x.length / channels;
        float[] dx = new float[x.length];
        float[] xg = new float[inRows * cg];
        float[] kg = new float[p.cols() * fg];
        float[] dzg = new float[p.rows() * fg];
        float[] dKg = new float[kg.length];
        float[] dBg = dBias == null ? null : new float[fg];
        for (int g = 0; g < groups; g++) {
            columns(x, channels, g * cg, cg, xg, inRows);
            columns(kernel, filters, g * fg, fg, kg, p.cols());
            columns(dz, filters, g * fg, fg, dzg, p.rows());
            Arrays.fill(dKg, 0f);
            if (dBg != null) {
                Arrays.fill(dBg, 0f);
            }
            float[] dxg = ConvGemm.backward(p, xg, kg, dzg, fg, dKg, dBg);
            add(dKg, fg, dKernel, filters, g * fg, p.cols());
            if (dBg != null) {
                for (int f = 0; f < fg; f++) {
                    dBias[g * fg + f] += dBg[f];
                }
            }
            place(dxg, cg, dx, channels, g * cg, inRows);
        }
        return dx;
    }

    private static void check(ColumnPlan p, int groups, int groupChannels, float[] x) {
        if (groups < 1 || (long) p.sampleSize() * groups * p.batch() != x.length
                || p.sampleSize() % groupChannels != 0) {
            throw new IllegalArgumentException("input of " + x.length + " floats is not " + p.batch() + " samples of "
                    + groups + " groups of " + p.sampleSize() + " floats with " + groupChannels + " channels");
        }
    }

    /** Copies columns {@code [from, from + n)} of a {@code rows x width} matrix into a {@code rows x n} one. */
    private static void columns(float[] src, int width, int from, int n, float[] dst, int rows) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, r * width + from, dst, r * n, n);
        }
    }

    /** Writes a {@code rows x n} matrix into columns {@code [from, from + n)} of a {@code rows x width} one. */
    private static void place(float[] src, int n, float[] dst, int width, int from, int rows) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, r * n, dst, r * width + from, n);
        }
    }

    /** Adds a {@code rows x n} matrix into columns {@code [from, from + n)} of a {@code rows x width} one. */
    private static void add(float[] src, int n, float[] dst, int width, int from, int rows) {
        for (int r = 0; r < rows; r++) {
            int d = r * width + from;
            int s = r * n;
            for (int i = 0; i < n; i++) {
                dst[d + i] += src[s + i];
            }
        }
    }
}
