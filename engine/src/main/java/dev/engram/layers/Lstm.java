package dev.engram.layers;

import dev.engram.internal.recurrent.LstmKernel;
import dev.engram.internal.recurrent.LstmPlan;
import dev.engram.internal.recurrent.LstmTrace;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Long short-term memory layer (Hochreiter and Schmidhuber, 1997) over {@code [batch, timesteps,
 * features]} input, with the TF.js/Keras equations and weight layout:
 *
 * <pre>
 * z = x·kernel + h·recurrentKernel + bias          column blocks i, f, c, o
 * i = σr(z_i)  f = σr(z_f)  o = σr(z_o)  g = act(z_c)
 * c' = f⊙c + i⊙g      h' = o⊙act(c')
 * </pre>
 *
 * Parameters: {@code kernel [features, 4u]}, {@code recurrentKernel [u, 4u]}, {@code bias [4u]}. The
 * state starts at zero. Output {@code [batch, u]}, or {@code [batch, timesteps, u]} with
 * returnSequences; with returnState two more outputs follow, the final h and c ({@code [batch, u]}).
 */
public final class Lstm extends Layer {
    private final LstmConfig config;
    private final LstmKernel kernelMath;
    private Parameter kernel;
    private Parameter recurrentKernel;
    private Parameter bias;
    private int features;

    Lstm(String name, LstmConfig config) {
        super(name);
        this.config = config;
        this.kernelMath = new LstmKernel(config.activation(), config.recurrentActivation());
    }

    @Override
    public LstmConfig config() {
        return config;
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        if (inputShape.rank() != 2 || inputShape.dim(1) == Shape.UNKNOWN) {
            throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN),
                    inputShape.prepend(Shape.UNKNOWN), inputHint());
        }
        features = inputShape.dim(1);
        int u = config.units();
        kernel = addParameter("kernel", config.kernelInitializer().initialize(Shape.of(features, 4 * u), random), true);
        recurrentKernel = addParameter("recurrentKernel",
                config.recurrentInitializer().initialize(Shape.of(u, 4 * u), random), true);
        if (config.useBias()) {
            Tensor b = config.biasInitializer().initialize(Shape.of(4 * u), random);
            if (config.unitForgetBias()) {
                // Keras and TF.js parity: the forget block starts at one, the others use the bias initializer.
                float[] v = b.toArray();
                java.util.Arrays.fill(v, LstmKernel.GATE_F * u, (LstmKernel.GATE_F + 1) * u, 1f);
                b = Tensor.wrap(b.shape(), v);
            }
            bias = addParameter("bias", b, true);
        }
        int steps = inputShape.dim(0);
        return config.returnSequences() ? Shape.of(steps, u) : Shape.of(u);
    }

    @Override
    public int outputCount() {
        return config.returnState() ? 3 : 1;
    }

    @Override
    protected List<Shape> doBuildAll(List<Shape> shapes, RandomGenerator random) {
        List<Shape> first = super.doBuildAll(shapes, random);
        if (!config.returnState()) {
            return first;
        }
        Shape state = Shape.of(config.units());
        return List.of(first.get(0), state, state);
    }

    @Override
    public String inputHint() {
        return "[batch, timesteps, features] with features = " + (features == 0 ? "?" : features)
                + " (recurrent layers take rank-3 input)";
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        Shape s = input.shape();
        if (s.rank() != 3 || s.dim(2) != features || s.dim(1) < 1) {
            throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, features), s,
                    inputHint());
        }
    }

    private LstmPlan plan(Tensor input) {
        Shape s = input.shape();
        return new LstmPlan(s.dim(0), s.dim(1), features, config.units(), config.goBackwards(),
                config.returnSequences());
    }

    private LstmTrace run(Tensor input, boolean training) {
        return kernelMath.forward(plan(input), input.buffer(), kernel.data(), recurrentKernel.data(),
                bias == null ? null : bias.data(), null, null, training);
    }

    private List<Tensor> outputs(Tensor input, LstmTrace trace) {
        int batch = input.shape().dim(0);
        int u = config.units();
        Tensor out = Tensor.wrap(config.returnSequences() ? Shape.of(batch, input.shape().dim(1), u)
                : Shape.of(batch, u), trace.output);
        if (!config.returnState()) {
            return List.of(out);
        }
        return List.of(out, Tensor.wrap(Shape.of(batch, u), trace.lastH), Tensor.wrap(Shape.of(batch, u), trace.lastC));
    }

    @Override
    protected Tensor doCall(Tensor input) {
        return outputs(input, run(input, false)).get(0);
    }

    @Override
    protected List<Tensor> doCallAll(List<Tensor> inputs, Tensor mask) {
        return outputs(inputs.get(0), run(inputs.get(0), false));
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        LstmPlan plan = plan(input);
        LstmTrace trace = run(input, true);
        List<Tensor> outs = outputs(input, trace);
        return new ForwardPass() {
            @Override
            public List<Tensor> outputs() {
                return outs;
            }

            @Override
            public Tensor backward(List<Tensor> grads) {
                float[] dOut = buffer(grads, 0);
                float[] dh = buffer(grads, 1);
                float[] dc = buffer(grads, 2);
                float[] dx = kernelMath.backward(plan, trace, kernel.data(), recurrentKernel.data(), dOut, dh, dc,
                        kernel.grad(), recurrentKernel.grad(), bias == null ? null : bias.grad(), null);
                return Tensor.wrap(input.shape(), dx);
            }
        };
    }

    private static float[] buffer(List<Tensor> grads, int i) {
        return i < grads.size() && grads.get(i) != null ? grads.get(i).buffer() : null;
    }
}
