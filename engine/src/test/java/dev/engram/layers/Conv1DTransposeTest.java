package dev.engram.layers;

import static dev.engram.testing.Numeric.assertClose;
import static dev.engram.testing.Numeric.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * Conv1DTranspose: forward and gradients against {@link Conv2DTransposeTest}'s direct scatter on
 * images one row high (same memory layout), for valid and same padding, strides above the kernel,
 * output padding, dilation, channels-first and no bias.
 */
class Conv1DTransposeTest extends LayerContractTest {
    @Override
    protected Spec spec() {
        return spec(Layers.conv1dTranspose(4, 3).withStrides(2).inputShape(5, 2), Shape.of(11, 4),
                weight("kernel", 3, 4, 2), weight("bias", 4));
    }

    @ParameterizedTest(name = "k{0} s{1} d{2} op{3} {4} {5} {6} bias={7}")
    @CsvSource({"3, 1, 1, -1, VALID, CHANNELS_LAST, tanh, true", "3, 2, 1, -1, SAME, CHANNELS_LAST, linear, true",
        "3, 2, 1, 1, SAME, CHANNELS_LAST, relu, false", "2, 3, 1, -1, VALID, CHANNELS_LAST, linear, true",
        "3, 1, 2, -1, VALID, CHANNELS_FIRST, sigmoid, true", "2, 3, 1, 2, VALID, CHANNELS_FIRST, linear, true"})
    void forwardAndGradientsMatchTheOneRowScatter(int k, int s, int d, int op, Padding padding, DataFormat format,
            String act, boolean bias) {
        int batch = 2;
        int steps = 4;
        int channels = 3;
        int filters = 2;
        var c = new Conv2DTransposeTest.Case(batch, 1, steps, channels, filters, 1, k, 1, s, 1, d, op < 0 ? -1 : 0,
                op, padding, format, act, bias);
        Conv1DTransposeConfig config = Layers.conv1dTranspose(filters, k).withStrides(s).withDilationRate(d)
                .withPadding(padding).withOutputPadding(op < 0 ? null : op).withDataFormat(format)
                .withActivation(ActivationTestCases.named(act)).withUseBias(bias);
        Layer layer = config.create("deconv1d");
        Shape sample = format == DataFormat.CHANNELS_LAST ? Shape.of(steps, channels) : Shape.of(channels, steps);
        Shape out = layer.build(sample, new SplittableRandom(3));
        assertEquals(format == DataFormat.CHANNELS_LAST ? Shape.of(c.outW(), filters) : Shape.of(filters, c.outW()), out);
        Tensor x = Tensor.wrap(sample.prepend(batch), randomFloats(batch * sample.size(), 7, 1.2));
        var pass = LayerGradientCheck.check("conv1dTranspose", layer, x, null, LayerGradientCheck.Options.RANDOM_PARAMETERS,
                a -> List.of(Conv2DTransposeTest.reference(a[0], a[1], bias ? a[2] : null, c)));
        assertClose("inference", pass.output().buffer(), layer.call(x).buffer(), 0, 0);
    }
}
