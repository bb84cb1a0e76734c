package dev.engram.internal.conv;

/**
 * Moves the channel axis between channels-first {@code [batch, channels, spatial...]} and
 * channels-last {@code [batch, spatial..., channels]}: the convolution kernels work channels-last
 * (TF.js and Keras's default), and channels-first layers convert at their boundary.
 */
public final class ChannelLayout {
    private ChannelLayout() {
    }

    /**
     * {@code [batch, channels, pixels]} to {@code [batch, pixels, channels]}.
     *
     * @param x        channels-first values
     * @param batch    samples
     * @param channels channels
     * @param pixels   the product of the spatial dimensions
     * @return a new channels-last array
     */
    public static float[] toChannelsLast(float[] x, int batch, int channels, int pixels) {
        float[] y = new float[x.length];
        for (int b = 0; b < batch; b++) {
            int base = b * channels * pixels;
            for (int c = 0; c < channels; c++) {
                int src = base + c * pixels;
                for (int p = 0; p < pixels; p++) {
                    y[base + p * channels + c] = x[src + p];
                }
            }
        }
        return y;
    }

    /**
     * {@code [batch, pixels, channels]} to {@code [batch, channels, pixels]}.
     *
     * @param x        channels-last values
     * @param batch    samples
     * @param channels channels
     * @param pixels   the product of the spatial dimensions
     * @return a new channels-first array
     */
    public static float[] toChannelsFirst(float[] x, int batch, int channels, int pixels) {
        float[] y = new float[x.length];
        for (int b = 0; b < batch; b++) {
            int base = b * channels * pixels;
            for (int p = 0; p < pixels; p++) {
                int src = base + p * channels;
                for (int c = 0; c < channels; c++) {
                    y[base + c * pixels + p] = x[src + c];
                }
            }
        }
        return y;
    }
}
