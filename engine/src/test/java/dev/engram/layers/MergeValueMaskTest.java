package dev.engram.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Keras 3's value masking of Multiply, Maximum and Minimum ({@link MergeValueMask}) against a literal
 * transcription of keras 3.10's {@code _merge_function} / {@code _apply_merge_op_and_or_mask} (whole-tensor
 * {@code where} operations, in double), for every mask pattern of three inputs (masked or not, padded at different
 * steps, every input masked at one step); finite-difference gradients; the tf-keras rule left unchanged.
 */
class MergeValueMaskTest {
    private static final int BATCH = 2;
    private static final int STEPS = 4;
    private static final int FEATURES = 3;
    private static final Shape SHAPE = Shape.of(BATCH, STEPS, FEATURES);

    private static Layer built(MergeMode mode, MergeMaskRule rule) {
        Layer layer = new MergeConfig(mode, -1, "m", rule).create("m");
        List<Shape> shapes = List.of(SHAPE.dropFirst(), SHAPE.dropFirst(), SHAPE.dropFirst());
        layer.buildAll(shapes, new SplittableRandom(1));
        return layer;
    }

    /** Distinct values (no ties, gaps well above the finite-difference step) with both signs. */
    private static List<Tensor> inputs() {
        List<Tensor> xs = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            float[] d = new float[SHAPE.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) (1.3 * Math.sin(0.7 * i + 2.1 * k) + 0.1 * k + 0.05);
            }
            xs.add(Tensor.wrap(SHAPE, d));
        }
        return xs;
    }

    /** Input 0 padded at the end, input 1 at the start, input 2 per the pattern; step 2 of sample 1 masked in all. */
    private static List<Tensor> masks(boolean third, boolean firstMasked) {
        Tensor a = Tensor.of(new float[][] {{1, 1, 1, 0}, {1, 1, 0, 0}});
        Tensor b = Tensor.of(new float[][] {{0, 1, 1, 1}, {0, 1, 0, 1}});
        Tensor c = Tensor.of(new float[][] {{1, 0, 1, 1}, {1, 1, 0, 0}});
        return Arrays.asList(firstMasked ? a : null, b, third ? c : null);
    }

    /** keras 3.10's merge, transcribed: each step's where() over whole tensors, in double. */
    private static double[] keras(MergeMode mode, List<Tensor> xs, List<Tensor> masks) {
        int n = SHAPE.size();
        double[] output = null;
        boolean[] outputMask = null;
        boolean everyMasked = masks.stream().allMatch(java.util.Objects::nonNull);
        for (int k = 0; k < xs.size(); k++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = xs.get(k).buffer()[i];
            }
            boolean[] mask = null;
            if (masks.get(k) != null) {
                mask = new boolean[n];
                for (int i = 0; i < n; i++) {
                    mask[i] = masks.get(k).buffer()[i / FEATURES] != 0f; // expand_dims(-1), broadcast_to
                }
            }
            if (mode == MergeMode.MULTIPLY) {
                if (mask != null) {
                    for (int i = 0; i < n; i++) {
                        x[i] = mask[i] ? x[i] : 1;
                    }
                    if (everyMasked) {
                        outputMask = outputMask == null ? mask : or(outputMask, mask);
                    }
                }
                output = output == null ? x : times(output, x);
                continue;
            }
            if (output == null) {
                output = x;
                outputMask = mask;
                continue;
            }
            if (mask != null) {
                for (int i = 0; i < n; i++) {
                    x[i] = mask[i] ? x[i] : output[i];
                }
            }
            if (outputMask != null) {
                for (int i = 0; i < n; i++) {
                    output[i] = outputMask[i] ? output[i] : x[i];
                }
            }
            outputMask = mask != null && outputMask != null ? or(outputMask, mask) : null;
            for (int i = 0; i < n; i++) {
                output[i] = mode == MergeMode.MAXIMUM ? Math.max(output[i], x[i]) : Math.min(output[i], x[i]);
            }
        }
        if (mode == MergeMode.MULTIPLY && everyMasked) {
            for (int i = 0; i < n; i++) {
                output[i] = outputMask[i] ? output[i] : 0;
            }
        }
        return output;
    }

    private static boolean[] or(boolean[] a, boolean[] b) {
        boolean[] r = new boolean[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] || b[i];
        }
        return r;
    }

    private static double[] times(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] * b[i];
        }
        return r;
    }

    @ParameterizedTest
    @EnumSource(value = MergeMode.class, names = {"MULTIPLY", "MAXIMUM", "MINIMUM"})
    void valuesMatchKerasThreesMergeForEveryMaskPattern(MergeMode mode) {
        Layer layer = built(mode, MergeMaskRule.KERAS3);
        List<Tensor> xs = inputs();
        for (boolean third : new boolean[] {true, false}) {
            for (boolean first : new boolean[] {true, false}) {
                List<Tensor> masks = masks(third, first);
                double[] want = keras(mode, xs, masks);
                float[] inference = layer.callAllMasked(xs, masks).get(0).toArray();
                float[] training = layer.forwardMasked(xs, masks, new TrainingContext(new SplittableRandom(3)))
                        .outputs().get(0).toArray();
                for (int i = 0; i < want.length; i++) {
                    assertEquals(want[i], inference[i], 1e-6 * Math.max(1, Math.abs(want[i])),
                            mode + " third masked " + third + ", first masked " + first + ", element " + i);
                }
                assertArrayEquals(inference, training, "training forward = inference");
            }
        }
        if (mode == MergeMode.MULTIPLY) {
            // every input masked at sample 1, step 2: Keras zeroes the product there
            float[] out = layer.callAllMasked(xs, masks(true, true)).get(0).toArray();
            int at = (STEPS + 2) * FEATURES;
            assertEquals(0f, out[at]);
        } else {
            // there Maximum/Minimum keep the first input's value
            float[] out = layer.callAllMasked(xs, masks(true, true)).get(0).toArray();
            int at = (STEPS + 2) * FEATURES + 1;
            assertEquals(xs.get(0).buffer()[at], out[at]);
        }
    }

    @ParameterizedTest
    @EnumSource(value = MergeMode.class, names = {"MULTIPLY", "MAXIMUM", "MINIMUM"})
    void gradientsMatchFiniteDifferences(MergeMode mode) {
        Layer layer = built(mode, MergeMaskRule.KERAS3);
        List<Tensor> xs = inputs();
        for (boolean third : new boolean[] {true, false}) {
            List<Tensor> masks = masks(third, true);
            float[] cot = new float[SHAPE.size()];
            for (int i = 0; i < cot.length; i++) {
                cot[i] = (float) Math.cos(0.37 * i + 0.2);
            }
            ForwardPass pass = layer.forwardMasked(xs, masks, new TrainingContext(new SplittableRandom(3)));
            List<Tensor> grads = pass.backwardAll(List.of(Tensor.wrap(SHAPE, cot.clone())));
            double h = 1e-3;
            for (int k = 0; k < xs.size(); k++) {
                for (int i = 0; i < SHAPE.size(); i++) {
                    double numeric = (loss(layer, xs, masks, cot, k, i, h) - loss(layer, xs, masks, cot, k, i, -h))
                            / (2 * h);
                    assertEquals(numeric, grads.get(k).buffer()[i], 2e-3,
                            mode + " d input " + k + " element " + i + " (third masked " + third + ")");
                }
            }
        }
    }

    /** {@code sum(cot · merge(xs))} with input {@code k}'s element {@code i} moved by {@code delta}. */
    private static double loss(Layer layer, List<Tensor> xs, List<Tensor> masks, float[] cot, int k, int i,
            double delta) {
        List<Tensor> moved = new ArrayList<>(xs);
        float[] d = xs.get(k).toArray();
        d[i] += (float) delta;
        moved.set(k, Tensor.wrap(SHAPE, d));
        float[] y = layer.callAllMasked(moved, masks).get(0).toArray();
        double s = 0;
        for (int j = 0; j < y.length; j++) {
            s += (double) cot[j] * y[j];
        }
        return s;
    }

    @Test
    void theTfKerasRuleKeepsMaskedValues() {
        List<Tensor> xs = inputs();
        for (MergeMode mode : List.of(MergeMode.MULTIPLY, MergeMode.MAXIMUM, MergeMode.MINIMUM)) {
            Layer layer = built(mode, MergeMaskRule.ALL);
            assertArrayEquals(layer.callAllMasked(xs, Arrays.asList(null, null, null)).get(0).toArray(),
                    layer.callAllMasked(xs, masks(true, true)).get(0).toArray(), mode.toString());
        }
    }

    @Test
    void aMaskOfAnotherShapeIsRefusedNamingTheInput() {
        Layer layer = built(MergeMode.MULTIPLY, MergeMaskRule.KERAS3);
        List<Tensor> masks = Arrays.asList(null, Tensor.zeros(Shape.of(BATCH, STEPS - 1)), null);
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> layer.callAllMasked(inputs(), masks));
        assertTrue(e.getMessage().contains("'m'") && e.getMessage().contains("time-step mask of input 1"),
                e.getMessage());
    }
}
