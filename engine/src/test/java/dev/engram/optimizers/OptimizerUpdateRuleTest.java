package dev.engram.optimizers;

import static dev.engram.optimizers.OptimizerFixture.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.layers.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer against a double-precision transcription of the TF.js update rule (tfjs-core
 * src/optimizers/*_optimizer.ts; Keras 3 adam.py for the epsilon-hat form) over 5 steps.
 */
class OptimizerUpdateRuleTest {

    @Test
    void sgd() {
        double lr = 0.1;
        compare(Optimizers.sgd(lr), (w, g, t) -> {
            for (int i = 0; i < w.length; i++) {
                w[i] -= lr * g[i];
            }
        }, 5);
    }

    @Test
    void momentumAndNesterov() {
        for (boolean nesterov : new boolean[] {false, true}) {
            double lr = 0.05;
            double mu = 0.9;
            double[] acc = new double[6];
            compare(Optimizers.sgd(lr, mu, nesterov), (w, g, t) -> {
                for (int i = 0; i < w.length; i++) {
                    acc[i] = mu * acc[i] + g[i];
                    w[i] -= nesterov ? lr * (g[i] + mu * acc[i]) : lr * acc[i];
                }
            }, 5);
        }
    }

    @Test
    void adamTfjsForm() {
        double lr = 0.05;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-7;
        double[] m = new double[6];
        double[] v = new double[6];
        // TF.js keeps beta^t as float32 variables (accBeta1/2: start at beta, times beta per step), so
        // the bias corrections are 1 - (that float32 product): 1 - 0.999f is 0.00099998713, which moves
        // the step by ~7e-6 relative to exact arithmetic. The reference models exactly that.
        float[] acc = {(float) b1, (float) b2};
        compare(Optimizers.adam(lr), (w, g, t) -> {
            if (t > 1) {
                acc[0] *= (float) b1;
                acc[1] *= (float) b2;
            }
            for (int i = 0; i < w.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double mHat = m[i] / (1 - (double) acc[0]);
                double vHat = v[i] / (1 - (double) acc[1]);
                w[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
        }, 5);
    }

    @Test
    void adamEpsilonHatForm() {
        double lr = 0.05;
        double b1 = 0.8;
        double b2 = 0.99;
        double eps = 1e-3; // large enough that the two epsilon forms differ visibly
        double[] m = new double[6];
        double[] v = new double[6];
        compare(Optimizers.adam(lr, b1, b2, eps).withEpsilonForm(AdamEpsilon.EPSILON_HAT), (w, g, t) -> {
            // Keras computes beta^t as pow(float32(beta), t) in float32.
            double b1Power = (float) Math.pow((float) b1, t);
            double b2Power = (float) Math.pow((float) b2, t);
            double alpha = lr * Math.sqrt(1 - b2Power) / (1 - b1Power);
            for (int i = 0; i < w.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                w[i] -= alpha * m[i] / (Math.sqrt(v[i]) + eps);
            }
        }, 5);
    }

    @Test
    void rmspropPlainWithAndWithoutMomentum() {
        for (double mu : new double[] {0, 0.7}) {
            double lr = 0.01;
            double decay = 0.9;
            double eps = 1e-7;
            double[] ms = new double[6];
            double[] mom = new double[6];
            compare(Optimizers.rmsprop(lr, decay, mu, eps, false), (w, g, t) -> {
                for (int i = 0; i < w.length; i++) {
                    ms[i] = decay * ms[i] + (1 - decay) * g[i] * g[i];
                    mom[i] = mu * mom[i] + lr * g[i] / Math.sqrt(ms[i] + eps);
                    w[i] -= mom[i];
                }
            }, 5);
        }
    }

    @Test
    void rmspropCentered() {
        double lr = 0.01;
        double decay = 0.8;
        double mu = 0.5;
        double eps = 1e-6;
        double[] ms = new double[6];
        double[] mg = new double[6];
        double[] mom = new double[6];
        compare(Optimizers.rmsprop(lr, decay, mu, eps, true), (w, g, t) -> {
            for (int i = 0; i < w.length; i++) {
                ms[i] = decay * ms[i] + (1 - decay) * g[i] * g[i];
                mg[i] = decay * mg[i] + (1 - decay) * g[i];
                // TF.js: epsilon is subtracted together with mg^2.
                mom[i] = mu * mom[i] + lr * g[i] / Math.sqrt(ms[i] - (mg[i] * mg[i] + eps));
                w[i] -= mom[i];
            }
        }, 5);
    }

    @Test
    void rmspropCenteredKerasForm() {
        for (double mu : new double[] {0, 0.5}) {
            double lr = 0.01;
            double decay = 0.8;
            double eps = 1e-6;
            double[] ms = new double[6];
            double[] mg = new double[6];
            double[] mom = new double[6];
            RmsProp keras = Optimizers.rmsprop(lr, decay, mu, eps, true).withForm(RmsPropForm.KERAS);
            assertEquals(RmsPropForm.KERAS, keras.form());
            compare(keras, (w, g, t) -> {
                for (int i = 0; i < w.length; i++) {
                    ms[i] = decay * ms[i] + (1 - decay) * g[i] * g[i];
                    mg[i] = decay * mg[i] + (1 - decay) * g[i];
                    // Keras: velocity - average_grad^2 + epsilon.
                    mom[i] = mu * mom[i] + lr * g[i] / Math.sqrt(ms[i] - mg[i] * mg[i] + eps);
                    w[i] -= mom[i];
                }
            }, 5);
        }
    }

    @Test
    void centeredKerasFormStaysFiniteForZeroGradients() {
        RmsProp rms = Optimizers.rmsprop(0.01, 0.9, 0, 1e-7, true).withForm(RmsPropForm.KERAS);
        Parameter p = OptimizerFixture.parameter("dense");
        float before = p.data()[0];
        rms.step(List.of(p));
        assertEquals(before, p.data()[0], 0f);
    }

    @Test
    void adagrad() {
        for (double initial : new double[] {0.1, 0.5}) {
            double lr = 0.05;
            double[] acc = {initial, initial, initial, initial, initial, initial};
            compare(Optimizers.adagrad(lr, initial), (w, g, t) -> {
                for (int i = 0; i < w.length; i++) {
                    acc[i] += g[i] * g[i];
                    w[i] -= lr * g[i] / Math.sqrt(acc[i] + 1e-7);
                }
            }, 5);
        }
    }

    @Test
    void centeredRmspropDividesByTheSqrtOfANegativeNumberForZeroGradientsLikeTfjs() {
        // TF.js computes sqrt(rms - (mg^2 + eps)); with g = 0 that is sqrt(-eps) = NaN. Pinned so that a
        // change away from TF.js parity is a deliberate decision, not an accident.
        RmsProp rms = Optimizers.rmsprop(0.01, 0.9, 0, 1e-7, true);
        Parameter p = OptimizerFixture.parameter("dense");
        rms.step(List.of(p));
        assertTrue(Float.isNaN(p.data()[0]), "expected NaN, got " + p.data()[0]);
    }
}
