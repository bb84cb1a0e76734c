package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A layer whose every output step copies one input step or is zero: cropping, zero padding and
 * up-sampling along the step axis. Subclasses say how many steps come out and where each comes
 * from; the forward pass gathers, the backward pass scatters (adding where a step is used twice).
 */
abstract sealed class StepMapLayer extends Layer permits Cropping1D, ZeroPadding1D, UpSampling1D {

    StepMapLayer(String name) {
        super(name);
    }

    /** Where the channel axis is. */
    abstract DataFormat format();

    /**
     * Output steps for {@code steps} input steps; below 1 when the input is too short. Long arithmetic: a huge
     * crop, padding or factor from a file must not wrap into a valid length.
     */
    abstract long outSteps(int steps);

    /** {@link #outSteps} checked: at least 1 and an array length, else a message naming the layer. */
    private int checkedSteps(int index, Shape expected, Shape got, int steps) {
        long n = outSteps(steps);
        if (n < 1) {
            throw new IncompatibleShapeException(name(), index, expected, got, "(" + typeName() + " " + tooShortReason()
                    + ")");
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Layer '" + name() + "' (" + typeName() + ") would make " + n
                    + " steps from " + steps + ", more than an array can hold");
        }
        return (int) n;
    }

    /** The input step output step {@code t} copies, or -1 for a zero step. */
    abstract int source(int t, int steps);

    /** Why an input of {@code steps} steps is too short, for the error message. */
    abstract String tooShortReason();

    @Override
    public String inputHint() {
        return StepView.hint(format());
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        int steps = StepView.buildSteps(name(), typeName(), inputShape, format());
        if (steps == Shape.UNKNOWN) {
            return inputShape;
        }
        return StepView.sampleWithSteps(inputShape, format(), checkedSteps(0,
                Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN), inputShape.prepend(Shape.UNKNOWN), steps));
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        super.checkInput(index, input);
        checkedSteps(index, inputShape().prepend(Shape.UNKNOWN), input.shape(), StepView.of(input, format()).steps());
    }

    @Override
    protected Tensor doCall(Tensor input) {
        StepView v = StepView.of(input, format());
        int out = (int) outSteps(v.steps()); // checkInput checked it
        float[] x = input.buffer();
        float[] y = new float[v.outer() * out * v.inner()];
        for (int o = 0; o < v.outer(); o++) {
            for (int t = 0; t < out; t++) {
                int src = source(t, v.steps());
                if (src >= 0) {
                    System.arraycopy(x, (o * v.steps() + src) * v.inner(), y, (o * out + t) * v.inner(), v.inner());
                }
            }
        }
        return Tensor.wrap(StepView.withSteps(input, format(), out), y);
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        return ForwardPass.of(doCall(input), grads -> {
            StepView v = StepView.of(input, format());
            int out = (int) outSteps(v.steps()); // checkInput checked it
            float[] dy = grads.get(0).buffer();
            float[] dx = new float[input.size()];
            for (int o = 0; o < v.outer(); o++) {
                for (int t = 0; t < out; t++) {
                    int src = source(t, v.steps());
                    if (src >= 0) {
                        int from = (o * out + t) * v.inner();
                        int to = (o * v.steps() + src) * v.inner();
                        for (int c = 0; c < v.inner(); c++) {
                            dx[to + c] += dy[from + c];
                        }
                    }
                }
            }
            return Tensor.wrap(input.shape(), dx);
        });
    }
}
