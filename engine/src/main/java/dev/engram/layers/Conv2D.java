package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.internal.conv.ChannelLayout;
import dev.engram.internal.conv.ConvGemm;
import dev.engram.internal.conv.Conv2dPlan;
import dev.engram.internal.conv.GroupedConvGemm;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A 2-D convolution over images (Keras and TF.js {@code Conv2D}), channels-last:
 * {@code y[b, i, j, f] = activation(bias[f] + sum_{a, c, ch} x[b, i*sh - padTop + a*dh, j*sw - padLeft
 * + c*dw, ch] * kernel[a, c, ch, f])}, input {@code [batch, height, width, channels]}, kernel
 * {@code [kernelHeight, kernelWidth, channels, filters]}, bias {@code [filters]}, output
 * {@code [batch, outHeight, outWidth, filters]} with sizes and padding given by {@link Conv2DWindow}.
 * Like TF/TF.js this is a cross-correlation (taps are not flipped). Channels-first layers read
 * {@code [batch, channels, height, width]} and write {@code [batch, filters, outHeight, outWidth]}
 * with the same kernel layout.
 *
 * <p>Runs as im2col plus one GEMM per chunk of samples ({@code columns [pixels, kh*kw*channels] ·
 * kernel}); the backward pass computes {@code dKernel = columnsᵀ · dz} and scatters
 * {@code dz · kernelᵀ} back to the input (col2im). Height and width may be unknown at build time and
 * differ between calls; the channels must be known.
 *
 * <p>With {@code groups} G &gt; 1 the kernel is {@code [kernelHeight, kernelWidth, channels/G, filters]} and
 * filter {@code f} reads only the channels of its group {@code f / (filters/G)}; each group runs the
 * same im2col and GEMM ({@link GroupedConvGemm}).
 */
public final class Conv2D extends Layer {
    private static final Activation RELU = Activations.relu();
    private final Conv2DConfig config;
    private Parameter kernel;
    private Parameter bias;
    private int channels;

