package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.internal.kernels.Kernels;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A densely connected layer, {@code y = activation(x · kernel + bias)}, applied to the last axis of
 * its input (a {@code [batch, timesteps, features]} input is transformed at every time step, as in
 * TF.js and Keras). Kernel {@code [in, units]}, bias {@code [units]}.
 */
public final class Dense extends Layer {
    private static final Kernels K = Kernels.get();

    private final DenseConfig config;
    private Parameter kernel;
    private Parameter bias;
    private int in;

    Dense(String name, DenseConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public DenseConfig config() {
        return config;
    }

    /** Passes a time-step mask on unchanged (TF.js parity: {@code supportsMasking = true}). */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        in = knownLastDim(inputShape, Shape.of(Shape.UNKNOWN, 0));
        kernel = addParameter(WeightRole.KERNEL, config.kernelInitializer(), Shape.of(in, config.units()), random, true)
                .attach(config.kernelRegularizer(), config.kernelConstraint());
        if (config.useBias()) {
            bias = addParameter(WeightRole.BIAS, config.biasInitializer(), Shape.of(config.units()), random, true)
                    .attach(config.biasRegularizer(), config.biasConstraint());
        }
        return inputShape.withLast(config.units());
    }

    @Override
    protected Tensor doCall(Tensor input) {
        return Tensor.wrap(outShape(input), affine(input, null));
    }

    private Shape outShape(Tensor input) {
        return input.shape().withLast(config.units());
    }

    /** Computes the activated output; when {@code preActivation} is given, keeps z there too. */
    private float[] affine(Tensor input, float[] preActivation) {
        int rows = input.size() / in;
        float[] z = preActivation != null ? preActivation : new float[rows * config.units()];
        preActivation(input.buffer(), 0, rows, z, 0);
        if (preActivation == null) {
            config.activation().forward(z, 0, z, 0, rows, config.units());
            return z;
        }
        float[] y = new float[z.length];
        config.activation().forward(z, 0, y, 0, rows, config.units());
        return y;
    }

    /** {@code z = x · kernel + bias} for {@code rows} rows of x at {@code xOff}, into z at {@code zOff}. */
    private void preActivation(float[] x, int xOff, int rows, float[] z, int zOff) {
        int units = config.units();
        if (bias != null) {
            K.broadcastRows(bias.data(), 0, rows, units, z, zOff, units);
        }
        K.gemm(false, false, rows, units, in, x, xOff, in, kernel.data(), 0, units, bias != null ? 1f : 0f,
                z, zOff, units);
    }

    @Override
    boolean inferInto(float[] x, int xOff, int batch, Shape sampleShape, float[] out, int outOff) {
        int rows = Math.multiplyExact(batch, sampleShape.size() / in);
        preActivation(x, xOff, rows, out, outOff);
        config.activation().forward(out, outOff, out, outOff, rows, config.units());
        return true;
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        int rows = input.size() / in;
        int units = config.units();
        float[] z = new float[rows * units];
        Tensor out = Tensor.wrap(outShape(input), affine(input, z));
        return ForwardPass.ofOptionalInputGradient(out, (grads, inputGradient) -> {
            Tensor dy = grads.get(0);
            float[] dz = new float[z.length];
            Activation act = config.activation();
            act.backward(z, 0, out.buffer(), 0, dy.buffer(), 0, dz, 0, rows, units);
            K.gemm(true, false, in, units, rows, input.buffer(), 0, in, dz, 0, units, 1f,
                    kernel.grad(), 0, units);
            if (bias != null) {
                K.addColumnSums(dz, 0, rows, units, units, bias.grad(), 0);
            }
            if (!inputGradient) {
                return null;
            }
            float[] dx = new float[rows * in];
            K.gemm(false, true, rows, in, units, dz, 0, units, kernel.data(), 0, units, 0f, dx, 0, in);
            return Tensor.wrap(input.shape(), dx);
        });
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        if (input.rank() < 2 || input.shape().dim(-1) != in) {
            throw new IncompatibleShapeException(name(), 0, inputShape().prepend(Shape.UNKNOWN), input.shape(),
                    "(Dense acts on the last axis, which must have size " + in + ")");
        }
    }
}
