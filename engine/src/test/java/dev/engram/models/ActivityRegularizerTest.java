package dev.engram.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.activations.Activations;
import dev.engram.layers.ActivityRegularizedConfig;
import dev.engram.layers.DenseConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.Parameter;
import dev.engram.layers.TrainingContext;
import dev.engram.losses.Losses;
import dev.engram.optimizers.Optimizers;
import dev.engram.regularizers.ActivityRegularizer;
import dev.engram.regularizers.ActivityScaling;
import dev.engram.regularizers.Regularizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.Numeric;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Activity regularizers end to end: the penalty of every output of a layer (an LSTM's states too)
 * enters the training loss with the scaling of its origin (tf-keras divides by the batch size, Keras 3
 * does not), its gradient enters every parameter's gradient (checked against central differences of
 * the step's own loss), fit reports it and evaluate leaves it out; wrappers refuse it on their inner layer.
 */
class ActivityRegularizerTest {
    private static final int BATCH = 4;
    private static final int STEPS = 5;

    private static Tensor x() {
        return Tensor.of(Shape.of(BATCH, STEPS, 3), Numeric.randomFloats(BATCH * STEPS * 3, 21, 1.0));
    }

    private static Tensor y() {
        return Tensor.of(Shape.of(BATCH, STEPS * 2), Numeric.randomFloats(BATCH * STEPS * 2, 22, 0.5));
    }

    /**
     * Input [5, 3] -> LSTM(3, sequences and states; activity L1L2, batch mean) -> Dense(2, sigmoid; activity
     * L1, summed) -> Flatten. The LSTM's states reach no loss but their penalty does.
     */
    private static Model model(ActivityScaling lstmScaling) {
        ModelBuilder b = new ModelBuilder("activity", 5);
        SymbolicTensor in = b.input("x", STEPS, 3);
        // Smooth gates (sigmoid, not TF.js's default hard_sigmoid) keep the central differences exact.
        Layer lstm = b.layer(Layers.lstm(3).withRecurrentActivation(Activations.sigmoid()).withReturnSequences(true)
                .withReturnState(true).withName("lstm")
                .withActivityRegularizer(new ActivityRegularizer(Regularizers.l1l2(0.03, 0.05), lstmScaling)));
        SymbolicTensor seq = b.applyAll(lstm, in).get(0);
        SymbolicTensor dense = b.apply(Layers.dense(2).withActivation(Activations.sigmoid()).withName("dense")
                .withActivityRegularizer(ActivityRegularizer.of(Regularizers.l1(0.02))), seq);
        SymbolicTensor out = b.apply(Layers.flatten(), dense);
        Model m = b.build(List.of(in), List.of(out));
        m.compile(Losses.meanSquaredError(), Optimizers.sgd(0.1));
        return m;
    }

    private static double loss(GradientStep step, Tensor x, Tensor y) {
        return step.compute(List.of(x), List.of(y), new TrainingContext(new SplittableRandom(1))).loss();
    }

    @Test
    void gradientsOfThePenalisedLossMatchCentralDifferences() {
        assertGradientsMatch(model(ActivityScaling.BATCH_MEAN), x(), y());
    }

    @Test
    void anActivityRegularizationLayerPenalisesWhatPassesThrough() {
        Sequential m = new Sequential("reg", 3);
        m.add(Layers.dense(4).withActivation(Activations.tanh()).inputShape(3));
        m.add(Layers.activityRegularization(ActivityRegularizer.batchMean(Regularizers.l1l2(0.04, 0.3))));
        m.add(Layers.dense(2));
        m.compile(Losses.meanSquaredError(), Optimizers.sgd(0.1));
        Tensor x = Tensor.of(Shape.of(5, 3), Numeric.randomFloats(15, 31, 1.0));
        Tensor y = Tensor.of(Shape.of(5, 2), Numeric.randomFloats(10, 32, 1.0));
        assertGradientsMatch(m, x, y);
        double s = 0;
        for (float v : m.layers().get(0).call(x).buffer()) {
            s += 0.04 * Math.abs(v) + 0.3 * v * v;
        }
        assertEquals(m.evaluate(x, y).get("loss") + s / 5, loss(GradientStep.of(m), x, y), 1e-5);
    }

    @Test
    void aSharedLayerIsPenalisedOncePerCall() {
        ModelBuilder b = new ModelBuilder("shared", 9);
        SymbolicTensor a = b.input("a", 3);
        SymbolicTensor c = b.input("c", 3);
        Layer shared = b.layer(Layers.dense(2).withActivation(Activations.tanh()).withName("shared")
                .withActivityRegularizer(ActivityRegularizer.batchMean(Regularizers.l2(0.4))));
        SymbolicTensor sum = b.apply(Layers.add(), b.applyAll(shared, a).get(0), b.applyAll(shared, c).get(0));
        Model m = b.build(List.of(a, c), List.of(sum));
        m.compile(Losses.meanSquaredError(), Optimizers.sgd(0.1));
        Tensor xa = Tensor.of(Shape.of(3, 3), Numeric.randomFloats(9, 41, 1.0));
        Tensor xc = Tensor.of(Shape.of(3, 3), Numeric.randomFloats(9, 42, 1.0));
        Tensor y = Tensor.of(Shape.of(3, 2), Numeric.randomFloats(6, 43, 1.0));
        double penalty = 0;
        for (Tensor x : List.of(xa, xc)) {
            for (float v : shared.call(x).buffer()) {
                penalty += 0.4 * v * v / 3;
            }
        }
        double loss = GradientStep.of(m).compute(List.of(xa, xc), List.of(y),
                new TrainingContext(new SplittableRandom(1))).loss();
        assertEquals(m.evaluate(List.of(xa, xc), List.of(y)).get("loss") + penalty, loss, 1e-5);
    }

    /** Every parameter gradient of a step's penalised loss against central differences of that loss. */
    private static void assertGradientsMatch(Network m, Tensor x, Tensor y) {
        GradientStep step = GradientStep.of(m);
        BatchGradients g = step.compute(List.of(x), List.of(y), new TrainingContext(new SplittableRandom(1)));
        List<Parameter> params = m.parameters();
        double h = 2e-3;
        for (int p = 0; p < params.size(); p++) {
            float[] w = params.get(p).data();
            for (int i = 0; i < w.length; i++) {
                float keep = w[i];
                w[i] = (float) (keep + h);
                double up = loss(step, x, y);
                w[i] = (float) (keep - h);
                double down = loss(step, x, y);
                w[i] = keep;
                double numeric = (up - down) / (2 * h);
                double analytic = g.gradients()[p][i];
                assertEquals(numeric, analytic, 2e-3 * Math.abs(numeric) + 2e-4,
                        params.get(p).path() + "[" + i + "]");
            }
        }
    }

    @Test
    void penaltyIsEveryOutputsRegularizerScaledByItsOrigin() {
        Model mean = model(ActivityScaling.BATCH_MEAN);
        Model sum = model(ActivityScaling.SUM);
        sum.setWeights(mean.getWeights());
        Tensor x = x();
        Tensor y = y();
        double data = mean.evaluate(x, y).get("loss");
        double lstmPenalty = lstmPenalty(mean, x);
        double densePenalty = densePenalty(mean, x);
        assertTrue(lstmPenalty > 0.05 * data && densePenalty > 0.05 * data, "the penalties must matter");
        assertEquals(data + lstmPenalty / BATCH + densePenalty, loss(GradientStep.of(mean), x, y), 1e-5);
        assertEquals(data + lstmPenalty + densePenalty, loss(GradientStep.of(sum), x, y), 1e-5);
    }

    /** 0.03 * sum|v| + 0.05 * sum v^2 over the LSTM's sequence, h and c (all three outputs). */
    private static double lstmPenalty(Model m, Tensor x) {
        Layer lstm = m.layers().get(0);
        double s = 0;
        for (Tensor t : lstm.callAll(x)) {
            for (float v : t.buffer()) {
                s += 0.03 * Math.abs(v) + 0.05 * v * v;
            }
        }
        return s;
    }

    /** 0.02 * sum|dense output|, the dense layer applied to the LSTM's sequence. */
    private static double densePenalty(Model m, Tensor x) {
        Tensor seq = m.layers().get(0).callAll(x).get(0);
        double s = 0;
        for (float v : m.layers().get(1).call(seq).buffer()) {
            s += 0.02 * Math.abs(v);
        }
        return s;
    }

    @Test
    void fitReportsThePenaltyOfTheWeightsBeforeTheUpdateAndEvaluateLeavesItOut() {
        Model m = model(ActivityScaling.BATCH_MEAN);
        Model copy = model(ActivityScaling.BATCH_MEAN);
        copy.setWeights(m.getWeights());
        Tensor x = x();
        Tensor y = y();
        double expected = loss(GradientStep.of(copy), x, y);
        History h = m.fit(x, y, FitOptions.epochs(1).withBatchSize(BATCH).withShuffle(false)
                .withVerbosity(Verbosity.SILENT));
        assertEquals(expected, h.get("loss").get(0), 1e-6 * expected);
        // The step used the penalty's gradient: it differs from a step of the data loss alone.
        Model plain = plainCopy(copy);
        plain.fit(x, y, FitOptions.epochs(1).withBatchSize(BATCH).withShuffle(false).withVerbosity(Verbosity.SILENT));
        float[] a = plain.getWeights().get(0).buffer();
        float[] b = m.getWeights().get(0).buffer();
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        assertTrue(diff > 1e-4, "the activity penalty must change the update, max difference " + diff);
    }

    /** The same network and weights without activity regularizers. */
    private static Model plainCopy(Model source) {
        ModelBuilder b = new ModelBuilder("plain", 5);
        SymbolicTensor in = b.input("x", STEPS, 3);
        SymbolicTensor seq = b.applyAll(b.layer(Layers.lstm(3).withRecurrentActivation(Activations.sigmoid())
                .withReturnSequences(true).withReturnState(true)), in).get(0);
        SymbolicTensor dense = b.apply(Layers.dense(2).withActivation(Activations.sigmoid()), seq);
        Model m = b.build(List.of(in), List.of(b.apply(Layers.flatten(), dense)));
        m.compile(Losses.meanSquaredError(), Optimizers.sgd(0.1));
        m.setWeights(source.getWeights());
        return m;
    }

    @Test
    void theWrapperKeepsTheLayerConfigAndItsIdentity() {
        ActivityRegularizer r = ActivityRegularizer.batchMean(Regularizers.l2(0.1));
        DenseConfig dense = Layers.dense(3);
        LayerConfig<?> c = dense.withActivityRegularizer(r).withName("d").withInputShape(Shape.of(4));
        ActivityRegularizedConfig wrapped = (ActivityRegularizedConfig) c;
        assertEquals("d", wrapped.name());
        assertEquals(Shape.of(4), wrapped.inputShape());
        assertEquals(dense.withName("d").withInputShape(Shape.of(4)), wrapped.layer());
        assertEquals("dense", wrapped.defaultNamePrefix());
        Layer layer = wrapped.create("d");
        assertSame(r, layer.activityRegularizer());
        assertEquals(wrapped.layer(), layer.config());
        assertNull(Layers.dense(3).create("p").activityRegularizer());
        assertEquals(wrapped.layer(), wrapped.withActivityRegularizer(null));
        assertSame(dense, dense.withActivityRegularizer(null));
        ActivityRegularizer other = ActivityRegularizer.of(Regularizers.l1(0.2));
        assertEquals(new ActivityRegularizedConfig(wrapped.layer(), other), wrapped.withActivityRegularizer(other));
        Sequential s = new Sequential("s", 1);
        s.add(c);
        assertSame(r, s.layers().get(0).activityRegularizer());
    }

    @Test
    void wrappersRefuseAnActivityRegularizerOnTheirInnerLayer() {
        ActivityRegularizer r = ActivityRegularizer.of(Regularizers.l1(0.1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Layers.timeDistributed(Layers.dense(2).withActivityRegularizer(r)));
        assertEquals("TimeDistributed cannot wrap a layer with an activity regularizer; put the activity regularizer"
                + " on the TimeDistributed layer itself", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Layers.bidirectional(Layers.lstm(2).withActivityRegularizer(r)));
        assertTrue(e.getMessage().startsWith("Bidirectional cannot wrap a layer with an activity regularizer"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ActivityRegularizedConfig(new ActivityRegularizedConfig(Layers.dense(2), r), r));
        assertTrue(e.getMessage().contains("already has an activity regularizer"), e.getMessage());
    }
}
