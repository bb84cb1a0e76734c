package dev.engram.layers;

/**
 * Returns its input unchanged and has its configuration's regularizer as its
 * {@link #activityRegularizer()}, so training adds the penalty of the values passing through to the loss
 * (Keras {@code ActivityRegularization}; not in TF.js 4.22): the model adds the penalty's gradient to the
 * output's, and this layer passes it back unchanged. A time-step mask passes through (both Keras set
 * {@code supports_masking}). Inference and ONNX export see the identity.
 */
public final class ActivityRegularization extends PassThroughLayer {
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
}
