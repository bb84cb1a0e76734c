package dev.engram.layers;

import dev.engram.internal.conv.ChannelLayout;
import dev.engram.internal.conv.Conv2dPlan;
import dev.engram.internal.conv.Conv2dTransposeGemm;
import dev.engram.internal.kernels.Kernels;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A transposed 2-D convolution (Keras and TF.js {@code Conv2DTranspose}, "deconvolution"): the input
 * gradient of the {@link Conv2D} with the same window whose input has this layer's output size. Input
 * {@code [batch, height, width, channels]}, kernel {@code [kernelHeight, kernelWidth, filters,
 * channels]} (filters before channels, as the peers store it), bias {@code [filters]}, output
 * {@code [batch, outHeight, outWidth, filters]}. Per axis, with effective kernel extent
 * {@code e = (k - 1)·d + 1} and stride {@code s}: without output padding {@code out = in·s + max(e - s,
 * 0)} (valid) or {@code in·s} (same); with output padding {@code op},
 * {@code out = (in - 1)·s + e - 2·pad + op} where {@code pad} is 0 (valid) or {@code floor(e / 2)}
 * (same), Keras's {@code deconv_output_length}. The zero padding of the underlying convolution is
 * TensorFlow's same split for the output size (the odd pixel at the bottom/right). Channels-first
 * layers read {@code [batch, channels, height, width]} and write {@code [batch, filters, outHeight,
 * outWidth]}.
 *
 * <p>Runs as one GEMM {@code x · kernelᵀ} into column form and col2im per chunk of samples; the
 * backward pass is im2col of the output gradient and two GEMMs.
 */
public final class Conv2DTranspose extends Layer {
    private static final Kernels K = Kernels.get();

    private final Conv2DTransposeConfig config;
    private Parameter kernel;
    private Parameter bias;
    private int channels;

    Conv2DTranspose(String name, Conv2DTransposeConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public Conv2DTransposeConfig config() {
        return config;
    }

    @Override
    public String inputHint() {
        return ImageInput.hint(config.dataFormat());
    }

    private boolean channelsLast() {
        return config.dataFormat() == DataFormat.CHANNELS_LAST;
    }

    private int outHeight(int h) {
        return h == Shape.UNKNOWN ? Shape.UNKNOWN : config.outputHeight(h);
    }

    private int outWidth(int w) {
        return w == Shape.UNKNOWN ? Shape.UNKNOWN : config.outputWidth(w);
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        ImageInput image = ImageInput.of(this, inputShape, config.dataFormat());
        channels = image.channels();
        int h = image.height();
        int w = image.width();
        if (h != Shape.UNKNOWN && w != Shape.UNKNOWN) {
            checkGeometry(inputShape.prepend(Shape.UNKNOWN), h, w);
        }
        Conv2DWindow win = config.window();
        kernel = addParameter(WeightRole.KERNEL, config.kernelInitializer(),
                Shape.of(win.kernelHeight(), win.kernelWidth(), config.filters(), channels), random, true)
                .attach(config.kernelRegularizer(), config.kernelConstraint());
        if (config.useBias()) {
            bias = addParameter(WeightRole.BIAS, config.biasInitializer(), Shape.of(config.filters()), random, true)
                    .attach(config.biasRegularizer(), config.biasConstraint());
        }
        int oh = outHeight(h);
        int ow = outWidth(w);
        return ImageInput.shape(config.dataFormat(), oh, ow, config.filters());
    }

    /**
     * The output size must be one whose convolution gives back the input size (TensorFlow checks the
     * same and fails otherwise, e.g. for an even kernel with same padding and output padding 0).
     */
    private void checkGeometry(Shape found, int h, int w) {
        Conv2DWindow win = config.window();
        int oh = outHeight(h);
        int ow = outWidth(w);
        if (oh < 1 || ow < 1 || win.outputHeight(oh) != h || win.outputWidth(ow) != w) {
            throw new IncompatibleShapeException(name(), 0, found, found, inputHint() + " (Conv2DTranspose output "
                    + oh + "x" + ow + " does not convolve back to the input's " + h + "x" + w
                    + " pixels with this window; TensorFlow refuses it too: change the output padding)");
        }
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        super.checkInput(index, input);
        Shape s = input.shape();
        checkGeometry(s, s.dim(channelsLast() ? 1 : 2), s.dim(channelsLast() ? 2 : 3));
    }

    /** The plan of the convolution over this layer's output whose input gradient this layer computes. */
    private Conv2dPlan plan(Tensor input) {
        Shape s = input.shape();
        int h = s.dim(channelsLast() ? 1 : 2);
        int w = s.dim(channelsLast() ? 2 : 3);
        return config.window().plan(s.dim(0), outHeight(h), outWidth(w), config.filters());
    }

    @Override
    protected Tensor doCall(Tensor input) {
        Conv2dPlan p = plan(input);
        float[] y = pre(p, input);
        config.activation().forward(y, 0, y, 0, p.batch() * p.height() * p.width(), config.filters());
        return output(p, y);
    }

    /** The pre-activation output, channels-last. */
    private float[] pre(Conv2dPlan p, Tensor input) {
        float[] x = channelsLast() ? input.buffer()
                : ChannelLayout.toChannelsLast(input.buffer(), p.batch(), channels, p.pixels());
        float[] z = Conv2dTransposeGemm.forward(p, x, channels, kernel.data());
        if (bias != null) {
            int f = config.filters();
            for (int r = 0, rows = p.batch() * p.height() * p.width(); r < rows; r++) {
                K.axpy(f, 1f, bias.data(), 0, z, r * f);
            }
        }
        return z;
    }

    private Tensor output(Conv2dPlan p, float[] nhwc) {
        int f = config.filters();
        if (channelsLast()) {
            return Tensor.wrap(Shape.of(p.batch(), p.height(), p.width(), f), nhwc);
        }
        return Tensor.wrap(Shape.of(p.batch(), f, p.height(), p.width()),
                ChannelLayout.toChannelsFirst(nhwc, p.batch(), f, p.height() * p.width()));
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Conv2dPlan p = plan(input);
        int f = config.filters();
        int rows = p.batch() * p.height() * p.width();
        float[] z = pre(p, input);
        float[] y = new float[z.length];
        config.activation().forward(z, 0, y, 0, rows, f);
        return ForwardPass.of(output(p, y), grads -> {
            float[] dy = channelsLast() ? grads.get(0).buffer()
                    : ChannelLayout.toChannelsLast(grads.get(0).buffer(), p.batch(), f, p.height() * p.width());
            float[] dz = new float[z.length];
            config.activation().backward(z, 0, y, 0, dy, 0, dz, 0, rows, f);
            if (bias != null) {
                K.addColumnSums(dz, 0, rows, f, f, bias.grad(), 0);
            }
            float[] x = channelsLast() ? input.buffer()
                    : ChannelLayout.toChannelsLast(input.buffer(), p.batch(), channels, p.pixels());
            float[] dx = Conv2dTransposeGemm.backward(p, x, channels, kernel.data(), dz, kernel.grad());
            return Tensor.wrap(input.shape(), channelsLast() ? dx
                    : ChannelLayout.toChannelsFirst(dx, p.batch(), channels, p.pixels()));
        });
    }
}
