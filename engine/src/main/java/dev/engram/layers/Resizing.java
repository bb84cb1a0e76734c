package dev.engram.layers;

/**
 * Preprocessing {@code Resizing} (TF.js 4.22 and Keras): resizes images to
 * {@code height x width} with bilinear or nearest interpolation, sampling as
 * {@link ResizingConfig#sampling()} says, optionally after cropping the centred window of the
 * target aspect ratio (Keras). Input {@code [batch, h, w, c]} (or channels-first), any {@code h, w};
 * output {@code [batch, height, width, c]}. The backward pass gives each contributing input pixel
 * its interpolation weight of the output gradient. No weights; a mask is dropped.
 */
public final class Resizing extends ImageResizeLayer {
    private final ResizingConfig config;

    Resizing(String name, ResizingConfig config) {
        super(name, config.dataFormat(), config.height(), config.width());
        this.config = config;
    }

    @Override
    public ResizingConfig config() {
        return config;
    }

    /**
     * What this layer does to {@code batch} channels-last images of {@code h x w x c}: the optional aspect crop, then the resize in this layer's sampling
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
        int y0 = 0;
        int x0 = 0;
        int srcH = h;
        int srcW = w;
        if (config.cropToAspectRatio()) {
            // Keras parity: its resize(crop_to_aspect_ratio) truncates the window sizes and the halved offsets.
            srcH = Math.max(Math.min(h, (int) ((double) w * config.height() / config.width())), 1);
            srcW = Math.max(Math.min(w, (int) ((double) h * config.width() / config.height())), 1);
            y0 = (h - srcH) / 2;
            x0 = (w - srcW) / 2;
        }
        return new ImageResize(batch, h, w, c, y0, x0, srcH, srcW, config.height(), config.width(),
                config.interpolation(), config.sampling());
    }
}
