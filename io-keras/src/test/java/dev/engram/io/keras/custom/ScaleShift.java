package dev.engram.io.keras.custom;

import dev.engram.layers.CustomLayer;
import dev.engram.layers.CustomLayerConfig;
import dev.engram.layers.ForwardPass;
import dev.engram.layers.Parameter;
import dev.engram.layers.TrainingContext;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * The Java twin of the registered Keras layer {@code engram_test>ScaleShift}
 * ({@code src/test/fixtures-gen/keras/custom_layers.py}), written as a user would, outside the
 * engine's packages: {@code y = x * scale + shift_bias + offset}, then {@code tanh} when
 * {@code squash}; weights {@code scale} and {@code shift_bias} over the last axis, in Keras's
 * {@code add_weight} order.
 */
public final class ScaleShift extends CustomLayer {
    private final double offset;
    private final boolean squash;
    private Parameter scale;
    private Parameter shift;

    /**
     * @param name   the layer name
     * @param config options {@code offset} (number, default 0), {@code squash} (default false)
     */
    public ScaleShift(String name, CustomLayerConfig config) {
        super(name, config);
        this.offset = config.doubleOption("offset", 0);
        this.squash = config.booleanOption("squash", false);
    }

    @Override
    protected Shape doBuild(Shape in, RandomGenerator random) {
        int d = in.dim(-1);
        scale = addParameter("scale", Tensor.filled(Shape.of(d), 1f), true);
        shift = addParameter("shift_bias", Tensor.zeros(Shape.of(d)), true);
        return in;
    }

    @Override
    protected Tensor doCall(Tensor x) {
        float[] s = scale.data();
        float[] b = shift.data();
        float[] v = x.toArray();
        int d = s.length;
        for (int i = 0; i < v.length; i++) {
            double y = v[i] * s[i % d] + b[i % d] + offset;
            v[i] = (float) (squash ? Math.tanh(y) : y);
        }
        return Tensor.wrap(x.shape(), v);
    }

    @Override
    protected ForwardPass doForward(Tensor x, TrainingContext context) {
        Tensor y = doCall(x);
        return ForwardPass.of(y, grads -> {
            float[] g = grads.get(0).toArray();
            float[] xs = x.buffer();
            float[] ys = y.buffer();
            float[] s = scale.data();
            float[] ds = scale.grad();
            float[] db = shift.grad();
            int d = s.length;
            float[] dx = new float[g.length];
            for (int i = 0; i < g.length; i++) {
                float dz = squash ? g[i] * (1 - ys[i] * ys[i]) : g[i];
                ds[i % d] += dz * xs[i];
                db[i % d] += dz;
                dx[i] = dz * s[i % d];
            }
            return Tensor.wrap(x.shape(), dx);
        });
    }
}
