package dev.engram.layers;

import dev.engram.internal.conv.ChannelLayout;
import dev.engram.internal.conv.Conv3dPlan;
import dev.engram.internal.conv.ConvGemm;
import dev.engram.internal.conv.GroupedConvGemm;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A 3-D convolution over volumes (Keras and TF.js {@code Conv3D}), channels-last:
 * {@code y[b, t, i, j, f] = activation(bias[f] + sum_{a, p, q, ch} x[b, t*sd - padFront + a*dd,
 * i*sh - padTop + p*dh, j*sw - padLeft + q*dw, ch] * kernel[a, p, q, ch, f])}, input {@code [batch,
 * depth, height, width, channels]}, kernel {@code [kernelDepth, kernelHeight, kernelWidth, channels,
 * filters]}, bias {@code [filters]}, output {@code [batch, outDepth, outHeight, outWidth, filters]}
 * with sizes and padding given by {@link Conv3DWindow}. Like TF/TF.js this is a cross-correlation.
 * Channels-first layers read {@code [batch, channels, depth, height, width]} and write {@code [batch,
 * filters, outDepth, outHeight, outWidth]} with the same kernel layout.
 *
 * <p>Runs as 3-D im2col plus one GEMM per chunk of samples, like {@link Conv2D}; the backward pass
 * computes {@code dKernel = columnsᵀ · dz} and scatters {@code dz · kernelᵀ} back to the input
 * (col2im). The spatial sizes may be unknown at build time and differ between calls; the channels
 * must be known.
 */
public final class Conv3D extends Layer {
    private final Conv3DConfig config;
    private Parameter kernel;
    private Parameter bias;
    private int channels;

