package dev.engram.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.activations.Activations;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import dev.engram.testing.LayerGradientCheck.Options;
import dev.engram.testing.Numeric;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * EinsumDense against a plain einsum written in double over every label assignment, with finite-difference
 * gradients of the input, kernel and bias, for the transformer equations, elided axes on either side, a shared
 * (batched) label, an output order that needs transposes and input labels summed alone.
 */
class EinsumDenseTest {

    /**
     * {@code einsum(eq, x, w) + bias} in double; {@code eq} has no ellipsis (the test spells elided axes out).
     * The bias spans the output's trailing axes (Keras's shape, 1 = broadcast).
     */
    static double[] reference(String eq, double[] x, int[] xDims, double[] w, int[] wDims, double[] bias,
            int[] biasDims, boolean tanh) {
        String[] parts = eq.split("->");
        String[] ops = parts[0].split(",");
        String in = ops[0];
        String ker = ops[1];
        String out = parts[1];
        String labels = (in + ker).chars().distinct().collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append).toString();
        int[] size = new int[labels.length()];
        for (int i = 0; i < labels.length(); i++) {
            char c = labels.charAt(i);
            size[i] = in.indexOf(c) >= 0 ? xDims[in.indexOf(c)] : wDims[ker.indexOf(c)];
        }
        int[] outDims = out.chars().map(c -> size[labels.indexOf(c)]).toArray();
        double[] y = new double[Arrays.stream(outDims).reduce(1, (a, b) -> a * b)];
        int[] idx = new int[labels.length()];
        int total = Arrays.stream(size).reduce(1, (a, b) -> a * b);
        for (int n = 0; n < total; n++) {
            int rest = n;
            for (int i = labels.length() - 1; i >= 0; i--) {
                idx[i] = rest % size[i];
                rest /= size[i];
            }
            y[flat(out, outDims, labels, idx)] += x[flat(in, xDims, labels, idx)] * w[flat(ker, wDims, labels, idx)];
        }
        if (bias != null) {
            for (int o = 0; o < y.length; o++) {
                int rest = o;
                int b = 0;
                int stride = 1;
                for (int a = outDims.length - 1, k = biasDims.length - 1; k >= 0; a--, k--) {
                    int coord = rest % outDims[a];
                    rest /= outDims[a];
                    b += (biasDims[k] == 1 ? 0 : coord) * stride;
                    stride *= biasDims[k];
                }
                y[o] += bias[b];
            }
        }
        if (tanh) {
            for (int i = 0; i < y.length; i++) {
                y[i] = Math.tanh(y[i]);
            }
        }
        return y;
    }

    private static int flat(String term, int[] dims, String labels, int[] idx) {
        int f = 0;
        for (int a = 0; a < term.length(); a++) {
            f = f * dims[a] + idx[labels.indexOf(term.charAt(a))];
        }
        return f;
    }

    private static int[] ints(String text) {
        return text.isBlank() ? new int[0] : Arrays.stream(text.split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    @ParameterizedTest(name = "{0} on {2} -> {5}")
    @CsvSource(delimiter = '|', value = {
        // equation | spelled out | input sample | output shape | bias | expected output sample | expected bias shape
        "abc,cd->abd | abc,cd->abd | 3 4 | -1 5 | d | 3 5 | 5",
        "abc,cde->abde | abc,cde->abde | 3 4 | -1 2 3 | de | 3 2 3 | 2 3",
        "abcd,cde->abe | abcd,cde->abe | 3 2 4 | -1 5 | e | 3 5 | 5",
        "ab,bc->ac | ab,bc->ac | 4 | 5 | c | 5 | 5",
        "...b,bc->...c | xyb,bc->xyc | 3 4 | 5 | c | 3 5 | 5",
        "ab...,bc->ac... | abx,bc->acx | 4 3 | 5 | c | 5 3 | 5 1",
        "abc,bcd->abd | abc,bcd->abd | 3 4 | -1 5 | bd | 3 5 | 3 5",
        "abc,dc->adb | abc,dc->adb | 3 4 | 5 -1 | d | 5 3 | 5 1",
        "abcd,ced->aceb | abcd,ced->aceb | 2 3 4 | 3 5 2 | | 3 5 2 | ",
        "abc,cd->ad | abc,cd->ad | 3 4 | 5 | d | 5 | 5",
        "abcd,de->abe | abcd,de->abe | 3 2 4 | -1 5 | e | 3 5 | 5",
    })
    void matchesAPlainEinsumAndItsGradients(String equation, String spelled, String sample, String outputShape,
            String biasAxes, String expected, String biasShape) {
        boolean biased = biasAxes != null && !biasAxes.isBlank();
        EinsumDenseConfig config = Layers.einsumDense(equation, ints(outputShape))
                .withBiasAxes(biased ? biasAxes : null).withActivation(Activations.tanh());
        Layer layer = config.create("einsum");
        Shape in = Shape.of(ints(sample));
        assertEquals(Shape.of(ints(expected)), layer.build(in, new SplittableRandom(1)));
        int[] kernelDims = layer.parameters().get(0).shape().toArray();
        int[] biasDims = biased ? layer.parameters().get(1).shape().toArray() : null;
        if (biased) {
            assertArrayEquals(ints(biasShape), biasDims);
        }
        Shape full = in.prepend(2);
        Tensor x = Tensor.wrap(full, Numeric.randomFloats(full.size(), 5, 1.0));
        LayerGradientCheck.check(equation, layer, x, null, Options.RANDOM_PARAMETERS, a -> List.of(reference(spelled,
                a[0], full.toArray(), a[1], kernelDims, biased ? a[2] : null, biasDims, true)));
    }

    @Test
    void refusesEquationsKerasCannotBuild() {
        for (String[] bad : new String[][] {{"ab,bc", "input,kernel->output"}, {"abb,bc->abc", "repeats a label"},
            {"abc,cd->abe", "in neither the input nor the kernel"},
{"abc,cde->abd", "sums kernel label 'e' alone"},
            {"abc,acd->bd", "batch axis 'a'"}, {"a.b,bc->ac", "not letters"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Layers.einsumDense(bad[0], 4, 4), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]) && e.getMessage().contains("'" + bad[0] + "'"), e.getMessage());
        }
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
                () -> Layers.einsumDense("abc,cd->abd", 5));
        assertTrue(n.getMessage().contains("needs an output shape of 2 dimensions"), n.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> Layers.einsumDense("abc,cd->abd", -1, 5).withBiasAxes("a"));
        assertTrue(b.getMessage().contains("batch axis"), b.getMessage());
    }

    @Test
    void aKernelLabelWithoutASizeAndAMismatchedOutputAreShapeErrors() {
        Layer unsized = Layers.einsumDense("abc,cd->abd", -1, -1).create("einsum");
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> unsized.build(Shape.of(3, 4), new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("kernel label 'd'"), e.getMessage());
        Layer mismatch = Layers.einsumDense("abc,cd->abd", 7, 5).create("einsum");
        IncompatibleShapeException m = assertThrows(IncompatibleShapeException.class,
                () -> mismatch.build(Shape.of(3, 4), new SplittableRandom(1)));
        assertTrue(m.getMessage().contains("label 'b' has size 7 in the output shape and 3 in the input"),
                m.getMessage());
    }

    /** The layer contract on the transformer's query projection. */
    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.einsumDense("abc,cde->abde", Shape.UNKNOWN, 2, 3).withBiasAxes("de").inputShape(4, 5),
                    Shape.of(4, 2, 3), weight("kernel", 5, 2, 3), weight("bias", 2, 3));
        }
    }
}
