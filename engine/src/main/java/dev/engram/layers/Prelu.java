package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Parametric rectifier (Keras and TF.js {@code PReLU}, He et al. 2015): {@code f(x) = x} for
 * {@code x > 0}, else {@code alpha * x}, with a learned {@code alpha} shaped like one sample except
 * that shared axes have size 1 (broadcast). {@code dAlpha = sum over shared positions of
 * dy * min(x, 0)}. A time-step mask passes through (both peers set {@code supportsMasking}).
 */
public final class Prelu extends Layer {
    private final PreluConfig config;
    private Parameter alpha;

    Prelu(String name, PreluConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public PreluConfig config() {
        return config;
    }

    @Override
    public String typeName() {
        return "PReLU";
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        int[] p = inputShape.toArray();
        for (int a : config.sharedAxes()) {
            if (a > p.length) {
                throw new IncompatibleShapeException(name(), 0, StepView.anyOfRank(a + 1),
                        inputShape.prepend(Shape.UNKNOWN), "(PReLU sharedAxes " + config.sharedAxes()
                                + " name an axis the input does not have)");
            }
            p[a - 1] = 1;
        }
        for (int d : p) {
            if (d == Shape.UNKNOWN) {
                throw new IncompatibleShapeException(name(), 0, inputShape.prepend(Shape.UNKNOWN),
                        inputShape.prepend(Shape.UNKNOWN), "(PReLU needs every non-shared axis known to size alpha)");
            }
        }
        Shape ps = Shape.of(p);
        alpha = addParameter(WeightRole.ALPHA, config.alphaInitializer(), ps, random, true)
                .attach(config.alphaRegularizer(), config.alphaConstraint());
        return inputShape;
    }

    /** For each element of one sample, the index of its slope in alpha. */
    private int[] slopeIndex(Shape sample) {
        int[] dims = sample.toArray();
        int[] a = alpha.shape().toArray();
        int n = sample.size();
        int[] index = new int[n];
        int[] idx = new int[dims.length];
        for (int k = 0; k < n; k++) {
            int at = 0;
            for (int d = 0; d < dims.length; d++) {
                at = at * a[d] + (a[d] == 1 ? 0 : idx[d]);
            }
            index[k] = at;
            for (int d = dims.length - 1; d >= 0; d--) {
                if (++idx[d] < dims[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return index;
    }

    @Override
    protected Tensor doCall(Tensor input) {
        float[] x = input.buffer();
        float[] y = new float[x.length];
        if (y.length == 0) {
            return Tensor.wrap(input.shape(), y);
        }
        int[] slope = slopeIndex(input.shape().dropFirst());
        float[] a = alpha.data();
        int n = slope.length;
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            y[i] = v > 0 ? v : a[slope[i % n]] * v;
        }
        return Tensor.wrap(input.shape(), y);
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Tensor out = doCall(input);
        return ForwardPass.of(out, grads -> {
            float[] x = input.buffer();
            float[] dy = grads.get(0).buffer();
            float[] dx = new float[x.length];
            if (dx.length == 0) {
                return Tensor.wrap(input.shape(), dx);
            }
            int[] slope = slopeIndex(input.shape().dropFirst());
            float[] a = alpha.data();
            float[] da = alpha.grad();
            int n = slope.length;
            for (int i = 0; i < x.length; i++) {
                float v = x[i];
                if (v > 0) {
                    dx[i] = dy[i];
                } else {
                    int s = slope[i % n];
                    dx[i] = a[s] * dy[i];
                    da[s] += v * dy[i];
                }
            }
            return Tensor.wrap(input.shape(), dx);
        });
    }
}
