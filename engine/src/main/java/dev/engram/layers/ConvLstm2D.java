package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.internal.conv.ChannelLayout;
import dev.engram.internal.conv.Conv2dGemm;
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
        int outH = h == Shape.UNKNOWN ? Shape.UNKNOWN : config.window().outputHeight(h);
        int outW = w == Shape.UNKNOWN ? Shape.UNKNOWN : config.window().outputWidth(w);
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

    /** One call's geometry and, for training, what each step keeps for back-propagation. */
    private final class Run {
        final int batch;
        final int steps;
        final Conv2dPlan inPlan;
        final Conv2dPlan recPlan;
        final int pixels;
        final float[] x;
        final float[] mask;
        final List<float[][]> trace = new ArrayList<>();
        /** Per gate, the dropout mask of one step's input (null without input dropout). */
        float[][] inMasks;
        /** Per gate, the dropout mask of h (null without recurrent dropout). */
        float[][] recMasks;
        /** Per gate, the masked inputs of all steps, kept for back-propagation. */
        float[][] maskedX;
        float[] h;
        float[] c;
        float[] out;

        Run(Tensor input, Tensor maskTensor) {
            Shape s = input.shape();
            batch = s.dim(0);
            steps = s.dim(1);
            int rows = s.dim(channelsLast() ? 2 : 3);
            int cols = s.dim(channelsLast() ? 3 : 4);
            inPlan = config.window().plan(batch * steps, rows, cols, channels);
            recPlan = recurrentWindow.plan(batch, inPlan.outH(), inPlan.outW(), config.filters());
            pixels = inPlan.pixels();
            x = channelsLast() ? input.buffer()
                    : ChannelLayout.toChannelsLast(input.buffer(), batch * steps, channels, rows * cols);
            mask = maskTensor == null ? null : maskTensor.buffer();
        }

        int stateSize() {
            return batch * pixels * config.filters();
        }

        float[] toLast(Tensor t) {
            return channelsLast() ? t.buffer().clone()
                    : ChannelLayout.toChannelsLast(t.buffer(), batch, config.filters(), pixels);
        }

        Tensor wrapMap(float[] v, int images, boolean sequence) {
            int f = config.filters();
            float[] data = channelsLast() ? v : ChannelLayout.toChannelsFirst(v, images, f, pixels);
            Shape m = channelsLast() ? Shape.of(inPlan.outH(), inPlan.outW(), f) : Shape.of(f, inPlan.outH(),
                    inPlan.outW());
            return Tensor.wrap(sequence ? m.prepend(steps).prepend(batch) : m.prepend(batch), data);
        }
    }

    private List<Tensor> run(Run r, List<Tensor> inputs, boolean keep, RandomGenerator random) {
        if (random != null && config.settings().dropout() > 0) {
            r.inMasks = new float[4][];
            for (int k = 0; k < 4; k++) {
                r.inMasks[k] = RecurrentLayer.dropoutMask(random, r.batch * r.inPlan.sampleSize(), config.settings().dropout());
            }
        }
        if (random != null && config.settings().recurrentDropout() > 0) {
            r.recMasks = new float[4][];
            for (int k = 0; k < 4; k++) {
                r.recMasks[k] = RecurrentLayer.dropoutMask(random, r.stateSize(), config.settings().recurrentDropout());
            }
        }
        if (config.stateful()) {
            synchronized (this) {
                return runUnlocked(r, inputs, keep);
            }
        }
        return runUnlocked(r, inputs, keep);
    }

    /** Gate k's columns {@code [rows, f]} of a {@code [rows, 4f]} matrix. */
    private static float[] gateColumns(float[] m, int rows, int f, int k) {
        float[] out = new float[rows * f];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(m, r * 4 * f + k * f, out, r * f, f);
        }
        return out;
    }

    /** Adds {@code [rows, f]} into gate k's columns of a {@code [rows, 4f]} matrix. */
    private static void addGateColumns(float[] part, float[] m, int rows, int f, int k) {
        for (int r = 0; r < rows; r++) {
            int o = r * 4 * f + k * f;
            for (int j = 0; j < f; j++) {
                m[o + j] += part[r * f + j];
            }
        }
    }

    /**
     * {@code v ⊙ mask} for {@code v} of {@code [batch, steps, size]} and a per-sample {@code mask
     * [batch, size]} that every step of the sample shares.
     */
    private static float[] times(float[] v, float[] mask, int steps, int size) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * mask[maskIndex(i, steps, size)];
        }
        return out;
    }

    /** The mask element of value {@code i} of a {@code [batch, steps, size]} buffer. */
    private static int maskIndex(int i, int steps, int size) {
        return i / (steps * size) * size + i % size;
    }

    /**
     * A convolution with per-gate inputs: {@code z[:, gate k] = conv(inputs[k], kernel[:, gate k]) (+ bias_k)}.
     * With a single input for all gates this is one fused convolution.
     */
    private static void gateConv(Conv2dPlan p, float[][] inputs, float[] kernel, float[] bias, int f, float[] z) {
        if (inputs.length == 1) {
            Conv2dGemm.forward(p, inputs[0], kernel, bias, 4 * f, z);
            return;
        }
        for (int k = 0; k < 4; k++) {
            float[] zk = new float[p.rows() * f];
            float[] bk = bias == null ? null : Arrays.copyOfRange(bias, k * f, (k + 1) * f);
            Conv2dGemm.forward(p, inputs[k], gateColumns(kernel, p.cols(), f, k), bk, f, zk);
            addGateColumns(zk, z, p.rows(), f, k);
        }
    }

    /**
     * Back-propagates {@link #gateConv}: accumulates the kernel (and bias) gradients and returns the
     * gradient of each gate's input (one array for the fused form).
     */
    private static float[][] gateConvBackward(Conv2dPlan p, float[][] inputs, float[] kernel, float[] dz, int f,
            float[] dKernel, float[] dBias) {
        if (inputs.length == 1) {
            return new float[][] {Conv2dGemm.backward(p, inputs[0], kernel, dz, 4 * f, dKernel, dBias)};
        }
        float[][] dIn = new float[4][];
        for (int k = 0; k < 4; k++) {
            float[] dk = new float[p.cols() * f];
            float[] db = dBias == null ? null : new float[f];
            dIn[k] = Conv2dGemm.backward(p, inputs[k], gateColumns(kernel, p.cols(), f, k),
                    gateColumns(dz, p.rows(), f, k), f, dk, db);
            addGateColumns(dk, dKernel, p.cols(), f, k);
            if (db != null) {
                for (int j = 0; j < f; j++) {
                    dBias[k * f + j] += db[j];
                }
            }
        }
        return dIn;
    }

    private List<Tensor> runUnlocked(Run r, List<Tensor> inputs, boolean keep) {
        int f = config.filters();
        int g = 4 * f;
        int n = r.batch * r.pixels;
        if (config.stateful() && carriedBatch >= 0 && carriedBatch != r.batch) {
            throw new IllegalStateException("Layer '" + name() + "' (ConvLSTM2D) is stateful and carries states for "
                    + "batch size " + carriedBatch + ", got a batch of " + r.batch + " (call resetStates() to start over)");
        }
        if (inputs.size() == 3) {
            r.h = r.toLast(inputs.get(1));
            r.c = r.toLast(inputs.get(2));
        } else if (config.stateful() && carried != null) {
            r.h = carried[0].clone();
            r.c = carried[1].clone();
        } else {
            r.h = new float[r.stateSize()];
            r.c = new float[r.stateSize()];
        }
        float[] zx = new float[Math.multiplyExact(r.batch * r.steps * r.pixels, g)];
        r.maskedX = new float[][] {r.x};
        if (r.inMasks != null) {
            r.maskedX = new float[4][];
            for (int k = 0; k < 4; k++) {
                r.maskedX[k] = times(r.x, r.inMasks[k], r.steps, r.inPlan.sampleSize());
            }
        }
        gateConv(r.inPlan, r.maskedX, kernel.data(), bias == null ? null : bias.data(), f, zx);
        r.out = config.returnSequences() ? new float[Math.multiplyExact(r.steps, r.stateSize())] : null;
        Activation act = config.activation();
        Activation rec = config.recurrentActivation();
        for (int s = 0; s < r.steps; s++) {
            int t = config.goBackwards() ? r.steps - 1 - s : s;
            float[] z = new float[n * g];
            float[][] hIn = recurrentInputs(r);
            gateConv(r.recPlan, hIn, recurrentKernel.data(), null, f, z);
            float[][] pre = new float[4][n * f];
            for (int b = 0; b < r.batch; b++) {
                int zxRow = (b * r.steps + t) * r.pixels;
                for (int p = 0; p < r.pixels; p++) {
                    int row = b * r.pixels + p;
                    for (int k = 0; k < 4; k++) {
                        int src = row * g + k * f;
                        int xs = (zxRow + p) * g + k * f;
                        for (int j = 0; j < f; j++) {
                            pre[k][row * f + j] = z[src + j] + zx[xs + j];
                        }
                    }
                }
            }
            float[][] post = new float[4][n * f];
            for (int k = 0; k < 4; k++) {
                (k == 2 ? act : rec).forward(pre[k], 0, post[k], 0, 1, n * f);
            }
            float[] cNew = new float[n * f];
            float[] hNew = new float[n * f];
            for (int i = 0; i < cNew.length; i++) {
                cNew[i] = post[1][i] * r.c[i] + post[0][i] * post[2][i];
            }
            float[] tc = new float[n * f];
            act.forward(cNew, 0, tc, 0, 1, n * f);
            for (int i = 0; i < hNew.length; i++) {
                hNew[i] = post[3][i] * tc[i];
            }
            if (r.mask != null) {
                int per = r.pixels * f;
                for (int b = 0; b < r.batch; b++) {
                    if (r.mask[b * r.steps + t] == 0f) {
                        System.arraycopy(r.h, b * per, hNew, b * per, per);
                        System.arraycopy(r.c, b * per, cNew, b * per, per);
                    }
                }
            }
            if (keep) {
                float[][] entry = {r.h, r.c, pre[0], pre[1], pre[2], pre[3], post[0], post[1], post[2], post[3],
                    cNew, tc, null, null, null, null};
                System.arraycopy(hIn, 0, entry, 12, hIn.length);
                r.trace.add(entry);
            }
            r.h = hNew;
            r.c = cNew;
            if (r.out != null) {
                int per = r.pixels * f;
                for (int b = 0; b < r.batch; b++) {
                    System.arraycopy(hNew, b * per, r.out, (b * r.steps + s) * per, per);
                }
            }
        }
        if (config.stateful()) {
            carried = new float[][] {r.h.clone(), r.c.clone()};
            carriedBatch = r.batch;
        }
        List<Tensor> outs = new ArrayList<>();
        outs.add(r.out != null ? r.wrapMap(r.out, r.batch * r.steps, true) : r.wrapMap(r.h, r.batch, false));
        if (config.returnState()) {
            outs.add(r.wrapMap(r.h, r.batch, false));
            outs.add(r.wrapMap(r.c, r.batch, false));
        }
        return outs;
    }

    /** The recurrent convolution's input: h, or per gate h ⊙ its recurrent dropout mask. */
    private static float[][] recurrentInputs(Run r) {
        if (r.recMasks == null) {
            return new float[][] {r.h};
        }
        float[][] out = new float[4][];
        for (int k = 0; k < 4; k++) {
            out[k] = times(r.h, r.recMasks[k], 1, r.h.length / r.batch);
        }
        return out;
    }

    @Override
    protected List<Tensor> doCallAll(List<Tensor> inputs, Tensor mask) {
        return run(new Run(inputs.get(0), mask), inputs, false, null);
    }

    @Override
    protected ForwardPass doForwardAll(List<Tensor> inputs, Tensor mask, TrainingContext context) {
        Run r = new Run(inputs.get(0), mask);
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
                return backprop(r, inputs, grads);
            }
        };
    }

    private float[] gradient(Run r, List<Tensor> grads, int i) {
        Tensor t = i < grads.size() ? grads.get(i) : null;
        if (t == null) {
            return null;
        }
        int images = i == 0 && config.returnSequences() ? r.batch * r.steps : r.batch;
        return channelsLast() ? t.buffer() : ChannelLayout.toChannelsLast(t.buffer(), images, config.filters(), r.pixels);
    }

    private List<Tensor> backprop(Run r, List<Tensor> inputs, List<Tensor> grads) {
        int f = config.filters();
        int g = 4 * f;
        int n = r.batch * r.pixels;
        int per = r.pixels * f;
        Activation act = config.activation();
        Activation rec = config.recurrentActivation();
        float[] dOut = gradient(r, grads, 0);
        float[] dh = new float[n * f];
        float[] dc = new float[n * f];
        float[] dhFinal = gradient(r, grads, 1);
        float[] dcFinal = gradient(r, grads, 2);
        if (dhFinal != null) {
            add(dh, dhFinal);
        }
        if (dcFinal != null) {
            add(dc, dcFinal);
        }
        if (dOut != null && !config.returnSequences()) {
            add(dh, dOut);
        }
        float[] dzx = new float[Math.multiplyExact(r.batch * r.steps * r.pixels, g)];
        for (int s = r.steps - 1; s >= 0; s--) {
            int t = config.goBackwards() ? r.steps - 1 - s : s;
            if (dOut != null && config.returnSequences()) {
                for (int b = 0; b < r.batch; b++) {
                    int o = (b * r.steps + s) * per;
                    for (int i = 0; i < per; i++) {
                        dh[b * per + i] += dOut[o + i];
                    }
                }
            }
            float[][] st = r.trace.get(s);
            float[] cPrev = st[1];
            float[] ai = st[6];
            float[] af = st[7];
            float[] ag = st[8];
            float[] ao = st[9];
            float[] cNew = st[10];
            float[] tc = st[11];
            float[] dtc = new float[n * f];
            float[] dPost = new float[4 * n * f];
            for (int i = 0; i < n * f; i++) {
                dtc[i] = dh[i] * ao[i];
                dPost[3 * n * f + i] = dh[i] * tc[i];
            }
            float[] dcT = new float[n * f];
            act.backward(cNew, 0, tc, 0, dtc, 0, dcT, 0, 1, n * f);
            float[] dcPrev = new float[n * f];
            for (int i = 0; i < n * f; i++) {
                float d = dcT[i] + dc[i];
                dPost[i] = d * ag[i];
                dPost[n * f + i] = d * cPrev[i];
                dPost[2 * n * f + i] = d * ai[i];
                dcPrev[i] = d * af[i];
            }
            float[] dz = new float[n * g];
            float[] dPre = new float[n * f];
            for (int k = 0; k < 4; k++) {
                (k == 2 ? act : rec).backward(st[2 + k], 0, st[6 + k], 0, dPost, k * n * f, dPre, 0, 1, n * f);
                for (int row = 0; row < n; row++) {
                    System.arraycopy(dPre, row * f, dz, row * g + k * f, f);
                }
            }
            boolean[] masked = new boolean[r.batch];
            for (int b = 0; b < r.batch; b++) {
                masked[b] = r.mask != null && r.mask[b * r.steps + t] == 0f;
                if (masked[b]) {
                    // The step kept the state: its gradient passes through unchanged, the gates get none.
                    Arrays.fill(dz, b * r.pixels * g, (b + 1) * r.pixels * g, 0f);
                    System.arraycopy(dc, b * per, dcPrev, b * per, per);
                }
                System.arraycopy(dz, b * r.pixels * g, dzx, (b * r.steps + t) * r.pixels * g, r.pixels * g);
            }
            float[][] hIn = r.recMasks == null ? new float[][] {st[0]} : Arrays.copyOfRange(st, 12, 16);
            float[][] dhIn = gateConvBackward(r.recPlan, hIn, recurrentKernel.data(), dz, f, recurrentKernel.grad(),
                    null);
            float[] dhPrev = dhIn[0];
            if (r.recMasks != null) {
                dhPrev = new float[n * f];
                for (int k = 0; k < 4; k++) {
                    for (int i = 0; i < dhPrev.length; i++) {
                        dhPrev[i] += dhIn[k][i] * r.recMasks[k][i];
                    }
                }
            }
            for (int b = 0; b < r.batch; b++) {
                if (masked[b]) {
                    System.arraycopy(dh, b * per, dhPrev, b * per, per);
                }
            }
            dh = dhPrev;
            dc = dcPrev;
        }
        float[][] dxIn = gateConvBackward(r.inPlan, r.maskedX, kernel.data(), dzx, f, kernel.grad(),
                bias == null ? null : bias.grad());
        float[] dx = dxIn[0];
        if (r.inMasks != null) {
            dx = new float[r.x.length];
            for (int k = 0; k < 4; k++) {
                float[] m = r.inMasks[k];
                int size = r.inPlan.sampleSize();
                for (int i = 0; i < dx.length; i++) {
                    dx[i] += dxIn[k][i] * m[maskIndex(i, r.steps, size)];
                }
            }
        }
        Shape xs = inputs.get(0).shape();
        List<Tensor> out = new ArrayList<>();
        out.add(Tensor.wrap(xs, channelsLast() ? dx : ChannelLayout.toChannelsFirst(dx, r.batch * r.steps, channels,
                r.inPlan.height() * r.inPlan.width())));
        if (inputs.size() == 3) {
            out.add(r.wrapMap(dh, r.batch, false));
            out.add(r.wrapMap(dc, r.batch, false));
        }
        return out;
    }

    private static void add(float[] into, float[] v) {
        for (int i = 0; i < into.length; i++) {
            into[i] += v[i];
        }
    }
}
