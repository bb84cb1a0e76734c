package dev.engram.layers;

import dev.engram.initializers.Initializer;
import dev.engram.internal.kernels.Workspace;
import dev.engram.internal.recurrent.RecurrentInputs;
import dev.engram.internal.recurrent.RecurrentKernel;
import dev.engram.internal.recurrent.RecurrentPlan;
import dev.engram.internal.recurrent.RecurrentTrace;
import dev.engram.internal.recurrent.RecurrentWeights;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What {@link Lstm}, {@link Gru} and {@link SimpleRnn} share, with the TF.js/Keras semantics:
 *
 * <ul>
 * <li><b>Input</b> {@code [batch, timesteps, features]}; optionally followed by the initial states
 * (functional API: the layer applied to {@code [x, h0]}, or {@code [x, h0, c0]} for an LSTM), each
 * {@code [batch, units]}; gradients flow back to them. Without them the state starts at zero.
 * <li><b>Outputs</b> the last h {@code [batch, units]}, or every step's h {@code [batch, timesteps,
 * units]} with returnSequences; with returnState the final states follow (h, then c for an LSTM).
 * <li><b>goBackwards</b> reads the sequence last to first; the output sequence stays in processing
 * order (TF.js/Keras do not re-reverse it).
 * <li><b>Masking</b>: a {@code [batch, timesteps]} mask of the first input (from Embedding(maskZero)
 * or Masking). At a masked step the state is kept and the output is the previous output (the state
 * before the step; the initial state for a masked first step), as TF.js's {@code rnn()}. The output
 * mask is the input mask with returnSequences, else none.
 * <li><b>Dropout</b> (training only): dropout masks are drawn once per call from the training
 * context's generator (first the input mask {@code [batch, features]} in row-major order, then the
 * recurrent mask {@code [batch, units]}; each element kept with probability {@code 1 - rate} as
 * {@code 1/(1 - rate)}, else 0) and reused at every step: x is multiplied by the input mask, h by the
 * recurrent mask before the recurrent product (TF.js: one mask each, shared by all gates). Identity
 * at inference.
 * <li><b>stateful</b>: the final states of each call (training or inference) become the initial
 * states of the next, until {@link #resetStates()}; the batch size must stay the same between
 * resets. The carried state is a constant input: gradients do not flow into earlier batches. A
 * stateful layer makes {@code predict} on its model NOT thread-safe (calls share the state).
 * </ul>
 */
public abstract class RecurrentLayer extends Layer {
    private final RecurrentKernel kernelMath;
    private final RecurrentLayerConfig<?> options;
    private Parameter kernel;
    private Parameter recurrentKernel;
    private Parameter bias;
    private int features;
    private float[][] carried;
    private volatile RecurrentWeights weightArrays;
    private volatile RecurrentPlan lastPlan = new RecurrentPlan(0, 1, 1, 1, false, false);
    private int carriedBatch = -1;

    RecurrentLayer(String name, RecurrentKernel kernelMath, RecurrentLayerConfig<?> options) {
        super(name);
        this.kernelMath = kernelMath;
        this.options = options;
    }

    /**
     * Hidden size.
     *
     * @return the hidden size, the last dimension of the output
     */
    public final int units() {
        return options.units();
    }

    final boolean returnSequences() {
        return options.returnSequences();
    }

    final boolean returnState() {
        return options.returnState();
    }

    final boolean goBackwards() {
        return options.goBackwards();
    }

    final boolean stateful() {
        return options.stateful();
    }

    final double dropout() {
        return options.dropout();
    }

    final double recurrentDropout() {
        return options.recurrentDropout();
    }

    /** The weights' column count (4u, 3u or u), as the kernel's cell description states it. */
    final int gateWidth() {
        return kernelMath.gateWidth(units());
    }

    /** The bias shape, or null without a bias. */
    abstract Shape biasShape();

    /** The initial bias value ({@code biasShape()}). */
    abstract Tensor initialBias(RandomGenerator random);

    final Initializer kernelInitializer() {
        return options.kernelInitializer();
    }

    final Initializer recurrentInitializer() {
        return options.recurrentInitializer();
    }

    /** Regularizers and constraints of the three weights. */
    final WeightRules weightRules() {
        return options.weightRules();
    }

    /**
     * Number of states: 2 for an LSTM (h, c), 1 for GRU and SimpleRNN.
     *
     * @return the number of state tensors
     */
    public final int stateCount() {
        return kernelMath.stateCount();
    }

    /** Forgets the carried states of a stateful layer (the next call starts from zero) and its batch size. */
    public final synchronized void resetStates() {
        carried = null;
        carriedBatch = -1;
    }

    /**
     * The states a stateful layer carries into its next call (copies), or an empty list.
     *
     * @return copies of the states, {@code [batch, units]} each
     */
    public final synchronized List<Tensor> states() {
        List<Tensor> out = new ArrayList<>();
        if (carried != null) {
            for (float[] s : carried) {
                out.add(Tensor.wrap(Shape.of(carriedBatch, units()), s.clone()));
            }
        }
        return out;
    }

    @Override
    protected List<Shape> doBuildAll(List<Shape> shapes, RandomGenerator random) {
        int n = stateCount();
        if (shapes.size() != 1 && shapes.size() != 1 + n) {
            throw new IllegalArgumentException("Layer '" + name() + "' (" + typeName() + ") takes the sequence, "
                    + "optionally followed by " + n + " initial state(s) [batch, " + units() + "]; got "
                    + shapes.size() + " inputs");
        }
        Shape in = shapes.get(0);
        if (in.rank() != 2 || in.dim(1) == Shape.UNKNOWN) {
            throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN),
                    in.prepend(Shape.UNKNOWN), inputHint());
        }
        for (int i = 1; i < shapes.size(); i++) {
            if (!shapes.get(i).equals(Shape.of(units()))) {
                throw new IncompatibleShapeException(name(), i, Shape.of(Shape.UNKNOWN, units()),
                        shapes.get(i).prepend(Shape.UNKNOWN), stateHint(i));
            }
        }
        features = in.dim(1);
        int w = gateWidth();
        WeightRules rules = weightRules();
        kernel = addParameter(WeightRole.KERNEL, kernelInitializer(), Shape.of(features, w), random, true)
                .attach(rules.kernelRegularizer(), rules.kernelConstraint());
        recurrentKernel = addParameter(WeightRole.RECURRENT_KERNEL, recurrentInitializer(), Shape.of(units(), w), random,
                true)
                .attach(rules.recurrentRegularizer(), rules.recurrentConstraint());
        if (biasShape() != null) {
            bias = addParameter(WeightRole.BIAS, (shape, r) -> initialBias(r), biasShape(), random, true)
                    .attach(rules.biasRegularizer(), rules.biasConstraint());
        }
        List<Shape> out = new ArrayList<>();
        out.add(returnSequences() ? Shape.of(in.dim(0), units()) : Shape.of(units()));
        if (returnState()) {
            for (int i = 0; i < n; i++) {
                out.add(Shape.of(units()));
            }
        }
        return out;
    }

    @Override
    public int outputCount() {
        return returnState() ? 1 + stateCount() : 1;
    }

    @Override
    public String inputHint() {
        return "[batch, timesteps, features] with features = " + (features == 0 ? "?" : features)
                + " (recurrent layers take rank-3 input)";
    }

    private String stateHint(int index) {
        return "initial state " + index + " [batch, units] with units = " + units();
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        Shape s = input.shape();
        if (index == 0) {
            if (s.rank() != 3 || s.dim(2) != features || s.dim(1) < 1) {
                throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, features), s,
                        inputHint());
            }
        } else if (s.rank() != 2 || s.dim(1) != units()) {
            throw new IncompatibleShapeException(name(), index, Shape.of(Shape.UNKNOWN, units()), s, stateHint(index));
        }
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    /** TF.js/Keras parity: the mask goes on with returnSequences; the last-step output has none. */
    @Override
    public Tensor computeMask(List<Tensor> inputs, Tensor mask) {
        return returnSequences() ? mask : null;
    }

    /** The kernels' weight arrays; parameters keep their arrays for life, so this is built once. */
    private RecurrentWeights weights() {
        RecurrentWeights w = weightArrays;
        if (w == null) {
            w = new RecurrentWeights(kernel.data(), recurrentKernel.data(), bias == null ? null : bias.data());
            weightArrays = w;
        }
        return w;
    }

    /** True when inference needs none of the general path: no carried or returned state. */
    private boolean hasDirectPath() {
        return !stateful() && !returnState();
    }

    @Override
    boolean inferInto(float[] in, int inOff, int batch, Shape sampleShape, float[] out, int outOff) {
        if (!hasDirectPath()) {
            return false;
        }
        int steps = sampleShape.dim(0);
        RecurrentPlan plan = lastPlan;
        if (plan.batch() != batch || plan.steps() != steps) {
            plan = new RecurrentPlan(batch, steps, features, units(), goBackwards(), returnSequences());
            lastPlan = plan; // serving repeats one batch size: reuse the plan instead of allocating one per call
        }
        kernelMath.infer(plan, in, inOff, weights(), out, outOff, Workspace.forCurrentThread());
        return true;
    }

    private record Run(RecurrentPlan plan, RecurrentTrace trace, List<Tensor> outputs) {
    }

    private Run run(List<Tensor> inputs, Tensor mask, RandomGenerator random) {
        if (stateful()) {
            synchronized (this) {
                return runUnlocked(inputs, mask, random);
            }
        }
        return runUnlocked(inputs, mask, random);
    }

    private Run runUnlocked(List<Tensor> inputs, Tensor mask, RandomGenerator random) {
        Tensor x = inputs.get(0);
        int batch = x.shape().dim(0);
        int steps = x.shape().dim(1);
        RecurrentPlan plan = new RecurrentPlan(batch, steps, features, units(), goBackwards(), returnSequences());
        float[][] initial = null;
        if (inputs.size() > 1) {
            initial = new float[inputs.size() - 1][];
            for (int i = 1; i < inputs.size(); i++) {
                if (inputs.get(i).shape().dim(0) != batch) {
                    throw new IncompatibleShapeException(name(), i, Shape.of(batch, units()), inputs.get(i).shape(),
                            stateHint(i) + " and the batch of input 0");
                }
                initial[i - 1] = inputs.get(i).buffer();
            }
        }
        if (stateful()) {
            if (carriedBatch >= 0 && carriedBatch != batch) {
                throw new IllegalStateException("Layer '" + name() + "' (" + typeName() + ") is stateful and carries "
                        + "states for batch size " + carriedBatch + ", got a batch of " + batch
                        + "; stateful layers need the same batch size every call (call resetStates() to start over)");
            }
            if (initial == null) {
                initial = carried;
            }
        }
        float[] inDrop = null;
        float[] recDrop = null;
        if (random != null && dropout() > 0) {
            inDrop = dropoutMask(random, batch * features, dropout());
        }
        if (random != null && recurrentDropout() > 0) {
            recDrop = dropoutMask(random, batch * units(), recurrentDropout());
        }
        RecurrentInputs in = new RecurrentInputs(mask == null ? null : mask.buffer(), initial, inDrop, recDrop);
        RecurrentTrace trace = kernelMath.forward(plan, x.buffer(), weights(), in, random != null);
        if (stateful()) {
            carried = new float[stateCount()][];
            for (int i = 0; i < carried.length; i++) {
                carried[i] = trace.finalStates[i].clone();
            }
            carriedBatch = batch;
        }
        List<Tensor> outs = new ArrayList<>();
        outs.add(Tensor.wrap(returnSequences() ? Shape.of(batch, steps, units()) : Shape.of(batch, units()),
                trace.output));
        if (returnState()) {
            for (float[] s : trace.finalStates) {
                outs.add(Tensor.wrap(Shape.of(batch, units()), s));
            }
        }
        return new Run(plan, trace, List.copyOf(outs));
    }

    /** {@code n} dropout factors: each {@code 1/(1 - rate)} with probability {@code 1 - rate}, else 0 (also ConvLSTM2D's). */
    static float[] dropoutMask(RandomGenerator random, int n, double rate) {
        float keep = (float) (1 - rate);
        float scale = 1f / keep;
        float[] m = new float[n];
        for (int i = 0; i < n; i++) {
            m[i] = random.nextFloat() < keep ? scale : 0f;
        }
        return m;
    }

    @Override
    protected List<Tensor> doCallAll(List<Tensor> inputs, Tensor mask) {
        if (inputs.size() == 1 && mask == null && hasDirectPath()) {
            Tensor x = inputs.get(0);
            int batch = x.shape().dim(0);
            int steps = x.shape().dim(1);
            Shape outShape = returnSequences() ? Shape.of(batch, steps, units()) : Shape.of(batch, units());
            float[] out = new float[outShape.size()];
            inferInto(x.buffer(), 0, batch, x.shape().dropFirst(), out, 0);
            return List.of(Tensor.wrap(outShape, out));
        }
        return run(inputs, mask, null).outputs();
    }

    @Override
    protected ForwardPass doForwardAll(List<Tensor> inputs, Tensor mask, TrainingContext context) {
        Run r = run(inputs, mask, context.random());
        int given = inputs.size() - 1;
        return new ForwardPass() {
            @Override
            public List<Tensor> outputs() {
                return r.outputs();
            }

            @Override
            public Tensor backward(List<Tensor> grads) {
                return backwardAll(grads).get(0);
            }

            @Override
            public List<Tensor> backwardAll(List<Tensor> grads) {
                float[][] dFinal = new float[stateCount()][];
                for (int i = 0; i < dFinal.length; i++) {
                    dFinal[i] = buffer(grads, i + 1);
                }
                float[][] dInitial = given > 0 ? new float[stateCount()][] : null;
                RecurrentWeights dW = new RecurrentWeights(kernel.grad(), recurrentKernel.grad(),
                        bias == null ? null : bias.grad());
                float[] dx = kernelMath.backward(r.plan(), r.trace(), weights(), buffer(grads, 0), dFinal, dW,
                        dInitial);
                List<Tensor> out = new ArrayList<>();
                out.add(Tensor.wrap(inputs.get(0).shape(), dx));
                for (int i = 0; i < given; i++) {
                    out.add(Tensor.wrap(inputs.get(i + 1).shape(), dInitial[i]));
                }
                return out;
            }
        };
    }

    private static float[] buffer(List<Tensor> grads, int i) {
        return i < grads.size() && grads.get(i) != null ? grads.get(i).buffer() : null;
    }
}
