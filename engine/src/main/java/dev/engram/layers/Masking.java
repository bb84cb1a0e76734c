package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Marks padded time steps: a step of a {@code [batch, timesteps, features]} input is masked when
 * every feature equals {@code maskValue}. The output is the input with masked steps set to zero
 * ({@code y = x · keep}, as TF.js and Keras compute it), and the layer produces the
 * {@code [batch, timesteps]} mask ({@code keep = any(x != maskValue)} over the features) that
 * recurrent layers downstream consume. An incoming mask is replaced.
 */
public final class Masking extends Layer {
    private final MaskingConfig config;

    Masking(String name, MaskingConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public MaskingConfig config() {
        return config;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public String inputHint() {
        return "[batch, timesteps, features] (Masking marks time steps)";
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        if (inputShape.rank() != 2) {
            throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN),
                    inputShape.prepend(Shape.UNKNOWN), inputHint());
        }
        return inputShape;
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        int f = inputShape().dim(1);
        Shape expected = Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, f);
        if (!expected.accepts(input.shape())) {
            throw new IncompatibleShapeException(name(), index, expected, input.shape(), inputHint());
        }
    }

    /** 1 for each kept step, 0 for each masked one, {@code [batch * timesteps]}. */
    private float[] keep(Tensor x) {
        int f = x.shape().dim(2);
        int rows = x.shape().dim(0) * x.shape().dim(1);
        float mv = (float) config.maskValue(); // TF.js parity: compared in float32
        float[] v = x.buffer();
        float[] keep = new float[rows];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < f; j++) {
                if (v[r * f + j] != mv) {
                    keep[r] = 1f;
                    break;
                }
            }
        }
        return keep;
    }

    private static float[] scaleRows(float[] v, float[] keep, int f) {
        float[] y = new float[v.length];
        for (int r = 0; r < keep.length; r++) {
            for (int j = 0; j < f; j++) {
                y[r * f + j] = v[r * f + j] * keep[r];
            }
        }
        return y;
    }

    @Override
    public Tensor computeMask(List<Tensor> inputs, Tensor mask) {
        Tensor x = inputs.get(0);
        return Tensor.wrap(Shape.of(x.shape().dim(0), x.shape().dim(1)), keep(x));
    }

    @Override
    protected Tensor doCall(Tensor input) {
        return Tensor.wrap(input.shape(), scaleRows(input.buffer(), keep(input), input.shape().dim(2)));
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        float[] keep = keep(input);
        int f = input.shape().dim(2);
        Tensor out = Tensor.wrap(input.shape(), scaleRows(input.buffer(), keep, f));
        return ForwardPass.of(out, grads -> {
            return Tensor.wrap(input.shape(), scaleRows(grads.get(0).buffer(), keep, f));
        });
    }
}
