package dev.engram.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.activations.Activations;
import dev.engram.constraints.Constraints;
import dev.engram.layers.DenseConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.Parameter;
import dev.engram.losses.Losses;
import dev.engram.optimizers.Optimizers;
import dev.engram.regularizers.Regularizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.Numeric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * End to end: a Dense model with an L2 kernel regularizer and a MaxNorm kernel constraint. The loss
 * fit reports is the data loss plus the penalty of the weights before the update; the penalty's
 * gradient enters the update; the constraint holds after every epoch; evaluate leaves the penalty out.
 */
class RegularizedFitTest {
    private static final double L2 = 0.05;
    private static final double MAX_NORM = 0.6;

    private static Tensor x() {
        return Tensor.of(Shape.of(12, 3), Numeric.randomFloats(36, 11, 1.0));
    }

    private static Tensor y() {
        return Tensor.of(Shape.of(12, 2), Numeric.randomFloats(24, 12, 1.0));
    }

    private static Sequential model(boolean regularized, boolean constrained) {
        var hidden = Layers.dense(4).withActivation(Activations.tanh()).inputShape(3).withName("hidden");
        if (regularized) {
            hidden = hidden.withKernelRegularizer(Regularizers.l2(L2));
        }
        if (constrained) {
            hidden = hidden.withKernelConstraint(Constraints.maxNorm(MAX_NORM));
        }
        Sequential m = new Sequential("m", 7);
        m.add(hidden);
        m.add(Layers.dense(2).withName("out"));
        return m;
    }

    private static double l2Penalty(Tensor kernel) {
        double s = 0;
        for (float v : kernel.buffer()) {
            s += (double) v * v;
        }
        return L2 * s;
    }

    private static double maxColumnNorm(Tensor kernel) {
        int in = kernel.shape().dim(0);
        int units = kernel.shape().dim(1);
        double max = 0;
        for (int c = 0; c < units; c++) {
            double s = 0;
            for (int r = 0; r < in; r++) {
                double v = kernel.buffer()[r * units + c];
                s += v * v;
            }
            max = Math.max(max, Math.sqrt(s));
        }
        return max;
    }

    @Test
    void lossIncludesPenaltyAndConstraintHoldsAfterEveryEpoch() {
        Sequential m = model(true, true);
        Tensor x = x();
        Tensor y = y();
        m.compile(Losses.meanSquaredError(), Optimizers.sgd(0.5));
        assertTrue(maxColumnNorm(m.getWeights().get(0)) > MAX_NORM, "the initial kernel must violate the constraint");
        List<Double> expected = new ArrayList<>();
        List<Double> norms = new ArrayList<>();
        Callback check = new Callback() {
            @Override
            public void onEpochBegin(TrainingSession s, int epoch) {
                // One batch per epoch: its loss is measured on the weights at the start of the epoch.
                double data = m.evaluate(x, y).get("loss");
                expected.add(data + l2Penalty(s.weights().get(0)));
            }

            @Override
            public void onEpochEnd(TrainingSession s, int epoch, Map<String, Double> logs) {
                norms.add(maxColumnNorm(s.weights().get(0)));
            }
        };
        History h = m.fit(x, y, FitOptions.epochs(4).withBatchSize(12).withShuffle(false)
                .withVerbosity(Verbosity.SILENT).withCallbacks(check));
        for (int e = 0; e < 4; e++) {
            assertEquals(expected.get(e), h.get("loss").get(e), 1e-6 * expected.get(e), "epoch " + (e + 1));
            assertTrue(norms.get(e) <= MAX_NORM * (1 + 1e-6), "epoch " + (e + 1) + " max column norm " + norms.get(e));
        }
        assertTrue(l2Penalty(m.getWeights().get(0)) > 1e-3 * h.get("loss").get(3), "the penalty must matter");
        // The expected values above used evaluate() as the data loss: had evaluate included the penalty,
        // as Keras 3 does but TF.js's test function does not, they would have counted it twice.
    }

    @Test
    void denseConfigCarriesRegularizersAndConstraintsThroughEveryWither() {
        DenseConfig c = Layers.dense(3).withKernelRegularizer(Regularizers.l2(0.1)).withBiasRegularizer(Regularizers.l1(0.2))
                .withKernelConstraint(Constraints.maxNorm(2)).withBiasConstraint(Constraints.nonNeg())
                .withActivation(Activations.relu()).withUseBias(true).withName("d").inputShape(5);
        assertEquals(Regularizers.l2(0.1), c.kernelRegularizer());
        assertEquals(Regularizers.l1(0.2), c.biasRegularizer());
        assertEquals(Constraints.maxNorm(2), c.kernelConstraint());
        assertEquals(Constraints.nonNeg(), c.biasConstraint());
        DenseConfig legacy = new DenseConfig(3, Activations.linear(), true, c.kernelInitializer(), c.biasInitializer(),
                null, null);
        assertEquals(null, legacy.kernelRegularizer());
        assertEquals(null, legacy.biasConstraint());
        Sequential m = new Sequential("m", 1);
        m.add(c);
        assertEquals(Constraints.nonNeg(), m.parameters().get(1).constraint().orElseThrow());
        assertEquals(Regularizers.l1(0.2), m.parameters().get(1).regularizer().orElseThrow());
    }

    @Test
    void penaltyGradientEntersTheUpdate() {
        double lr = 0.3;
        Sequential plain = model(false, false);
        Sequential reg = model(true, false);
        reg.setWeights(plain.getWeights());
        Tensor w0 = plain.getWeights().get(0);
        plain.compile(Losses.meanSquaredError(), Optimizers.sgd(lr));
        reg.compile(Losses.meanSquaredError(), Optimizers.sgd(lr));
        FitOptions one = FitOptions.epochs(1).withBatchSize(12).withShuffle(false).withVerbosity(Verbosity.SILENT);
        History hp = plain.fit(x(), y(), one);
        History hr = reg.fit(x(), y(), one);
        float[] a = plain.getWeights().get(0).buffer();
        float[] b = reg.getWeights().get(0).buffer();
        for (int i = 0; i < a.length; i++) {
            // SGD: the difference is -lr * d(l2 * w^2)/dw = -lr * 2 * l2 * w0.
            assertEquals(-lr * 2 * L2 * w0.buffer()[i], b[i] - a[i], 1e-6, "kernel element " + i);
        }
        Numeric.assertClose("other weights", plain.getWeights().get(1).buffer(), reg.getWeights().get(1).buffer(), 0, 0);
        assertEquals(hp.get("loss").get(0) + l2Penalty(w0), hr.get("loss").get(0), 1e-6);
        Parameter kernel = reg.parameters().get(0);
        assertEquals(Regularizers.l2(L2), kernel.regularizer().orElseThrow());
        assertTrue(kernel.constraint().isEmpty());
        assertTrue(reg.parameters().get(1).regularizer().isEmpty(), "bias has no regularizer");
    }
}
