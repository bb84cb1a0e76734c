package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * The common part of {@link Resizing} and {@link CenterCrop}: images of per-sample rank 3 in either
 * data format, a fixed output height and width, and a forward and backward pass through the
 * {@link ImageResize} the subclass plans for each input size (so unknown input sizes work too).
 */
abstract class ImageResizeLayer extends Layer {

    private final DataFormat dataFormat;
    private final int outHeight;
    private final int outWidth;

    ImageResizeLayer(String name, DataFormat dataFormat, int outHeight, int outWidth) {
        super(name);
        this.dataFormat = dataFormat;
        this.outHeight = outHeight;
        this.outWidth = outWidth;
    }

    /** The channel axis. */
    final DataFormat dataFormat() {
        return dataFormat;
    }

    /** Output height. */
    final int outHeight() {
        return outHeight;
    }

    /** Output width. */
    final int outWidth() {
        return outWidth;
    }

    /**
     * The resize of {@code batch} channels-last images of {@code h x w x c} to the output size.
     *
     * @param batch images
     * @param h     input height
     * @param w     input width
     * @param c     channels
     * @return the plan
     */
    public abstract ImageResize plan(int batch, int h, int w, int c);

    @Override
    public String inputHint() {
        return dataFormat() == DataFormat.CHANNELS_LAST ? "[batch, height, width, channels]"
                : "[batch, channels, height, width]";
    }

    @Override
    protected Shape doBuild(Shape in, RandomGenerator random) {
        if (in.rank() != 3) {
            throw new IncompatibleShapeException(name(), 0, StepView.anyOfRank(4), in.prepend(Shape.UNKNOWN),
                    "(" + typeName() + " takes images " + inputHint() + ")");
        }
        int c = dataFormat() == DataFormat.CHANNELS_LAST ? in.dim(2) : in.dim(0);
        return ImageResize.imageShape(outHeight(), outWidth(), c, dataFormat());
    }

    private ImageResize plan(Tensor channelsLast) {
        Shape s = channelsLast.shape();
        return plan(s.dim(0), s.dim(1), s.dim(2), s.dim(3));
    }

    @Override
    protected Tensor doCall(Tensor input) {
        Tensor x = ImageResize.channelsLast(input, dataFormat());
        ImageResize r = plan(x);
        Tensor y = Tensor.wrap(Shape.of(r.batch(), r.outH(), r.outW(), r.ch()), r.forward(x.buffer()));
        return ImageResize.fromChannelsLast(y, dataFormat());
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Tensor x = ImageResize.channelsLast(input, dataFormat());
        ImageResize r = plan(x);
        Tensor y = Tensor.wrap(Shape.of(r.batch(), r.outH(), r.outW(), r.ch()), r.forward(x.buffer()));
        return ForwardPass.of(ImageResize.fromChannelsLast(y, dataFormat()), g -> {
            Tensor gl = ImageResize.channelsLast(g.get(0), dataFormat());
            Tensor dx = Tensor.wrap(x.shape(), r.backward(gl.buffer()));
            return ImageResize.fromChannelsLast(dx, dataFormat());
        });
    }
}
