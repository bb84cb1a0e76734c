package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Returns its input unchanged and has its configuration's regularizer as its
 * {@link #activityRegularizer()}, so training adds the penalty of the values passing through to the loss
 * (Keras {@code ActivityRegularization}; not in TF.js 4.22). A time-step mask passes through (both Keras
 * set {@code supports_masking}). Inference and ONNX export see the identity.
 */
public final class ActivityRegularization extends Layer {
    private final ActivityRegularizationConfig config;

    ActivityRegularization(String name, ActivityRegularizationConfig config) {
        super(name);
        this.config = config;
        activityRegularizer(config.regularizer());
    }

    @Override
    public ActivityRegularizationConfig config() {
        return config;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        return inputShape;
    }

    @Override
    protected Tensor doCall(Tensor input) {
        return input;
    }

    @Override
    boolean inferInto(float[] in, int inOff, int batch, Shape sampleShape, float[] out, int outOff) {
        return copyThrough(in, inOff, batch, sampleShape, out, outOff);
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        // The penalty's gradient is added to the output's gradient by the model (Layer.activityRegularizer).
        return ForwardPass.of(input, grads -> grads.get(0));
    }
}
