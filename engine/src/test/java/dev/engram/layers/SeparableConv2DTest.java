package dev.engram.layers;

import static dev.engram.testing.Numeric.assertClose;
import static dev.engram.testing.Numeric.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.activations.Activation;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.ActivationTestCases;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SeparableConv2D: forward and gradients (input, depthwise and pointwise kernels, bias) against the
 * double-precision depthwise reference of {@link DepthwiseConv2DTest} followed by a 1x1 convolution.
 */
class SeparableConv2DTest extends LayerContractTest {
    @Override
    protected Spec spec() {
        return spec(Layers.separableConv2d(4, 3).withDepthMultiplier(2).inputShape(5, 4, 3), Shape.of(3, 2, 4),
                weight("depthwiseKernel", 3, 3, 3, 2), weight("pointwiseKernel", 1, 1, 6, 4), weight("bias", 4));
    }

    @ParameterizedTest(name = "multiplier {0}, {1}, strides {2}, {3}, {4}")
    @CsvSource({"1, VALID, 1, CHANNELS_LAST, tanh, true", "2, SAME, 2, CHANNELS_LAST, linear, true",
        "3, SAME, 1, CHANNELS_FIRST, sigmoid, false"})
    void forwardAndGradientsMatchDepthwiseThenPointwise(int mult, Padding padding, int stride, DataFormat format,
            String act, boolean bias) {
        int batch = 2;
        int filters = 3;
        var dw = new DepthwiseConv2DTest.Case(batch, 6, 5, 2, mult, 3, 2, stride, stride, 1, 1, padding, format,
                "linear", false);
        Layer layer = Layers.separableConv2d(filters, 3).withWindow(new Conv2DWindow(3, 2, stride, stride, 1, 1, padding))
                .withDepthMultiplier(mult).withDataFormat(format).withActivation(ActivationTestCases.named(act))
                .withUseBias(bias).create("sep");
        layer.build(dw.sample(), new SplittableRandom(3));
        Tensor x = Tensor.wrap(dw.sample().prepend(batch), randomFloats(batch * dw.sample().size(), 7, 1.2));
        Activation a = ActivationTestCases.named(act);
        boolean last = format == DataFormat.CHANNELS_LAST;
        int pixels = dw.outH() * dw.outW();
        int mid = 2 * mult;
        var pass = LayerGradientCheck.check("separable", layer, x, null, LayerGradientCheck.Options.RANDOM_PARAMETERS,
                in -> {
                    double[] d = DepthwiseConv2DTest.reference(in[0], in[1], null, dw);
                    double[] y = new double[batch * pixels * filters];
                    for (int b = 0; b < batch; b++) {
                        for (int q = 0; q < pixels; q++) {
                            for (int o = 0; o < filters; o++) {
                                double z = bias ? in[3][o] : 0;
                                for (int k = 0; k < mid; k++) {
                                    double dv = last ? d[(b * pixels + q) * mid + k] : d[(b * mid + k) * pixels + q];
                                    z += dv * in[2][k * filters + o];
                                }
                                y[last ? (b * pixels + q) * filters + o : (b * filters + o) * pixels + q] = a.value(z);
                            }
                        }
                    }
                    return List.of(y);
                });
        assertEquals(last ? Shape.of(batch, dw.outH(), dw.outW(), filters) : Shape.of(batch, filters, dw.outH(),
                dw.outW()), pass.output().shape());
        assertClose("inference", pass.output().buffer(), layer.call(x).buffer(), 0, 0);
    }
}
