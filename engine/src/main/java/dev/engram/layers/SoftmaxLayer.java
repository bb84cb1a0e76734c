package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Softmax along one axis as a layer (Keras and TF.js {@code Softmax}):
 * {@code y = exp(x - max) / sum(exp(x - max))} over {@link SoftmaxLayerConfig#axis()}; backward
 * {@code dx = y * (dy - sum(dy * y))} over the same axis. Whether a time-step mask passes through
 * depends on the origin ({@link SoftmaxLayerConfig#passesMask()}); the mask never changes the values
 * here (a Keras 3 {@code Softmax} given a mask would broadcast it against the last axes, which
 * Engram does not reproduce).
 */
public final class SoftmaxLayer extends Layer {
    private final SoftmaxLayerConfig config;

    SoftmaxLayer(String name, SoftmaxLayerConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public SoftmaxLayerConfig config() {
        return config;
    }

    @Override
    public String typeName() {
        return "Softmax";
    }

    @Override
    public boolean supportsMasking() {
        return config.passesMask();
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        int rank = inputShape.rank() + 1;
        int axis = config.axis() < 0 ? rank + config.axis() : config.axis();
        if (axis <= 0 || axis >= rank) {
            throw new IncompatibleShapeException(name(), 0, StepView.anyOfRank(Math.abs(config.axis()) + 1), inputShape.prepend(Shape.UNKNOWN), "(Softmax axis " + config.axis()
                    + " is not a non-batch axis of a rank-" + rank + " input)");
        }
        return inputShape;
    }

    private StepView view(Tensor x) {
        int rank = x.rank();
        int axis = config.axis() < 0 ? rank + config.axis() : config.axis();
        int outer = 1;
        int inner = 1;
        for (int i = 0; i < axis; i++) {
            outer *= x.shape().dim(i);
        }
        for (int i = axis + 1; i < rank; i++) {
            inner *= x.shape().dim(i);
        }
        return new StepView(outer, x.shape().dim(axis), inner);
    }

    @Override
    protected Tensor doCall(Tensor input) {
        StepView v = view(input);
        float[] x = input.buffer();
        float[] y = new float[x.length];
        for (int o = 0; o < v.outer(); o++) {
            for (int c = 0; c < v.inner(); c++) {
                int base = o * v.steps() * v.inner() + c;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < v.steps(); j++) {
                    max = Math.max(max, x[base + j * v.inner()]);
                }
                float sum = 0;
                for (int j = 0; j < v.steps(); j++) {
                    float e = (float) Math.exp(x[base + j * v.inner()] - max);
                    y[base + j * v.inner()] = e;
                    sum += e;
                }
                for (int j = 0; j < v.steps(); j++) {
                    y[base + j * v.inner()] /= sum;
                }
            }
        }
        return Tensor.wrap(input.shape(), y);
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Tensor out = doCall(input);
        return ForwardPass.of(out, grads -> {
            StepView v = view(input);
            float[] y = out.buffer();
            float[] dy = grads.get(0).buffer();
            float[] dx = new float[y.length];
            for (int o = 0; o < v.outer(); o++) {
                for (int c = 0; c < v.inner(); c++) {
                    int base = o * v.steps() * v.inner() + c;
                    float dot = 0;
                    for (int j = 0; j < v.steps(); j++) {
                        dot += dy[base + j * v.inner()] * y[base + j * v.inner()];
                    }
                    for (int j = 0; j < v.steps(); j++) {
                        int i = base + j * v.inner();
                        dx[i] = y[i] * (dy[i] - dot);
                    }
                }
            }
            return Tensor.wrap(input.shape(), dx);
        });
    }
}
