package dev.engram.layers;

import dev.engram.internal.conv.ChannelLayout;
import dev.engram.internal.conv.Conv2dPlan;
import dev.engram.layers.recurrent.LstmGate;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Convolutional LSTM (Shi et al., 2015, "Convolutional LSTM Network"), as TF.js's and Keras's
 * {@code ConvLSTM2D}: an LSTM whose input and recurrent products are 2-D convolutions, over
 * {@code [batch, timesteps, rows, cols, channels]} (channels first: {@code [batch, timesteps,
 * channels, rows, cols]}):
 *
 * <pre>
 * z = conv(x_t, kernel; strides, padding, dilation) + bias + conv(h, recurrentKernel; stride 1, same)
 * i = σr(z_i)  f = σr(z_f)  o = σr(z_o)  g = act(z_c)      channel blocks i, f, c, o
 * c' = f⊙c + i⊙g      h' = o⊙act(c')
 * </pre>
 *
 * Parameters: {@code kernel [kh, kw, channels, 4·filters]}, {@code recurrentKernel [kh, kw, filters,
 * 4·filters]}, {@code bias [4·filters]}. The state and output maps are {@code [outRows, outCols,
 * filters]} with the input convolution's output size. Output: the last h, or every step's h with
 * returnSequences (in processing order with goBackwards); with returnState the final h and c follow.
 * Initial states {@code [x, h0, c0]}, a {@code [batch, timesteps]} mask (a masked step keeps the
 * state and repeats the output) and stateful operation behave as in {@link RecurrentLayer}.
 *
 * <p>Dropout (training only), as TF.js and Keras: one mask per gate, drawn once per call from the
 * training context's generator and reused at every step: first the four input masks (gates i, f,
 * c, o), each {@code [batch, rows, cols, channels]} in channels-last row-major order, then the four
 * recurrent masks, each {@code [batch, outRows, outCols, filters]}; an element is kept with
 * probability {@code 1 - rate} as {@code 1/(1 - rate)}, else 0. Gate k's convolution reads
 * {@code x ⊙ mask_k} and {@code h ⊙ recurrentMask_k}. Identity at inference.
 *
 * <p>Runs on the engine's im2col + GEMM convolution: the input convolution of all steps at once
 * ({@code [batch·timesteps]} images), then one recurrent convolution per step; back-propagation
 * through time accumulates the recurrent kernel's gradient per step and the input kernel's with one
 * convolution backward pass at the end.
 */
public final class ConvLstm2D extends Layer {
    private final ConvLstm2DConfig config;
    private final Conv2DWindow recurrentWindow;
    private Parameter kernel;
    private Parameter recurrentKernel;
    private Parameter bias;
    private int channels;
    private float[][] carried;
    private int carriedBatch = -1;

    ConvLstm2D(String name, ConvLstm2DConfig config) {
        super(name);
        this.config = config;
        Conv2DWindow w = config.window();
        this.recurrentWindow = Conv2DWindow.of(w.kernelHeight(), w.kernelWidth()).withPadding(Padding.SAME);
    }

    @Override
    public ConvLstm2DConfig config() {
        return config;
    }

    private boolean channelsLast() {
        return config.dataFormat() == DataFormat.CHANNELS_LAST;
    }

