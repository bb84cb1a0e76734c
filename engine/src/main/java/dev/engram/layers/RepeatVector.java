package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Repeats a {@code [batch, features]} input {@code n} times into {@code [batch, n, features]}
 * ({@code y[b, t, :] = x[b, :]}), as TF.js and Keras {@code RepeatVector}; the usual bridge from an
 * encoder's last state to a decoder in sequence autoencoders. The gradient sums over the copies. It
 * does not take a mask (TF.js parity).
 */
public final class RepeatVector extends Layer {
    private final RepeatVectorConfig config;

    RepeatVector(String name, RepeatVectorConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public RepeatVectorConfig config() {
        return config;
    }

    @Override
    public String inputHint() {
        return "(RepeatVector takes rank-2 input [batch, features])";
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        if (inputShape.rank() != 1) {
            throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN),
                    inputShape.prepend(Shape.UNKNOWN), inputHint());
        }
        return Shape.of(config.n(), inputShape.dim(0));
    }

    @Override
    protected Tensor doCall(Tensor input) {
        int batch = input.shape().dim(0);
        int f = input.shape().dim(1);
        int n = config.n();
        float[] x = input.buffer();
        float[] y = new float[batch * n * f];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < n; t++) {
                System.arraycopy(x, b * f, y, (b * n + t) * f, f);
            }
        }
        return Tensor.wrap(Shape.of(batch, n, f), y);
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Tensor out = doCall(input);
        return ForwardPass.of(out, grads -> {
            int batch = input.shape().dim(0);
            int f = input.shape().dim(1);
            int n = config.n();
            float[] dy = grads.get(0).buffer();
            float[] dx = new float[batch * f];
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < n; t++) {
                    int off = (b * n + t) * f;
                    for (int j = 0; j < f; j++) {
                        dx[b * f + j] += dy[off + j];
                    }
                }
            }
            return Tensor.wrap(input.shape(), dx);
        });
    }
}
