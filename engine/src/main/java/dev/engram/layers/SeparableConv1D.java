package dev.engram.layers;

import dev.engram.internal.conv.Conv2dPlan;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A depthwise-separable 1-D convolution (Keras 3 and tf-keras {@code SeparableConv1D}; TF.js 4.22 has none): a
 * {@link DepthwiseConv1D} step without bias ({@code depthwiseKernel [kernelSize, channels, M]}), then a pointwise
 * convolution ({@code pointwiseKernel [1, channels·M, filters]}), bias {@code [filters]} and the activation:
 * {@code y = activation(depthwise(x) · pointwise + bias)}. Weights in the peers' order: depthwise kernel, pointwise
 * kernel, bias. Input {@code [batch, steps, channels]} (channels-first {@code [batch, channels, steps]}); output steps
 * and padding (valid or same) as {@link Conv1D}. Runs {@link SeparableConv2D}'s steps over images one row high
 * ({@link OneRowSequence}).
 */
public final class SeparableConv1D extends Layer {
    private final SeparableConv1DConfig config;
    private final OneRowSequence row;
    private Parameter depthwise;
    private Parameter pointwise;
    private Parameter bias;

    SeparableConv1D(String name, SeparableConv1DConfig config) {
        super(name);
        this.config = config;
        this.row = new OneRowSequence("SeparableConv1D", config.dataFormat(), config.window());
    }

    @Override
    public SeparableConv1DConfig config() {
        return config;
    }

    @Override
    public String inputHint() {
        return StepView.hint(config.dataFormat());
    }

    /** Channels between the two steps. */
    private int middle() {
        return row.channels() * config.depthMultiplier();
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        int out = row.build(this, inputShape);
        depthwise = addParameter(WeightRole.DEPTHWISE_KERNEL, config.depthwiseInitializer(),
                Shape.of(config.kernelSize(), row.channels(), config.depthMultiplier()), random, true)
                .attach(config.depthwiseRegularizer(), config.depthwiseConstraint());
        pointwise = addParameter(WeightRole.POINTWISE_KERNEL, config.pointwiseInitializer(),
                Shape.of(1, middle(), config.filters()), random, true)
                .attach(config.pointwiseRegularizer(), config.pointwiseConstraint());
        if (config.useBias()) {
            bias = addParameter(WeightRole.BIAS, config.biasInitializer(), Shape.of(config.filters()), random, true)
                    .attach(config.biasRegularizer(), config.biasConstraint());
        }
        return row.sample(out, config.filters());
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        super.checkInput(index, input);
        row.check(this, input);
    }

    @Override
    protected Tensor doCall(Tensor input) {
        Conv2dPlan p = row.plan(input);
        float[] y = SeparableSteps.pointwise(p, middle(), SeparableSteps.depthwise(p, config.depthMultiplier(),
                row.channelsLastInput(input, p), depthwise.data()), pointwise.data(), bias != null ? bias.data() : null,
                config.filters());
        config.activation().forward(y, 0, y, 0, p.rows(), config.filters());
        return row.output(p, y, config.filters());
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Conv2dPlan p = row.plan(input);
        int f = config.filters();
        float[] x = row.channelsLastInput(input, p);
        float[] d = SeparableSteps.depthwise(p, config.depthMultiplier(), x, depthwise.data());
        float[] z = SeparableSteps.pointwise(p, middle(), d, pointwise.data(), bias != null ? bias.data() : null, f);
        float[] y = new float[z.length];
        config.activation().forward(z, 0, y, 0, p.rows(), f);
        return ForwardPass.of(row.output(p, y, f), grads -> {
            float[] dz = new float[z.length];
            config.activation().backward(z, 0, y, 0, row.channelsLastGradient(p, grads.get(0), f), 0, dz, 0, p.rows(),
                    f);
            return row.inputGradient(input, p, SeparableSteps.backward(p, config.depthMultiplier(), x, d, dz,
                    depthwise, pointwise, bias, f));
        });
    }
}
