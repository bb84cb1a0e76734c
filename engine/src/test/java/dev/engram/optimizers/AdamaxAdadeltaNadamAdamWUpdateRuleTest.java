package dev.engram.optimizers;

import static dev.engram.optimizers.OptimizerFixture.compare;
import static dev.engram.optimizers.OptimizerFixture.parameter;
import static dev.engram.optimizers.OptimizerFixture.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.engram.layers.Parameter;
import dev.engram.optimizers.schedules.ExponentialDecay;
import org.junit.jupiter.api.Test;

/**
 * Adamax, Adadelta (both forms), Nadam and AdamW against double-precision transcriptions of their
 * update rules (tfjs-core adamax_optimizer.ts and adadelta_optimizer.ts; Keras 3 nadam.py, adamw.py
 * and adam.py) over 5 steps. Where the engine keeps {@code beta^t} as a float32 product or a float32
 * {@code pow}, as TF.js and Keras do, the reference uses the same float32 value (1 - 0.999f is
 * 7e-6 relative off 0.001); everything else is double.
 */
class AdamaxAdadeltaNadamAdamWUpdateRuleTest {
    private static final int N = OptimizerFixture.W0.length;

    @Test
    void adamaxTfjs() {
        for (double decay : new double[] {0, 0.3}) {
            double lr = 0.05;
            double b1 = 0.9;
            double b2 = 0.999;
            double eps = 1e-7;
            double[] m = new double[N];
            double[] u = new double[N];
            float[] acc = {(float) b1};
            compare(Optimizers.adamax(lr, b1, b2, eps, decay), (w, g, t) -> {
                if (t > 1) {
                    acc[0] *= (float) b1;
                }
                double lrT = lr / ((t - 1) * decay + 1);
                for (int i = 0; i < N; i++) {
                    m[i] = b1 * m[i] + (1 - b1) * g[i];
                    u[i] = Math.max(b2 * u[i], Math.abs(g[i]));
                    w[i] -= lrT / (1 - acc[0]) * m[i] / (u[i] + eps);
                }
            }, 5);
        }
    }

    @Test
    void adadeltaTfjsUsesTheAccumulatorsBeforeTheStep() {
        double lr = 0.5;
        double rho = 0.95;
        double eps = 1e-7;
        double[] ag = new double[N];
        double[] au = new double[N];
        compare(Optimizers.adadelta(lr, rho, eps), (w, g, t) -> {
            for (int i = 0; i < N; i++) {
                double newAg = rho * ag[i] + (1 - rho) * g[i] * g[i];
                double update = Math.sqrt(au[i] + eps) / Math.sqrt(ag[i] + eps) * g[i];
                au[i] = rho * au[i] + (1 - rho) * update * update;
                ag[i] = newAg;
                w[i] -= lr * update;
            }
        }, 5);
    }

    @Test
    void adadeltaKerasUsesTheUpdatedGradientAccumulator() {
        double lr = 1.0;
        double rho = 0.9;
        double eps = 1e-6;
        double[] ag = new double[N];
        double[] au = new double[N];
        compare(Optimizers.adadelta(lr, rho, eps).withForm(AdadeltaForm.KERAS), (w, g, t) -> {
            for (int i = 0; i < N; i++) {
                ag[i] = rho * ag[i] + (1 - rho) * g[i] * g[i];
                double update = Math.sqrt(au[i] + eps) / Math.sqrt(ag[i] + eps) * g[i];
                au[i] = rho * au[i] + (1 - rho) * update * update;
                w[i] -= lr * update;
            }
        }, 5);
    }

    @Test
    void adadeltaFirstTfjsStepIsPlainSgd() {
        Parameter p = parameter("dense");
        step(Optimizers.adadelta(), p, 1);
        for (int i = 0; i < N; i++) {
            // sqrt(0 + eps) / sqrt(0 + eps) = 1 exactly: w1 = w0 - 1.0 * g.
            assertEquals(OptimizerFixture.W0[i] - OptimizerFixture.gradient(1, i), p.data()[i], 1e-7);
        }
        Parameter k = parameter("dense");
        step(Optimizers.adadelta().withForm(AdadeltaForm.KERAS), k, 1);
        assertNotEquals(p.data()[0], k.data()[0]);
    }

