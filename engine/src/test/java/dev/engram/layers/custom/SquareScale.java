package dev.engram.layers.custom;

import dev.engram.layers.CustomLayer;
import dev.engram.layers.CustomLayerConfig;
import dev.engram.layers.ForwardPass;
import dev.engram.layers.IncompatibleShapeException;
import dev.engram.layers.Parameter;
import dev.engram.layers.TrainingContext;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A user-defined layer written against the public API only (this package is not the engine's):
 * {@code y = w * x^2 + x + offset} over the last axis, weight {@code w} drawn in [-0.5, 0.5], option
 * {@code offset} (default 0).
 */
public final class SquareScale extends CustomLayer {
    private Parameter w;

    /**
     * @param name   the layer name
     * @param config the config; option {@code offset}
     */
    public SquareScale(String name, CustomLayerConfig config) {
        super(name, config);
    }

    @Override
    protected Shape doBuild(Shape in, RandomGenerator random) {
        if (in.rank() < 1 || in.dim(-1) == Shape.UNKNOWN) {
            throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, 1), in.prepend(Shape.UNKNOWN),
                    "(a known last axis)");
        }
        float[] v = new float[in.dim(-1)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextDouble() - 0.5);
        }
        w = addParameter("w", Tensor.of(Shape.of(v.length), v), true);
        return in;
    }

    @Override
    protected Tensor doCall(Tensor x) {
        float[] s = w.data();
        float offset = (float) config().doubleOption("offset", 0);
        float[] v = x.toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = s[i % s.length] * v[i] * v[i] + v[i] + offset;
        }
        return Tensor.wrap(x.shape(), v);
    }

    @Override
    protected ForwardPass doForward(Tensor x, TrainingContext context) {
        return ForwardPass.of(doCall(x), grads -> {
            float[] g = grads.get(0).buffer();
            float[] xs = x.buffer();
            float[] s = w.data();
            float[] ds = w.grad();
            float[] dx = new float[g.length];
            for (int i = 0; i < g.length; i++) {
                int c = i % s.length;
                ds[c] += g[i] * xs[i] * xs[i];
                dx[i] = g[i] * (2 * s[c] * xs[i] + 1);
            }
            return Tensor.wrap(x.shape(), dx);
        });
    }
}
