package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Flattens each sample to one axis: {@code [batch, d1, d2, ...]} to {@code [batch, d1·d2·...]} in
 * row-major order (TF.js and Keras {@code Flatten}). Channels-first moves the channel axis (d1) last
 * first, as Keras and TF.js do, so that {@code [batch, c, h, w]} flattens in the order of
 * {@code [batch, h, w, c]}. The non-batch dimensions must be known. A rank-2 input {@code [batch, d]} passes
 * through unchanged, as in Keras (TF.js 4.22 refuses it: its input spec asks for rank &gt;= 3, so its writer refuses
 * such a layer).
 * It does not support masking: a mask reaching it is dropped, as TF.js and Keras do.
 */
public final class Flatten extends Layer {
    private final FlattenConfig config;

    Flatten(String name, FlattenConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public FlattenConfig config() {
        return config;
    }

    @Override
    public String inputHint() {
        return "(Flatten takes [batch, d1, ...] of rank >= 2 with known d1, ...)";
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        // Keras parity: rank 2 passes through (TF.js's inputSpec asks for rank 3); every non-batch dimension known.
        if (inputShape.rank() < 1 || !inputShape.isFullyKnown()) {
            throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN),
                    inputShape.prepend(Shape.UNKNOWN), inputHint());
        }
        return Shape.of(inputShape.size());
    }

    /** Whether the channel axis moves last before flattening (channels-first with spatial axes). */
    private boolean movesChannels() {
        return config.dataFormat() == DataFormat.CHANNELS_FIRST && inputShape().rank() >= 2;
    }

    /**
     * {@code [batch, c, cells]} to {@code [batch, cells, c]} (or back, for the gradient), with
     * {@code c = inputShape().dim(0)}.
     */
    private float[] moveChannels(float[] x, int batch, boolean toLast) {
        int c = inputShape().dim(0);
        int cells = inputShape().size() / c;
        float[] y = new float[x.length];
        for (int b = 0; b < batch; b++) {
            int base = b * c * cells;
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < cells; i++) {
                    if (toLast) {
                        y[base + i * c + ch] = x[base + ch * cells + i];
                    } else {
                        y[base + ch * cells + i] = x[base + i * c + ch];
                    }
                }
            }
        }
        return y;
    }

    @Override
    protected Tensor doCall(Tensor input) {
        int batch = input.shape().dim(0);
        float[] flat = movesChannels() ? moveChannels(input.buffer(), batch, true) : input.buffer();
        return Tensor.wrap(Shape.of(batch, outputShape().dim(0)), flat);
    }

    @Override
    boolean inferInto(float[] in, int inOff, int batch, Shape sampleShape, float[] out, int outOff) {
        return !movesChannels() && copyThrough(in, inOff, batch, sampleShape, out, outOff);
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Tensor out = doCall(input);
        return ForwardPass.of(out, grads -> {
            float[] dy = grads.get(0).buffer();
            return Tensor.wrap(input.shape(), movesChannels() ? moveChannels(dy, input.shape().dim(0), false) : dy);
        });
    }
}