    Conv3D(String name, Conv3DConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public Conv3DConfig config() {
        return config;
    }

    @Override
    public String inputHint() {
        return channelsLast() ? "[batch, depth, height, width, channels]" : "[batch, channels, depth, height, width]";
    }

    private boolean channelsLast() {
        return config.dataFormat() == DataFormat.CHANNELS_LAST;
    }

    /** The sample axis of spatial axis {@code k} (0 depth, 1 height, 2 width). */
    private int spatialAxis(int k) {
        return channelsLast() ? k : k + 1;
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        int channelAxis = channelsLast() ? 3 : 0;
        if (inputShape.rank() != 4 || inputShape.dim(channelAxis) == Shape.UNKNOWN) {
            throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN,
                    Shape.UNKNOWN, Shape.UNKNOWN), inputShape.prepend(Shape.UNKNOWN),
                    inputHint() + " with known channels (Conv3D)");
        }
        channels = inputShape.dim(channelAxis);
        Conv2D.requireGroupsDivide(name(), "Conv3D", config.groups(), channels, inputShape);
        Conv3DWindow w = config.window();
        int depth = inputShape.dim(spatialAxis(0));
        int height = inputShape.dim(spatialAxis(1));
        int width = inputShape.dim(spatialAxis(2));
        int outD = w.outputDepth(depth);
        int outH = w.outputHeight(height);
        int outW = w.outputWidth(width);
        if (outD == 0 || outH == 0 || outW == 0) {
            throw tooSmall(inputShape.prepend(Shape.UNKNOWN));
        }
        kernel = addParameter(WeightRole.KERNEL, config.kernelInitializer(),
                Shape.of(w.kernelDepth(), w.kernelHeight(), w.kernelWidth(), channels / config.groups(),
                        config.filters()), random, true)
                .attach(config.kernelRegularizer(), config.kernelConstraint());
        if (config.useBias()) {
            bias = addParameter(WeightRole.BIAS, config.biasInitializer(), Shape.of(config.filters()), random, true)
                    .attach(config.biasRegularizer(), config.biasConstraint());
        }
        return channelsLast() ? Shape.of(outD, outH, outW, config.filters())
                : Shape.of(config.filters(), outD, outH, outW);
    }

    private IncompatibleShapeException tooSmall(Shape found) {
        Conv3DWindow w = config.window();
        int[] e = w.effectiveExtent();
        Shape expected = channelsLast() ? Shape.of(Shape.UNKNOWN, e[0], e[1], e[2], channels)
                : Shape.of(Shape.UNKNOWN, channels, e[0], e[1], e[2]);
        return new IncompatibleShapeException(name(), 0, expected, found, inputHint() + " (a valid Conv3D with kernel "
                + w.kernelDepth() + "x" + w.kernelHeight() + "x" + w.kernelWidth() + " and dilation "
                + w.dilationDepth() + "x" + w.dilationHeight() + "x" + w.dilationWidth() + " needs at least " + e[0]
                + "x" + e[1] + "x" + e[2] + " voxels)");
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        super.checkInput(index, input);
        if (plan(input).pixels() <= 0) {
            throw tooSmall(input.shape());
        }
    }

    private Conv3dPlan plan(Tensor input) {
        Shape s = input.shape();
        return config.window().plan(s.dim(0), s.dim(1 + spatialAxis(0)), s.dim(1 + spatialAxis(1)),
                s.dim(1 + spatialAxis(2)), channels / config.groups());
    }

    /** {@link ConvGemm#forward}, one call per channel group when grouped. */
    private void gemmForward(Conv3dPlan p, float[] x, float[] z) {
        float[] b = bias != null ? bias.data() : null;
        if (config.groups() == 1) {
            ConvGemm.forward(p, x, kernel.data(), b, config.filters(), z);
        } else {
            GroupedConvGemm.forward(p, config.groups(), p.channels(), x, kernel.data(), b, config.filters(), z);
        }
    }

    /** {@link ConvGemm#backward}, one call per channel group when grouped; null without {@code inputGradient}. */
    private float[] gemmBackward(Conv3dPlan p, float[] x, float[] dz, boolean inputGradient) {
        float[] db = bias != null ? bias.grad() : null;
        if (config.groups() == 1) {
            return ConvGemm.backward(p, x, kernel.data(), dz, config.filters(), kernel.grad(), db, inputGradient);
        }
        return GroupedConvGemm.backward(p, config.groups(), p.channels(), x, kernel.data(), dz, config.filters(),
                kernel.grad(), db);
    }

    private int inputVoxels(Conv3dPlan p) {
        return p.depth() * p.height() * p.width();
    }

    /** The input in channels-last order (the input's own buffer when it is already so). */
    private float[] channelsLastInput(Tensor input, Conv3dPlan p) {
        return channelsLast() ? input.buffer()
                : ChannelLayout.toChannelsLast(input.buffer(), p.batch(), channels, inputVoxels(p));
    }

    private Tensor output(Conv3dPlan p, float[] ndhwc) {
        int f = config.filters();
        if (channelsLast()) {
            return Tensor.wrap(Shape.of(p.batch(), p.outD(), p.outH(), p.outW(), f), ndhwc);
        }
        return Tensor.wrap(Shape.of(p.batch(), f, p.outD(), p.outH(), p.outW()),
                ChannelLayout.toChannelsFirst(ndhwc, p.batch(), f, p.pixels()));
    }

    @Override
    protected Tensor doCall(Tensor input) {
        Conv3dPlan p = plan(input);
        int f = config.filters();
        float[] y = new float[Math.multiplyExact(p.rows(), f)];
        gemmForward(p, channelsLastInput(input, p), y);
        config.activation().forward(y, 0, y, 0, p.rows(), f);
        return output(p, y);
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Conv3dPlan p = plan(input);
        int f = config.filters();
        float[] x = channelsLastInput(input, p);
        float[] z = new float[Math.multiplyExact(p.rows(), f)];
        gemmForward(p, x, z);
        float[] y = new float[z.length];
        config.activation().forward(z, 0, y, 0, p.rows(), f);
        return ForwardPass.ofOptionalInputGradient(output(p, y), (grads, inputGradient) -> {
            float[] dy = channelsLast() ? grads.get(0).buffer()
                    : ChannelLayout.toChannelsLast(grads.get(0).buffer(), p.batch(), f, p.pixels());
            float[] dz = new float[z.length];
            config.activation().backward(z, 0, y, 0, dy, 0, dz, 0, p.rows(), f);
            float[] dx = gemmBackward(p, x, dz, inputGradient);
            if (dx == null) {
                return null;
            }
            return Tensor.wrap(input.shape(), channelsLast() ? dx
                    : ChannelLayout.toChannelsFirst(dx, p.batch(), channels, inputVoxels(p)));
        });
    }
}
