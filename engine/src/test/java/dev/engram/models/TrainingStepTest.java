package dev.engram.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.engram.data.Sample;
import dev.engram.layers.Layers;
import dev.engram.losses.Losses;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.Numeric;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The split step: gradients of batch parts, combined and applied, equal fit's step on the whole batch. */
class TrainingStepTest {
    private static Sequential model() {
        Sequential m = Sequential.seeded(3, Layers.lstm(5).inputShape(4, 2), Layers.dense(2));
        m.compile(Losses.meanSquaredError(), Optimizers.adam(0.01), Metrics.meanAbsoluteError());
        return m;
    }

    @Test
    void combinedPartGradientsReproduceTheWholeBatchStep() {
        Tensor x = Tensor.wrap(Shape.of(12, 4, 2), Numeric.randomFloats(96, 1, 1));
        Tensor y = Tensor.wrap(Shape.of(12, 2), Numeric.randomFloats(24, 2, 1));
        Sequential whole = model();
        History h = whole.fit(x, y, FitOptions.epochs(1).withBatchSize(12).withShuffle(false)
                .withVerbosity(Verbosity.SILENT));

        Sequential split = model();
        TrainingStep step = TrainingStep.of(split);
        List<Tensor> before = split.getWeights();
        BatchGradients a = step.gradients(Sample.of(x.slice(0, 5), y.slice(0, 5)), 1);
        BatchGradients b = step.gradients(Sample.of(x.slice(5, 12), y.slice(5, 12)), 1);
        assertEquals(before, split.getWeights(), "computing gradients changes no weight");
        assertEquals(0, split.optimizer().iterations());
        BatchGradients all = BatchGradients.combine(List.of(a, b));
        assertEquals(12, all.samples());
        assertEquals(h.get("loss").get(0), all.logs().get("loss"), 1e-6);
        step.apply(all);
        assertEquals(1, split.optimizer().iterations());
        for (int i = 0; i < whole.getWeights().size(); i++) {
            Numeric.assertClose("weight " + i, whole.getWeights().get(i).buffer(), split.getWeights().get(i).buffer(),
                    1e-5, 1e-6);
        }
        assertThrows(IllegalArgumentException.class, () -> step.apply(new BatchGradients(List.of(), java.util.Map.of(),
                1)));
    }
}