    Conv2D(String name, Conv2DConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public Conv2DConfig config() {
        return config;
    }

    @Override
    public String inputHint() {
        return ImageInput.hint(config.dataFormat());
    }

    private boolean channelsLast() {
        return config.dataFormat() == DataFormat.CHANNELS_LAST;
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        ImageInput image = ImageInput.of(this, inputShape, config.dataFormat());
        channels = image.channels();
        requireGroupsDivide(name(), "Conv2D", config.groups(), channels, inputShape);
        int height = image.height();
        int width = image.width();
        int outH = config.window().outputHeight(height);
        int outW = config.window().outputWidth(width);
        if (outH == 0 || outW == 0) {
            throw tooSmall(inputShape.prepend(Shape.UNKNOWN));
        }
        Conv2DWindow w = config.window();
        kernel = addParameter(WeightRole.KERNEL, config.kernelInitializer(),
                Shape.of(w.kernelHeight(), w.kernelWidth(), channels / config.groups(), config.filters()), random,
                true)
                .attach(config.kernelRegularizer(), config.kernelConstraint());
        if (config.useBias()) {
            bias = addParameter(WeightRole.BIAS, config.biasInitializer(), Shape.of(config.filters()), random, true)
                    .attach(config.biasRegularizer(), config.biasConstraint());
        }
        return ImageInput.shape(config.dataFormat(), outH, outW, config.filters());
    }

    /** Keras parity: the input channels must split evenly into the groups (Keras checks it at build too). */
    static void requireGroupsDivide(String layer, String cls, int groups, int channels, Shape inputShape) {
        if (channels % groups != 0) {
            throw new IllegalArgumentException("Layer '" + layer + "' (" + cls + "): " + groups + " groups do not divide "
                    + "the " + channels + " input channels of " + inputShape.prepend(Shape.UNKNOWN));
        }
    }

    private IncompatibleShapeException tooSmall(Shape found) {
        Conv2DWindow w = config.window();
        int h = w.effectiveHeight();
        int wd = w.effectiveWidth();
        Shape expected = channelsLast() ? Shape.of(Shape.UNKNOWN, h, wd, channels)
                : Shape.of(Shape.UNKNOWN, channels, h, wd);
        return new IncompatibleShapeException(name(), 0, expected, found, inputHint() + " (a valid Conv2D with kernel "
                + w.kernelHeight() + "x" + w.kernelWidth() + " and dilation " + w.dilationHeight() + "x"
                + w.dilationWidth() + " needs at least " + h + "x" + wd + " pixels)");
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        super.checkInput(index, input);
        if (plan(input).pixels() == 0) {
            throw tooSmall(input.shape());
        }
    }

    private Conv2dPlan plan(Tensor input) {
        Shape s = input.shape();
        int height = s.dim(channelsLast() ? 1 : 2);
        int width = s.dim(channelsLast() ? 2 : 3);
        return config.window().plan(s.dim(0), height, width, channels / config.groups());
    }

    /** {@link ConvGemm#forward}, one call per channel group when grouped. */
    private void gemmForward(Conv2dPlan p, float[] x, float[] z) {
        float[] b = bias != null ? bias.data() : null;
        if (config.groups() == 1) {
            ConvGemm.forward(p, x, kernel.data(), b, config.filters(), z);
        } else {
            GroupedConvGemm.forward(p, config.groups(), p.channels(), x, kernel.data(), b, config.filters(), z);
        }
    }

    /** {@link ConvGemm#backward}, one call per channel group when grouped; null without {@code inputGradient}. */
    private float[] gemmBackward(Conv2dPlan p, float[] x, float[] dz, boolean inputGradient) {
        float[] db = bias != null ? bias.grad() : null;
        if (config.groups() == 1) {
            return ConvGemm.backward(p, x, kernel.data(), dz, config.filters(), kernel.grad(), db, inputGradient);
        }
        return GroupedConvGemm.backward(p, config.groups(), p.channels(), x, kernel.data(), dz, config.filters(),
                kernel.grad(), db);
    }

    /** The input in channels-last order (the input's own buffer when it is already so). */
    private float[] channelsLastInput(Tensor input, Conv2dPlan p) {
        return channelsLast() ? input.buffer()
                : ChannelLayout.toChannelsLast(input.buffer(), p.batch(), channels, p.height() * p.width());
    }

    private Tensor output(Conv2dPlan p, float[] nhwc) {
        int f = config.filters();
        if (channelsLast()) {
            return Tensor.wrap(Shape.of(p.batch(), p.outH(), p.outW(), f), nhwc);
        }
        return Tensor.wrap(Shape.of(p.batch(), f, p.outH(), p.outW()),
                ChannelLayout.toChannelsFirst(nhwc, p.batch(), f, p.pixels()));
    }

    /** The activation of {@code rows} output rows of {@code f} filters, split over the kernel threads. */
    private void activate(float[] z, float[] y, int rows, int f) {
        Activation act = config.activation();
        RowChunks.run(rows, f, (r, n) -> act.forward(z, r * f, y, r * f, n, f));
    }

    @Override
    protected Tensor doCall(Tensor input) {
        Conv2dPlan p = plan(input);
        int f = config.filters();
        float[] y = new float[Math.multiplyExact(p.rows(), f)];
        gemmForward(p, channelsLastInput(input, p), y);
        activate(y, y, p.rows(), f);
        return output(p, y);
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Conv2dPlan p = plan(input);
        int f = config.filters();
        float[] x = channelsLastInput(input, p);
        float[] z = new float[Math.multiplyExact(p.rows(), f)];
        gemmForward(p, x, z);
        // ReLU's derivative reads as well from its output (z > 0 exactly where relu(z) > 0): then the
        // output overwrites z, one activation-sized array less kept per training step.
        float[] y = RELU.equals(config.activation()) ? z : new float[z.length];
        activate(z, y, p.rows(), f);
        return ForwardPass.ofOptionalInputGradient(output(p, y), (grads, inputGradient) -> {
            float[] dy = channelsLast() ? grads.get(0).buffer()
                    : ChannelLayout.toChannelsLast(grads.get(0).buffer(), p.batch(), f, p.pixels());
            float[] dz = new float[z.length];
            Activation act = config.activation();
            RowChunks.run(p.rows(), f, (r, n) -> act.backward(z, r * f, y, r * f, dy, r * f, dz, r * f, n, f));
            float[] dx = gemmBackward(p, x, dz, inputGradient);
            if (dx == null) {
                return null;
            }
            return Tensor.wrap(input.shape(), channelsLast() ? dx
                    : ChannelLayout.toChannelsFirst(dx, p.batch(), channels, p.height() * p.width()));
        });
    }
}
