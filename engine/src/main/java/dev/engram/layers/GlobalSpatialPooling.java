package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The mean or maximum of every channel over all spatial axes (Keras and TF.js
 * {@code GlobalAveragePooling2D} / {@code GlobalMaxPooling2D}, Keras {@code GlobalAverage/MaxPooling3D}):
 * {@code [batch, (depth,) rows, cols, channels] -> [batch, channels]}, or with {@code keepDims}
 * {@code [batch, (1,) 1, 1, channels]}; channels-first {@code [batch, channels, ...]} likewise. The
 * gradient of a max goes to the first cell holding it. Masks are dropped, as the peers do.
 */
public final class GlobalSpatialPooling extends Layer {
    private final GlobalSpatialPoolingConfig config;

    GlobalSpatialPooling(String name, GlobalSpatialPoolingConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public GlobalSpatialPoolingConfig config() {
        return config;
    }

    @Override
    public String typeName() {
        return (config.mode() == PoolingMode.AVERAGE ? "GlobalAveragePooling" : "GlobalMaxPooling") + config.rank() + "D";
    }

    @Override
    public String inputHint() {
        return SpatialView.hint(config.dataFormat(), config.rank());
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        SpatialView.buildDims(name(), typeName(), inputShape, config.dataFormat(), config.rank());
        int channels = inputShape.dim(config.dataFormat() == DataFormat.CHANNELS_LAST ? config.rank() : 0);
        if (channels == Shape.UNKNOWN) {
            throw new IncompatibleShapeException(name(), 0, SpatialView.anyOfRank(config.rank() + 2),
                    inputShape.prepend(Shape.UNKNOWN), "(" + typeName() + " needs a known channel count)");
        }
        if (!config.keepDims()) {
            return Shape.of(channels);
        }
        int[] ones = new int[config.rank()];
        Arrays.fill(ones, 1);
        return SpatialView.withDims(inputShape, config.dataFormat(), ones);
    }

    /** The pooled values, {@code [batch * channels]} in the output's order; arg-max input indices when asked. */
    private float[] pool(Tensor input, int[] argmax) {
        boolean last = config.dataFormat() == DataFormat.CHANNELS_LAST;
        SpatialView v = SpatialView.of(input, config.dataFormat(), config.rank());
        int cells = v.dims()[0] * v.dims()[1] * v.dims()[2];
        int batch = input.shape().dim(0);
        int channels = last ? v.inner() : v.outer() / batch;
        float[] x = input.buffer();
        float[] y = new float[batch * channels];
        boolean max = config.mode() == PoolingMode.MAX;
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                // channels-last: cells of (b, c) are strided by channels; channels-first: contiguous.
                int first = last ? b * cells * channels + c : (b * channels + c) * cells;
                int step = last ? channels : 1;
                float acc = x[first];
                int at = first;
                for (int i = 1; i < cells; i++) {
                    float e = x[first + i * step];
                    if (max) {
                        if (e > acc) {
                            acc = e;
                            at = first + i * step;
                        }
                    } else {
                        acc += e;
                    }
                }
                y[b * channels + c] = max ? acc : acc / cells;
                if (argmax != null) {
                    argmax[b * channels + c] = at;
                }
            }
        }
        return y;
    }

    @Override
    protected Tensor doCall(Tensor input) {
        return Tensor.wrap(outputShape().prepend(input.shape().dim(0)), pool(input, null));
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        boolean max = config.mode() == PoolingMode.MAX;
        int batch = input.shape().dim(0);
        int[] argmax = max ? new int[outputShape().size() * batch] : null;
        Tensor out = Tensor.wrap(outputShape().prepend(batch), pool(input, argmax));
        return ForwardPass.of(out, grads -> {
            float[] dy = grads.get(0).buffer();
            float[] dx = new float[input.size()];
            if (max) {
                for (int i = 0; i < dy.length; i++) {
                    dx[argmax[i]] += dy[i];
                }
                return Tensor.wrap(input.shape(), dx);
            }
            boolean last = config.dataFormat() == DataFormat.CHANNELS_LAST;
            int channels = dy.length / batch;
            int cells = input.size() / (batch * channels);
            for (int b = 0; b < batch; b++) {
                for (int c = 0; c < channels; c++) {
                    float g = dy[b * channels + c] / cells;
                    int first = last ? b * cells * channels + c : (b * channels + c) * cells;
                    int step = last ? channels : 1;
                    for (int i = 0; i < cells; i++) {
                        dx[first + i * step] = g;
                    }
                }
            }
            return Tensor.wrap(input.shape(), dx);
        });
    }
}
