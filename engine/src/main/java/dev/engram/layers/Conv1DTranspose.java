package dev.engram.layers;

import dev.engram.internal.conv.ChannelLayout;
import dev.engram.internal.conv.Conv2dPlan;
import dev.engram.internal.conv.Conv2dTransposeGemm;
import dev.engram.internal.kernels.Kernels;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A transposed 1-D convolution (Keras {@code Conv1DTranspose}; TF.js 4.22 has none): the
 * {@link Conv2DTranspose} of sequences seen as images one row high. Input {@code [batch, steps,
 * channels]}, kernel {@code [kernelSize, filters, channels]}, bias {@code [filters]}, output
 * {@code [batch, outSteps, filters]} with {@code outSteps} from Keras's {@code deconv_output_length}
 * ({@link Conv1DTransposeConfig#outputLength}); channels-first reads {@code [batch, channels, steps]}.
 */
public final class Conv1DTranspose extends Layer {
    private static final Kernels K = Kernels.get();

    private final Conv1DTransposeConfig config;
    private final Conv2DTransposeConfig twoD;
    private Parameter kernel;
    private Parameter bias;
    private int channels;

    Conv1DTranspose(String name, Conv1DTransposeConfig config) {
        super(name);
        this.config = config;
        this.twoD = config.asTwoD();
    }

    @Override
    public Conv1DTransposeConfig config() {
        return config;
    }

    @Override
    public String inputHint() {
        return channelsLast() ? "[batch, steps, channels]" : "[batch, channels, steps]";
    }

    private boolean channelsLast() {
        return config.dataFormat() == DataFormat.CHANNELS_LAST;
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        int channelAxis = channelsLast() ? 1 : 0;
        if (inputShape.rank() != 2 || inputShape.dim(channelAxis) == Shape.UNKNOWN) {
            throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN),
                    inputShape.prepend(Shape.UNKNOWN), inputHint() + " with known channels (Conv1DTranspose)");
        }
        channels = inputShape.dim(channelAxis);
        int steps = inputShape.dim(channelsLast() ? 0 : 1);
        if (steps != Shape.UNKNOWN) {
            checkGeometry(inputShape.prepend(Shape.UNKNOWN), steps);
        }
        kernel = addParameter(WeightRole.KERNEL, config.kernelInitializer(),
                Shape.of(config.kernelSize(), config.filters(), channels), random, true)
                .attach(config.kernelRegularizer(), config.kernelConstraint());
        if (config.useBias()) {
            bias = addParameter(WeightRole.BIAS, config.biasInitializer(), Shape.of(config.filters()), random, true)
                    .attach(config.biasRegularizer(), config.biasConstraint());
        }
        int out = steps == Shape.UNKNOWN ? Shape.UNKNOWN : config.outputLength(steps);
        return channelsLast() ? Shape.of(out, config.filters()) : Shape.of(config.filters(), out);
    }

    private void checkGeometry(Shape found, int steps) {
        int out = config.outputLength(steps);
        if (out < 1 || twoD.window().outputWidth(out) != steps) {
            throw new IncompatibleShapeException(name(), 0, found, found, inputHint() + " (Conv1DTranspose output "
                    + out + " steps does not convolve back to the input's " + steps
                    + " with this window; TensorFlow refuses it too: change the output padding)");
        }
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        super.checkInput(index, input);
        checkGeometry(input.shape(), input.shape().dim(channelsLast() ? 1 : 2));
    }

    /** The 2-D plan over an output one row high. */
    private Conv2dPlan plan(Tensor input) {
        Shape s = input.shape();
        return twoD.window().plan(s.dim(0), 1, config.outputLength(s.dim(channelsLast() ? 1 : 2)), config.filters());
    }

    private float[] pre(Conv2dPlan p, float[] x) {
        float[] z = Conv2dTransposeGemm.forward(p, x, channels, kernel.data());
        if (bias != null) {
            int f = config.filters();
            for (int r = 0, rows = p.batch() * p.width(); r < rows; r++) {
                K.axpy(f, 1f, bias.data(), 0, z, r * f);
            }
        }
        return z;
    }

    private float[] channelsLastInput(Tensor input, Conv2dPlan p) {
        return channelsLast() ? input.buffer()
                : ChannelLayout.toChannelsLast(input.buffer(), p.batch(), channels, p.pixels());
    }

    private Tensor output(Conv2dPlan p, float[] nwc) {
        int f = config.filters();
        if (channelsLast()) {
            return Tensor.wrap(Shape.of(p.batch(), p.width(), f), nwc);
        }
        return Tensor.wrap(Shape.of(p.batch(), f, p.width()), ChannelLayout.toChannelsFirst(nwc, p.batch(), f,
                p.width()));
    }

    @Override
    protected Tensor doCall(Tensor input) {
        Conv2dPlan p = plan(input);
        float[] y = pre(p, channelsLastInput(input, p));
        config.activation().forward(y, 0, y, 0, p.batch() * p.width(), config.filters());
        return output(p, y);
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Conv2dPlan p = plan(input);
        int f = config.filters();
        int rows = p.batch() * p.width();
        float[] x = channelsLastInput(input, p);
        float[] z = pre(p, x);
        float[] y = new float[z.length];
        config.activation().forward(z, 0, y, 0, rows, f);
        return ForwardPass.of(output(p, y), grads -> {
            float[] dy = channelsLast() ? grads.get(0).buffer()
                    : ChannelLayout.toChannelsLast(grads.get(0).buffer(), p.batch(), f, p.width());
            float[] dz = new float[z.length];
            config.activation().backward(z, 0, y, 0, dy, 0, dz, 0, rows, f);
            if (bias != null) {
                K.addColumnSums(dz, 0, rows, f, f, bias.grad(), 0);
            }
            float[] dx = Conv2dTransposeGemm.backward(p, x, channels, kernel.data(), dz, kernel.grad());
            return Tensor.wrap(input.shape(), channelsLast() ? dx
                    : ChannelLayout.toChannelsFirst(dx, p.batch(), channels, p.pixels()));
        });
    }
}
