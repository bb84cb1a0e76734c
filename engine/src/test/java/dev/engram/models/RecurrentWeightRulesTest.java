package dev.engram.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.constraints.Constraints;
import dev.engram.layers.Layers;
import dev.engram.layers.Parameter;
import dev.engram.layers.WeightRules;
import dev.engram.losses.Losses;
import dev.engram.optimizers.Optimizers;
import dev.engram.regularizers.Regularizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.Numeric;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Regularizers and constraints on recurrent weights: the penalties join the reported batch loss,
 * and the constraints hold after every update, for LSTM, GRU and SimpleRNN alike.
 */
class RecurrentWeightRulesTest {

    @Test
    void penaltiesJoinTheLossAndConstraintsHoldAfterEveryStep() {
        WeightRules rules = WeightRules.NONE.withKernelRegularizer(Regularizers.l2(0.05))
                .withRecurrentRegularizer(Regularizers.l1(0.01)).withBiasConstraint(Constraints.nonNeg())
                .withRecurrentConstraint(Constraints.maxNorm(0.5));
        Sequential m = Sequential.seeded(3,
                Layers.lstm(4).withWeightRules(rules).withReturnSequences(true).inputShape(5, 2),
                Layers.gru(3).withWeightRules(rules).withReturnSequences(true),
                Layers.simpleRnn(2).withWeightRules(rules),
                Layers.dense(1));
        m.compile(Losses.meanSquaredError(), Optimizers.sgd(0.1));
        Tensor x = Tensor.wrap(Shape.of(12, 5, 2), Numeric.randomFloats(120, 1, 1));
        Tensor y = Tensor.wrap(Shape.of(12, 1), Numeric.randomFloats(12, 2, 1));
        double[] expectedFirstLoss = new double[1];
        double penaltyBefore = penalty(m);
        Tensor predBefore = m.predict(x.slice(0, 6));
        expectedFirstLoss[0] = Losses.meanSquaredError().evaluate(y.slice(0, 6), predBefore, false).value() + penaltyBefore;
        Callback check = new Callback() {
            @Override
            public void onBatchEnd(TrainingSession s, int epoch, int batch, Map<String, Double> logs) {
                if (epoch == 0 && batch == 0) {
                    assertEquals(expectedFirstLoss[0], logs.get("loss"), 1e-5);
                }
                for (Parameter p : m.parameters()) {
                    if (p.name().equals("bias") && !p.layerName().startsWith("dense")) {
                        for (float v : p.data()) {
                            assertTrue(v >= 0, p.path() + " has " + v);
                        }
                    }
                    if (p.name().equals("recurrentKernel")) {
                        int rows = p.shape().dim(0);
                        int cols = p.shape().dim(1);
                        for (int c = 0; c < cols; c++) {
                            double norm = 0;
                            for (int r = 0; r < rows; r++) {
                                norm += p.data()[r * cols + c] * p.data()[r * cols + c];
                            }
                            assertTrue(Math.sqrt(norm) <= 0.5 + 1e-5, p.path() + " column " + c + " norm " + Math.sqrt(norm));
                        }
                    }
                }
            }
        };
        m.fit(x, y, FitOptions.epochs(3).withBatchSize(6).withShuffle(false).withVerbosity(Verbosity.SILENT)
                .withCallbacks(check));
    }

    private static double penalty(Sequential m) {
        double total = 0;
        for (Parameter p : m.parameters()) {
            total += p.regularizer().map(r -> r.penalty(p.data())).orElse(0.0);
        }
        return total;
    }

    @Test
    void rulesAreOffByDefault() {
        assertEquals(WeightRules.NONE, Layers.lstm(2).weightRules());
        assertEquals(WeightRules.NONE, Layers.gru(2).weightRules());
        assertTrue(List.of(Layers.simpleRnn(2).weightRules()).get(0).isEmpty());
    }
}