    @Test
    void nadamKeras() {
        double lr = 0.05;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-7;
        double[] m = new double[N];
        double[] v = new double[N];
        double[] product = {1};
        compare(Optimizers.nadam(lr, b1, b2, eps), (w, g, t) -> {
            double uT = b1 * (1 - 0.5 * Math.pow(0.96, t));
            double uT1 = b1 * (1 - 0.5 * Math.pow(0.96, t + 1));
            product[0] *= uT;
            double productT1 = product[0] * uT1;
            double b2Power = (float) Math.pow((float) b2, t);
            for (int i = 0; i < N; i++) {
                m[i] += (g[i] - m[i]) * (1 - b1);
                v[i] += (g[i] * g[i] - v[i]) * (1 - b2);
                double mHat = uT1 * m[i] / (1 - productT1) + (1 - uT) * g[i] / (1 - product[0]);
                double vHat = v[i] / (1 - b2Power);
                w[i] -= mHat * lr / (Math.sqrt(vHat) + eps);
            }
        }, 5);
    }

    @Test
    void adamwKerasDecaysBeforeTheAdamStep() {
        double lr = 0.05;
        double wd = 0.1;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-7;
        double[] m = new double[N];
        double[] v = new double[N];
        compare(Optimizers.adamw(lr, wd, b1, b2, eps), (w, g, t) -> {
            double b1Power = (float) Math.pow((float) b1, t);
            double b2Power = (float) Math.pow((float) b2, t);
            double alpha = lr * Math.sqrt(1 - b2Power) / (1 - b1Power);
            for (int i = 0; i < N; i++) {
                w[i] -= w[i] * wd * lr;
                m[i] += (g[i] - m[i]) * (1 - b1);
                v[i] += (g[i] * g[i] - v[i]) * (1 - b2);
                w[i] -= m[i] * alpha / (Math.sqrt(v[i]) + eps);
            }
        }, 5);
    }

    @Test
    void scheduleSetsTheRateOfEachStepFromZero() {
        ExponentialDecay schedule = new ExponentialDecay(0.2, 2, 0.5, false);
        compare(Optimizers.sgd(0.01).setSchedule(schedule), (w, g, t) -> {
            double lr = 0.2 * Math.pow(0.5, (t - 1) / 2.0);
            for (int i = 0; i < N; i++) {
                w[i] -= lr * g[i];
            }
        }, 5);
        // AdamW's decay uses the scheduled rate too (Keras reads optimizer.learning_rate).
        double wd = 0.2;
        double[] m = new double[N];
        double[] v = new double[N];
        compare(Optimizers.adamw(0.01, wd).setSchedule(schedule), (w, g, t) -> {
            double lr = 0.2 * Math.pow(0.5, (t - 1) / 2.0);
            double b1Power = (float) Math.pow(0.9f, t);
            double b2Power = (float) Math.pow(0.999f, t);
            double alpha = lr * Math.sqrt(1 - b2Power) / (1 - b1Power);
            for (int i = 0; i < N; i++) {
                w[i] -= w[i] * wd * lr;
                m[i] += (g[i] - m[i]) * 0.1;
                v[i] += (g[i] * g[i] - v[i]) * 0.001;
                w[i] -= m[i] * alpha / (Math.sqrt(v[i]) + 1e-7);
            }
        }, 5);
    }

    @Test
    void defaultsAndAccessors() {
        Adamax adamax = Optimizers.adamax();
        assertEquals(0.002, adamax.learningRate());
        assertEquals(0.9, adamax.beta1());
        assertEquals(0.999, adamax.beta2());
        assertEquals(1e-7, adamax.epsilon());
        assertEquals(0, adamax.decay());
        Adadelta adadelta = Optimizers.adadelta();
        assertEquals(1.0, adadelta.learningRate());
        assertEquals(0.95, adadelta.rho());
        assertEquals(1e-7, adadelta.epsilon());
        assertEquals(AdadeltaForm.TFJS, adadelta.form());
        Nadam nadam = Optimizers.nadam();
        assertEquals(0.001, nadam.learningRate());
        assertEquals(0.9, nadam.beta1());
        assertEquals(0.999, nadam.beta2());
        assertEquals(1e-7, nadam.epsilon());
        AdamW adamw = Optimizers.adamw();
        assertEquals(0.001, adamw.learningRate());
        assertEquals(0.004, adamw.weightDecay());
        assertEquals(AdamEpsilon.EPSILON_HAT, adamw.epsilonForm());
        AdamW tfjsForm = adamw.withEpsilonForm(AdamEpsilon.BIAS_CORRECTED);
        assertEquals(0.004, tfjsForm.weightDecay());
        assertEquals("adamw", tfjsForm.name());
        assertEquals(AdamEpsilon.BIAS_CORRECTED, tfjsForm.epsilonForm());
    }
}
