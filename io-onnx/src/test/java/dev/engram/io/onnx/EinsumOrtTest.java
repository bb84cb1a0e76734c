package dev.engram.io.onnx;

import static dev.engram.io.onnx.OpGraph.s;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Engram's {@code Einsum} against ONNX Runtime on single-op graphs: the attention and projection equations
 * tf2onnx and torch export (batched products, transposed operands), the implicit output form, one operand
 * (transpose, sums), labels summed in one operand alone, and ellipses on either side; refusals name the
 * node and the reason.
 */
class EinsumOrtTest {
    private static final Agreement AGREEMENT = new Agreement();

    /** {@code equation | input shape | constant operand shape (empty: one operand)}. */
    @TestFactory
    List<DynamicTest> einsumMatchesOnnxRuntime() {
        String[][] cases = {
            {"abc,cd->abd", "2 3 4", "4 5"}, {"abc,cde->abde", "2 3 4", "4 2 3"}, {"abcd,cde->abe", "2 3 2 4", "2 4 5"},
            {"bqhd,bkhd->bhqk", "2 3 2 4", "2 5 2 4"}, {"bhqk,bkhd->bqhd", "2 2 3 5", "2 5 2 4"},
            {"ij,jk", "3 4", "4 5"}, {"ij,kj", "3 4", "5 4"}, {"...ij,...jk->...ik", "2 3 3 4", "2 3 4 2"},
            {"...b,bc->...c", "2 3 4", "4 5"}, {"ab...,bc->ac...", "2 3 4", "3 5"}, {"abc,bc->a", "2 3 4", "3 4"},
            {"abc,dc->adb", "2 3 4", "5 4"}, {"ab,cd->abcd", "2 3", "4 2"}, {"abc,b->ac", "2 3 4", "3"},
            {"abc,cd->ad", "2 3 4", "4 5"}, {"ij->ji", "3 4", ""}, {"ijk->i", "2 3 4", ""}, {"ij", "3 4", ""}, {"i...->...", "3 2 4", ""}};
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] c : cases) {
            int[] x = ints(c[1]);
            OpGraph g = new OpGraph(12, x);
            List<String> in = new ArrayList<>(List.of("x"));
            if (!c[2].isEmpty()) {
                in.add(g.random(ints(c[2])));
            }
            byte[] model = g.build(g.node("Einsum", in, s("equation", c[0])));
            tests.add(DynamicTest.dynamicTest(c[0], () -> {
                Tensor input = input(x, c[0].hashCode());
                AGREEMENT.check(c[0], OrtRunner.run(model, "x", input), OnnxModel.load(model, c[0]).predict(input));
            }));
        }
        return tests;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"ii->i | 3 3 | repeats a label", "ab,bc,cd->ad | 2 3 | names 3 operands",
        "ab,bc->ac | 2 3 | has size 3 in one operand and 4"})
    void refusalsNameTheNode(String equation, String shape, String message) {
        int[] x = ints(shape);
        OpGraph g = new OpGraph(12, x);
        List<String> in = new ArrayList<>(List.of("x"));
        if (equation.contains(",")) {
            in.add(g.random(4, 2));
        }
        if (equation.startsWith("ab,bc,")) {
            in.add(g.random(2, 2));
        }
        byte[] model = g.build(g.node("Einsum", in, s("equation", equation)));
        Exception e = assertThrows(Exception.class, () -> OnnxModel.load(model, "m").predict(input(x, 1)));
        assertTrue(e.getMessage().contains(message) && e.getMessage().contains("Einsum"), e.getMessage());
    }

    private static Tensor input(int[] shape, long seed) {
        Random r = new Random(seed);
        float[] v = new float[Shape.of(shape).size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) r.nextGaussian();
        }
        return Tensor.wrap(Shape.of(shape), v);
    }

    private static int[] ints(String text) {
        return java.util.Arrays.stream(text.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    }
}