    @Override
    public String inputHint() {
        return channelsLast() ? "[batch, timesteps, rows, cols, channels]" : "[batch, timesteps, channels, rows, cols]";
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    /** TF.js/Keras parity: the mask goes on with returnSequences; the last-step output has none. */
    @Override
    public Tensor computeMask(List<Tensor> inputs, Tensor mask) {
        return config.returnSequences() ? mask : null;
    }

    @Override
    public int outputCount() {
        return config.returnState() ? 3 : 1;
    }

    /** Forgets the carried states of a stateful layer (the next call starts from zero). */
    public synchronized void resetStates() {
        carried = null;
        carriedBatch = -1;
    }

    /** A per-sample map {@code [rows, cols, filters]} in the layer's data format. */
    private Shape map(int rows, int cols) {
        int f = config.filters();
        return channelsLast() ? Shape.of(rows, cols, f) : Shape.of(f, rows, cols);
    }

    @Override
    protected List<Shape> doBuildAll(List<Shape> shapes, RandomGenerator random) {
        if (shapes.size() != 1 && shapes.size() != 3) {
            throw new IllegalArgumentException("Layer '" + name() + "' (ConvLSTM2D) takes the sequence, optionally "
                    + "followed by the initial h and c; got " + shapes.size() + " inputs");
        }
        Shape in = shapes.get(0);
        int channelAxis = channelsLast() ? 3 : 1;
        if (in.rank() != 4 || in.dim(channelAxis) == Shape.UNKNOWN) {
            throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN,
                    Shape.UNKNOWN, Shape.UNKNOWN), in.prepend(Shape.UNKNOWN), inputHint() + " with known channels");
        }
        channels = in.dim(channelAxis);
        int h = in.dim(channelsLast() ? 1 : 2);
        int w = in.dim(channelsLast() ? 2 : 3);
        boolean fits = (h == Shape.UNKNOWN || config.window().outputHeight(h) > 0)
                && (w == Shape.UNKNOWN || config.window().outputWidth(w) > 0);
        int outH = config.window().outputHeight(h);
        int outW = config.window().outputWidth(w);
        if (!fits) {
            throw new IncompatibleShapeException(name(), 0, in.prepend(Shape.UNKNOWN), in.prepend(Shape.UNKNOWN),
                    "(the " + config.window().kernelHeight() + "x" + config.window().kernelWidth()
                            + " valid input convolution of ConvLSTM2D leaves no output pixel)");
        }
        for (int i = 1; i < shapes.size(); i++) {
            if (!shapes.get(i).equals(map(outH, outW))) {
                throw new IncompatibleShapeException(name(), i, map(outH, outW).prepend(Shape.UNKNOWN),
                        shapes.get(i).prepend(Shape.UNKNOWN), "(initial " + (i == 1 ? "h" : "c") + " of ConvLSTM2D)");
            }
        }
        Conv2DWindow win = config.window();
        int g = 4 * config.filters();
        WeightRules rules = config.weightRules();
        kernel = addParameter(WeightRole.KERNEL, config.kernelInitializer(),
                Shape.of(win.kernelHeight(), win.kernelWidth(), channels, g), random, true)
                .attach(rules.kernelRegularizer(), rules.kernelConstraint());
        recurrentKernel = addParameter(WeightRole.RECURRENT_KERNEL, config.recurrentInitializer(),
                Shape.of(win.kernelHeight(), win.kernelWidth(), config.filters(), g), random, true)
                .attach(rules.recurrentRegularizer(), rules.recurrentConstraint());
        if (config.useBias()) {
            bias = addParameter(WeightRole.BIAS, (shape, r) -> initialBias(r), Shape.of(g), random, true)
                    .attach(rules.biasRegularizer(), rules.biasConstraint());
        }
        List<Shape> out = new ArrayList<>();
        Shape m = map(outH, outW);
        out.add(config.returnSequences() ? m.prepend(in.dim(0)) : m);
        if (config.returnState()) {
            out.add(m);
            out.add(m);
        }
        return out;
    }

    private Tensor initialBias(RandomGenerator random) {
        int f = config.filters();
        Tensor b = config.biasInitializer().initialize(Shape.of(4 * f), random);
        if (!config.unitForgetBias()) {
            return b;
        }
        // Keras and TF.js parity: the forget block starts at one, the others use the bias initializer.
        float[] v = b.toArray();
        Arrays.fill(v, LstmGate.F.offset(f), LstmGate.F.offset(f) + f, 1f);
        return Tensor.wrap(b.shape(), v);
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        Shape expected = inputShapes().get(index).prepend(Shape.UNKNOWN);
        if (index == 0) {
            // Any number of steps: the time axis is free.
            int[] dims = expected.toArray();
            dims[1] = Shape.UNKNOWN;
            expected = Shape.of(dims);
        }
        if (!expected.accepts(input.shape())) {
            throw new IncompatibleShapeException(name(), index, expected, input.shape(), inputHint());
        }
    }

    /** The time loop of a call: its geometry, the channels-last input and the mask. */
    private ConvLstm2DSteps steps(Tensor input, Tensor mask) {
        Shape s = input.shape();
        int batch = s.dim(0);
        int steps = s.dim(1);
        int rows = s.dim(channelsLast() ? 2 : 3);
        int cols = s.dim(channelsLast() ? 3 : 4);
        Conv2dPlan inPlan = config.window().plan(batch * steps, rows, cols, channels);
        Conv2dPlan recPlan = recurrentWindow.plan(batch, inPlan.outH(), inPlan.outW(), config.filters());
        float[] x = channelsLast() ? input.buffer()
                : ChannelLayout.toChannelsLast(input.buffer(), batch * steps, channels, rows * cols);
        return new ConvLstm2DSteps(config, inPlan, recPlan, batch, steps, x, mask == null ? null : mask.buffer());
    }

    /** A state or state gradient tensor as a channels-last buffer (a copy). */
    private float[] toLast(ConvLstm2DSteps r, Tensor t) {
        return channelsLast() ? t.buffer().clone()
                : ChannelLayout.toChannelsLast(t.buffer(), r.batch, config.filters(), r.pixels);
    }

    /** Channels-last maps ({@code images} of them) as a tensor in the layer's data format. */
    private Tensor wrapMap(ConvLstm2DSteps r, float[] v, boolean sequence) {
        int f = config.filters();
        int images = sequence ? r.batch * r.steps : r.batch;
        float[] data = channelsLast() ? v : ChannelLayout.toChannelsFirst(v, images, f, r.pixels);
        Shape m = map(r.inPlan.outH(), r.inPlan.outW());
        return Tensor.wrap(sequence ? m.prepend(r.steps).prepend(r.batch) : m.prepend(r.batch), data);
    }

    private List<Tensor> run(ConvLstm2DSteps r, List<Tensor> inputs, boolean keep, RandomGenerator random) {
        if (random != null) {
            r.drawMasks(random, config.settings().dropout(), config.settings().recurrentDropout());
        }
        if (config.stateful()) {
            synchronized (this) {
                return runUnlocked(r, inputs, keep);
            }
        }
        return runUnlocked(r, inputs, keep);
    }

    private List<Tensor> runUnlocked(ConvLstm2DSteps r, List<Tensor> inputs, boolean keep) {
        if (config.stateful() && carriedBatch >= 0 && carriedBatch != r.batch) {
            throw new IllegalStateException("Layer '" + name() + "' (ConvLSTM2D) is stateful and carries states for "
                    + "batch size " + carriedBatch + ", got a batch of " + r.batch + " (call resetStates() to start over)");
        }
        if (inputs.size() == 3) {
            r.h = toLast(r, inputs.get(1));
            r.c = toLast(r, inputs.get(2));
        } else if (config.stateful() && carried != null) {
            r.h = carried[0].clone();
            r.c = carried[1].clone();
        } else {
            r.h = new float[r.stateSize()];
            r.c = new float[r.stateSize()];
        }
        r.forward(kernel.data(), recurrentKernel.data(), bias == null ? null : bias.data(), keep);
        if (config.stateful()) {
            carried = new float[][] {r.h.clone(), r.c.clone()};
            carriedBatch = r.batch;
        }
        List<Tensor> outs = new ArrayList<>();
        outs.add(r.out != null ? wrapMap(r, r.out, true) : wrapMap(r, r.h, false));
        if (config.returnState()) {
            outs.add(wrapMap(r, r.h, false));
            outs.add(wrapMap(r, r.c, false));
        }
        return outs;
    }

    @Override
    protected List<Tensor> doCallAll(List<Tensor> inputs, Tensor mask) {
        return run(steps(inputs.get(0), mask), inputs, false, null);
    }

    @Override
    protected ForwardPass doForwardAll(List<Tensor> inputs, Tensor mask, TrainingContext context) {
        ConvLstm2DSteps r = steps(inputs.get(0), mask);
        List<Tensor> outs = List.copyOf(run(r, inputs, true, context.random()));
        return new ForwardPass() {
            @Override
            public List<Tensor> outputs() {
                return outs;
            }

            @Override
            public Tensor backward(List<Tensor> grads) {
                return backwardAll(grads).get(0);
            }

            @Override
            public List<Tensor> backwardAll(List<Tensor> grads) {
                float[] dx = r.backward(kernel.data(), recurrentKernel.data(), gradient(r, grads, 0),
                        gradient(r, grads, 1), gradient(r, grads, 2), kernel.grad(), recurrentKernel.grad(),
                        bias == null ? null : bias.grad());
                List<Tensor> out = new ArrayList<>();
                out.add(Tensor.wrap(inputs.get(0).shape(), channelsLast() ? dx : ChannelLayout.toChannelsFirst(dx,
                        r.batch * r.steps, channels, r.inPlan.height() * r.inPlan.width())));
                if (inputs.size() == 3) {
                    out.add(wrapMap(r, r.dh0, false));
                    out.add(wrapMap(r, r.dc0, false));
                }
                return out;
            }
        };
    }

    /** Output gradient {@code i} as a channels-last buffer, or null. */
    private float[] gradient(ConvLstm2DSteps r, List<Tensor> grads, int i) {
        Tensor t = i < grads.size() ? grads.get(i) : null;
        if (t == null) {
            return null;
        }
        int images = i == 0 && config.returnSequences() ? r.batch * r.steps : r.batch;
        return channelsLast() ? t.buffer() : ChannelLayout.toChannelsLast(t.buffer(), images, config.filters(), r.pixels);
    }
}
