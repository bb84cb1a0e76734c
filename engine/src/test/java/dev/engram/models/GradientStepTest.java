package dev.engram.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.activations.Activations;
import dev.engram.constraints.Constraints;
import dev.engram.layers.Layers;
import dev.engram.layers.TrainingContext;
import dev.engram.losses.Losses;
import dev.engram.optimizers.Optimizers;
import dev.engram.regularizers.Regularizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.Numeric;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * GradientStep is fit's batch step in two halves: compute then apply equals a fit epoch of one
 * batch (regularizer, constraint and Adam included), and the sample-weighted mean of the gradients
 * of two shards equals the gradient of the whole batch.
 */
class GradientStepTest {
    private static final int N = 10;

    private static Tensor x() {
        return Tensor.of(Shape.of(N, 4, 2), Numeric.randomFloats(N * 8, 21, 1.0));
    }

    private static Tensor y() {
        return Tensor.of(Shape.of(N, 1), Numeric.randomFloats(N, 22, 1.0));
    }

    private static Sequential model() {
        Sequential m = Sequential.seeded(5,
                Layers.lstm(6).inputShape(4, 2),
                Layers.dense(3).withActivation(Activations.tanh()).withKernelRegularizer(Regularizers.l2(0.01))
                        .withKernelConstraint(Constraints.maxNorm(0.7)),
                Layers.dense(1));
        m.compile(Losses.meanSquaredError(), Optimizers.adam());
        return m;
    }

    @Test
    void computeThenApplyEqualsFitOverSeveralBatches() {
        Sequential fitted = model();
        fitted.fit(x(), y(), FitOptions.epochs(2).withBatchSize(4).withShuffle(false).withVerbosity(Verbosity.SILENT));

        Sequential stepped = model();
        GradientStep step = GradientStep.of(stepped);
        TrainingContext context = new TrainingContext(new SplittableRandom(1));
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int from = 0; from < N; from += 4) {
                int to = Math.min(N, from + 4);
                BatchGradients g = step.compute(List.of(x().slice(from, to)), List.of(y().slice(from, to)), context);
                assertEquals(to - from, g.samples());
                step.apply(g.gradients());
            }
        }
        List<Tensor> expected = fitted.getWeights();
        List<Tensor> actual = stepped.getWeights();
        for (int i = 0; i < expected.size(); i++) {
            // Equal up to float rounding: the kernels may split the batch's sums differently.
            float[] e = expected.get(i).buffer();
            float[] a = actual.get(i).buffer();
            for (int j = 0; j < e.length; j++) {
                assertEquals(e[j], a[j], 1e-7 + 1e-5 * Math.abs(e[j]), "weight " + i + "[" + j + "]");
            }
        }
    }

    @Test
    void sampleWeightedStepsEqualFitWithSampleWeights() {
        float[] w = new float[N];
        for (int i = 0; i < N; i++) {
            w[i] = 0.25f + 0.5f * (i % 3);
        }
        Tensor weights = Tensor.of(w);
        Sequential fitted = model();
        fitted.fit(x(), y(), FitOptions.epochs(1).withBatchSize(4).withShuffle(false).withSampleWeight(weights)
                .withVerbosity(Verbosity.SILENT));

        Sequential stepped = model();
        GradientStep step = GradientStep.of(stepped);
        TrainingContext context = new TrainingContext(new SplittableRandom(1));
        for (int from = 0; from < N; from += 4) {
            int to = Math.min(N, from + 4);
            BatchGradients g = step.compute(List.of(x().slice(from, to)), List.of(y().slice(from, to)),
                    weights.slice(from, to), context);
            step.apply(g.gradients());
        }
        List<Tensor> expected = fitted.getWeights();
        List<Tensor> actual = stepped.getWeights();
        for (int i = 0; i < expected.size(); i++) {
            float[] e = expected.get(i).buffer();
            float[] a = actual.get(i).buffer();
            for (int j = 0; j < e.length; j++) {
                assertEquals(e[j], a[j], 1e-7 + 1e-5 * Math.abs(e[j]), "weight " + i + "[" + j + "]");
            }
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> step.compute(List.of(x()), List.of(y()), weights.slice(0, 3), context));
        assertTrue(bad.getMessage().contains("3"), bad.getMessage());
    }

    @Test
    void weightedShardGradientsEqualTheWholeBatchGradient() {
        Sequential m = model();
        GradientStep step = GradientStep.of(m);
        TrainingContext context = new TrainingContext(new SplittableRandom(1));
        BatchGradients whole = step.compute(List.of(x()), List.of(y()), context);
        BatchGradients a = step.compute(List.of(x().slice(0, 3)), List.of(y().slice(0, 3)), context);
        BatchGradients b = step.compute(List.of(x().slice(3, N)), List.of(y().slice(3, N)), context);
        assertEquals(whole.loss(), (a.loss() * 3 + b.loss() * (N - 3)) / N, 1e-6);
        for (int p = 0; p < whole.gradients().length; p++) {
            for (int i = 0; i < whole.gradients()[p].length; i++) {
                float combined = (a.gradients()[p][i] * 3 + b.gradients()[p][i] * (N - 3)) / N;
                assertEquals(whole.gradients()[p][i], combined, 1e-6 + 1e-5 * Math.abs(combined), "param " + p + "[" + i + "]");
            }
        }
        // compute leaves the weights alone
        assertTrue(m.getWeights().get(0).equals(model().getWeights().get(0)));
    }

    @Test
    void refusesUncompiledModelsAndMismatchedGradients() {
        Sequential m = Sequential.seeded(1, Layers.dense(1).inputShape(2));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GradientStep.of(m));
        assertTrue(e.getMessage().contains("must be compiled"), e.getMessage());
        GradientStep step = GradientStep.of(model());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> step.apply(new float[][] {new float[1]}));
        assertTrue(bad.getMessage().contains("gradients were given"), bad.getMessage());
    }
}
