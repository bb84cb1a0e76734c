package dev.engram.layers;

/**
 * Preprocessing {@code CenterCrop} (TF.js 4.22 and Keras): the centred {@code height x width} window
 * of each image, or, when the image is smaller on a side, a bilinear resize to that size; where the
 * window starts and how the image is enlarged follow {@link CenterCropConfig#mode()}. Input
 * {@code [batch, h, w, c]} (or channels-first); output {@code [batch, height, width, c]}. The
 * backward pass routes the gradient to the pixels each output came from. No weights; a mask is
 * dropped.
 */
public final class CenterCrop extends ImageResizeLayer {
    private final CenterCropConfig config;

    CenterCrop(String name, CenterCropConfig config) {
        super(name, config.dataFormat(), config.height(), config.width());
        this.config = config;
    }

    @Override
    public CenterCropConfig config() {
        return config;
    }

    /**
     * What this layer does to {@code batch} channels-last images of {@code h x w x c}: the centred window, or the enlargement, by this layer's mode
     * (exporters state the same computation with it).
     *
     * @param batch images
     * @param h     input height
     * @param w     input width
     * @param c     channels
     * @return the plan
     */
    @Override
    public ImageResize plan(int batch, int h, int w, int c) {
        int th = config.height();
        int tw = config.width();
        boolean tfjs = config.mode() == CenterCropMode.STRETCH;
        if (h >= th && w >= tw) {
            // TF.js parity: tfjs-layers 4.22 sets the column offset to 1 when floor((w - width) / 2) is 0 but w != width.
            int x0 = tfjs && w - tw == 1 ? 1 : (w - tw) / 2;
            return new ImageResize(batch, h, w, c, (h - th) / 2, x0, th, tw, th, tw, Interpolation.NEAREST,
                    ResizeSampling.ASYMMETRIC);
        }
        if (tfjs) {
            return new ImageResize(batch, h, w, c, 0, 0, h, w, th, tw, Interpolation.BILINEAR, ResizeSampling.ASYMMETRIC);
        }
        int srcH = Math.max(Math.min(h, (int) ((double) w * th / tw)), 1);
        int srcW = Math.max(Math.min(w, (int) ((double) h * tw / th)), 1);
        return new ImageResize(batch, h, w, c, (h - srcH) / 2, (w - srcW) / 2, srcH, srcW, th, tw,
                Interpolation.BILINEAR, ResizeSampling.HALF_PIXEL);
    }
}
