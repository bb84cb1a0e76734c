package dev.engram.io.onnx;

import static dev.engram.io.onnx.OpGraph.f;
import static dev.engram.io.onnx.OpGraph.i;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * ONNX {@code GroupNormalization} at opset 18 (scale and bias per group) and 21 (per channel) on rank-3, 4 and 5
 * data with one group, several, and one per channel, run by ONNX Runtime and Engram's importer (rtol 1e-5,
 * atol 1e-6). ONNX's own node tests (opset 21) are in OnnxNodeTestsTest.
 */
class GroupNormOrtTest {
    private static final Agreement AGREEMENT = new Agreement();

    @TestFactory
    List<DynamicTest> groupNormalizationMatchesOnnxRuntime() {
        List<DynamicTest> tests = new ArrayList<>();
        int[][] shapes = {{2, 6, 5}, {3, 4, 3, 5}, {2, 6, 2, 3, 2}};
        for (int opset : new int[] {18, 21}) {
            for (int[] shape : shapes) {
                int c = shape[1];
                for (int groups : new int[] {1, 2, c}) {
                    OpGraph g = new OpGraph(opset, shape);
                    int params = opset >= 21 ? c : groups;
                    String y = g.node("GroupNormalization", List.of("x", g.random(params), g.random(params)),
                            i("num_groups", groups), f("epsilon", groups == 2 ? 1e-2f : 1e-5f));
                    String name = "opset" + opset + "_" + java.util.Arrays.toString(shape) + "_groups" + groups;
                    byte[] model = g.build(y);
                    tests.add(DynamicTest.dynamicTest(name, () -> {
                        Random r = new Random(name.hashCode());
                        float[] x = new float[Shape.of(shape).size()];
                        for (int k = 0; k < x.length; k++) {
                            x[k] = (float) (r.nextGaussian() * 2 + 0.5);
                        }
                        Tensor input = Tensor.wrap(Shape.of(shape), x);
                        AGREEMENT.check(name, OrtRunner.run(model, "x", input),
                                OnnxModel.load(model, name).predict(input));
                    }));
                }
            }
        }
        return tests;
    }

    @AfterAll
    static void report() {
        System.out.println("[agreement] GroupNormalization, Engram importer vs ONNX Runtime: " + AGREEMENT);
    }
}
