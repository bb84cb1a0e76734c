package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Max or average over windows of steps (Keras and TF.js {@code MaxPooling1D},
 * {@code AveragePooling1D}): output step {@code t} reduces input steps
 * {@code [t*s - padLeft, t*s - padLeft + k)} of each channel, with {@code k} the pool size,
 * {@code s} the strides and the output length and {@code padLeft} given by {@link Padding} (dilation
 * 1). Padded positions never take part: the maximum ignores them and the average divides by the
 * number of real steps in the window (TensorFlow's {@code avg_pool} and ONNX
 * {@code count_include_pad=0}). Input {@code [batch, steps, channels]}, or
 * {@code [batch, channels, steps]} for channels-first. A time-step mask is dropped (the peers' pooling
 * layers do not support masking).
 */
public final class Pooling1D extends Layer {
    private final Pooling1DConfig config;

    Pooling1D(String name, Pooling1DConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public Pooling1DConfig config() {
        return config;
    }

    @Override
    public String typeName() {
        return config.mode() == PoolingMode.MAX ? "MaxPooling1D" : "AveragePooling1D";
    }

    @Override
    public String inputHint() {
        return StepView.hint(config.dataFormat());
    }

    private int outSteps(int steps) {
        return config.padding().outputLength(steps, config.poolSize(), config.strides(), 1);
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        int steps = StepView.buildSteps(name(), typeName(), inputShape, config.dataFormat());
        if (steps == Shape.UNKNOWN) {
            return inputShape;
        }
        if (outSteps(steps) < 1) {
            // Not built yet: the expected shape is the given one with the steps a valid window needs.
            throw tooShort(StepView.sampleWithSteps(inputShape, config.dataFormat(), config.poolSize())
                    .prepend(Shape.UNKNOWN), inputShape.prepend(Shape.UNKNOWN));
        }
        return StepView.sampleWithSteps(inputShape, config.dataFormat(), outSteps(steps));
    }

    private IncompatibleShapeException tooShort(Shape expected, Shape found) {
        return new IncompatibleShapeException(name(), 0, expected, found,
                "(valid " + typeName() + " with poolSize " + config.poolSize() + " needs at least "
                        + config.poolSize() + " steps)");
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        super.checkInput(index, input);
        if (outSteps(StepView.of(input, config.dataFormat()).steps()) < 1) {
            throw tooShort(inputShape().prepend(Shape.UNKNOWN), input.shape());
        }
    }

    /** The pass's geometry and, for max pooling, the input index each output came from. */
    private record Pooled(Tensor output, int[] argmax, int[] counts) {
    }

    private Pooled pool(Tensor input, boolean keepIndices) {
        StepView v = StepView.of(input, config.dataFormat());
        int k = config.poolSize();
        int s = config.strides();
        int out = outSteps(v.steps());
        int padLeft = config.padding().padLeft(v.steps(), k, s, 1);
        float[] x = input.buffer();
        float[] y = new float[v.outer() * out * v.inner()];
        boolean max = config.mode() == PoolingMode.MAX;
        int[] argmax = max && keepIndices ? new int[y.length] : null;
        int[] counts = new int[out];
        for (int t = 0; t < out; t++) {
            int from = Math.max(0, t * s - padLeft);
            int to = Math.min(v.steps(), t * s - padLeft + k);
            counts[t] = to - from;
            for (int o = 0; o < v.outer(); o++) {
                int yBase = (o * out + t) * v.inner();
                for (int c = 0; c < v.inner(); c++) {
                    int first = (o * v.steps() + from) * v.inner() + c;
                    float acc = x[first];
                    int at = first;
                    for (int j = from + 1; j < to; j++) {
                        int i = (o * v.steps() + j) * v.inner() + c;
                        if (max) {
                            if (x[i] > acc) {
                                acc = x[i];
                                at = i;
                            }
                        } else {
                            acc += x[i];
                        }
                    }
                    y[yBase + c] = max ? acc : acc / counts[t];
                    if (argmax != null) {
                        argmax[yBase + c] = at;
                    }
                }
            }
        }
        return new Pooled(Tensor.wrap(StepView.withSteps(input, config.dataFormat(), out), y), argmax, counts);
    }

    @Override
    protected Tensor doCall(Tensor input) {
        return pool(input, false).output();
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Pooled p = pool(input, true);
        return ForwardPass.of(p.output(), grads -> {
            float[] dy = grads.get(0).buffer();
            float[] dx = new float[input.size()];
            if (p.argmax() != null) {
                for (int i = 0; i < dy.length; i++) {
                    dx[p.argmax()[i]] += dy[i];
                }
                return Tensor.wrap(input.shape(), dx);
            }
            StepView v = StepView.of(input, config.dataFormat());
            int out = p.counts().length;
            int padLeft = config.padding().padLeft(v.steps(), config.poolSize(), config.strides(), 1);
            for (int o = 0; o < v.outer(); o++) {
                for (int t = 0; t < out; t++) {
                    int from = Math.max(0, t * config.strides() - padLeft);
                    float w = 1f / p.counts()[t];
                    for (int c = 0; c < v.inner(); c++) {
                        float g = dy[(o * out + t) * v.inner() + c] * w;
                        for (int j = from; j < from + p.counts()[t]; j++) {
                            dx[(o * v.steps() + j) * v.inner() + c] += g;
                        }
                    }
                }
            }
            return Tensor.wrap(input.shape(), dx);
        });
    }
}
