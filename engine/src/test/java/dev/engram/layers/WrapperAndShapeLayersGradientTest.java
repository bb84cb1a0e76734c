package dev.engram.layers;

import static dev.engram.testing.Numeric.randomFloats;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.ReferenceDense;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradient checks (double-precision references written here, central differences) for
 * TimeDistributed(Dense), RepeatVector, Flatten, Reshape, Activation, Masking and Embedding, with
 * T=1 and batch 1 among the cases.
 */
class WrapperAndShapeLayersGradientTest {

    static Stream<Arguments> timeDistributedCases() {
        return Stream.of(Arguments.of(2, 3, 4, 2, "tanh"), Arguments.of(1, 1, 3, 3, "softmax"),
                Arguments.of(3, 2, 1, 1, "linear"));
    }

    private static Activation activation(String name) {
        return switch (name) {
            case "tanh" -> Activations.tanh();
            case "softmax" -> Activations.softmax();
            case "sigmoid" -> Activations.sigmoid();
            default -> Activations.linear();
        };
    }

    @ParameterizedTest(name = "TimeDistributed(Dense({3}, {4})) B{0} T{1} F{2}")
    @MethodSource("timeDistributedCases")
    void timeDistributedDense(int batch, int steps, int features, int units, String act) {
        Layer layer = Layers.timeDistributed(Layers.dense(units).withActivation(activation(act))).create("td");
        layer.build(Shape.of(steps, features), new SplittableRandom(2));
        Tensor x = Tensor.wrap(Shape.of(batch, steps, features), randomFloats(batch * steps * features, 3, 1.1));
        LayerGradientCheck.check("td", layer, x, null, true, a -> List.of(
                ReferenceDense.run(a[0], a[1], a[2], batch * steps, features, units, activation(act))));
    }

    @ParameterizedTest(name = "RepeatVector({2}) B{0} F{1}")
    @MethodSource("repeatCases")
    void repeatVector(int batch, int features, int n) {
        Layer layer = Layers.repeatVector(n).create("rv");
        layer.build(Shape.of(features), new SplittableRandom(1));
        Tensor x = Tensor.wrap(Shape.of(batch, features), randomFloats(batch * features, 4, 1));
        LayerGradientCheck.check("rv", layer, x, null, true, a -> {
            double[] y = new double[batch * n * features];
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < n; t++) {
                    for (int f = 0; f < features; f++) {
                        y[(b * n + t) * features + f] = a[0][b * features + f];
                    }
                }
            }
            return List.of(y);
        });
    }

    static Stream<Arguments> repeatCases() {
        return Stream.of(Arguments.of(2, 3, 4), Arguments.of(1, 1, 1), Arguments.of(3, 2, 2));
    }

    @Test
    void flattenAndReshapeAreRowMajorViews() {
        Layer flatten = Layers.flatten().create("flatten");
        flatten.build(Shape.of(2, 3), new SplittableRandom(1));
        Tensor x = Tensor.wrap(Shape.of(2, 2, 3), randomFloats(12, 5, 1));
        LayerGradientCheck.check("flatten", flatten, x, null, true, a -> List.of(a[0].clone()));

        Layer reshape = Layers.reshape(3, -1).create("reshape");
        reshape.build(Shape.of(2, 3), new SplittableRandom(1));
        LayerGradientCheck.check("reshape", reshape, x, null, true, a -> List.of(a[0].clone()));
        org.junit.jupiter.api.Assertions.assertEquals(Shape.of(3, 2), reshape.outputShape());
    }

    @ParameterizedTest(name = "Activation({0})")
    @MethodSource("activationNames")
    void activationLayer(String name) {
        Activation act = activation(name);
        Layer layer = Layers.activation(act).create("act");
        layer.build(Shape.of(3, 4), new SplittableRandom(1));
        Tensor x = Tensor.wrap(Shape.of(2, 3, 4), randomFloats(24, 6, 2));
        double[] eye = new double[16];
        for (int i = 0; i < 4; i++) {
            eye[i * 4 + i] = 1;
        }
        LayerGradientCheck.check("act", layer, x, null, true, a -> List.of(ReferenceDense.run(a[0], eye, null, 6, 4, 4,
                act)));
    }

    static Stream<String> activationNames() {
        return Stream.of("tanh", "sigmoid", "softmax");
    }

    @Test
    void maskingZeroesMaskedStepsAndPassesGradientOnlyThroughKeptOnes() {
        Layer layer = Layers.masking(0.5).create("masking");
        layer.build(Shape.of(4, 3), new SplittableRandom(1));
        float[] v = randomFloats(2 * 4 * 3, 7, 1);
        // Sample 0 step 1 and sample 1 steps 0 and 3 are all maskValue; sample 1 step 2 only partly.
        for (int[] at : new int[][] {{0, 1}, {1, 0}, {1, 3}}) {
            java.util.Arrays.fill(v, (at[0] * 4 + at[1]) * 3, (at[0] * 4 + at[1] + 1) * 3, 0.5f);
        }
        v[(4 + 2) * 3] = 0.5f;
        Tensor x = Tensor.wrap(Shape.of(2, 4, 3), v);
        double[] keep = {1, 0, 1, 1, 0, 1, 1, 0};
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1, 0, 1, 1, 0, 1, 1, 0},
                layer.computeMask(List.of(x), null).buffer());
        LayerGradientCheck.check("masking", layer, x, null, true, a -> {
            double[] y = new double[a[0].length];
            for (int i = 0; i < y.length; i++) {
                y[i] = a[0][i] * keep[i / 3];
            }
            return List.of(y);
        });
    }

    @Test
    void embeddingAccumulatesRowsOfRepeatedIds() {
        Layer layer = Layers.embedding(5, 3).create("embedding");
        layer.build(Shape.of(4), new SplittableRandom(1));
        Tensor ids = Tensor.wrap(Shape.of(2, 4), new float[] {1, 4, 1, 0, 3, 3, 3, 2});
        LayerGradientCheck.check("embedding", layer, ids, null, false, a -> {
            double[] y = new double[8 * 3];
            for (int i = 0; i < 8; i++) {
                System.arraycopy(a[1], (int) a[0][i] * 3, y, i * 3, 3);
            }
            return List.of(y);
        });
        Layer one = Layers.embedding(2, 2).create("e1");
        one.build(Shape.of(1), new SplittableRandom(1));
        LayerGradientCheck.check("embedding T1 B1", one, Tensor.wrap(Shape.of(1, 1), new float[] {1}), null, false,
                a -> List.of(new double[] {a[1][2], a[1][3]}));
    }
}
